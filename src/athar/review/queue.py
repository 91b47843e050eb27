"""Building the review queue from a linker run, and handing the judgements back to the next run.

`athar resolve` calls `judgement_labels()` before linking (the labels the linker clusters and
trains with) and `sync_queue()` after the run has been applied to the registry. The queue gets:
- every scored pair whose probability lies in the review band [low, high): the linker's own
  uncertainty;
- every pair scored at or above `high` of a record whose such pairs reach two records that are
  not surely one person (scored below `high`, or put in two persons by the run): a thin record
  (a name and little else) that fits several persons, where putting it with either — or
  chaining both through it — is a guess however high the scores;
- for every thin record the linker's person pass weighed and left alone (candidates.csv), each
  of its candidate persons (up to ten, ranked by the pass): the thin record paired with the
  candidate's record the linker scored highest against it, at the person-level probability.
  "Same person" on such a pair puts the thin record with that person at the next run.
A pair already in the queue is updated; a pair the run no longer proposes stays, marked not
current (with its judgements). Written with the command line's rights (`actor=None`)."""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.db.models import Exists, OuterRef

from athar.audit.models import Action
from athar.audit.services import record_event
from athar.interchange import restore_cell
from athar.linkage import Judgement as LabelJudgement
from athar.linkage import Label
from athar.linkage.pipeline import CANDIDATES_FILE, CLUSTERS_FILE
from athar.registry.models import Record
from athar.review.models import CandidateKind, CandidatePair, Judgement

DEFAULT_BAND = (0.2, 0.9)
Key = tuple[str, str]


@dataclass
class QueueReport:
    """Counts only: safe to print or log."""

    in_band: int = 0
    ambiguous: int = 0
    person_candidates: int = 0
    created: int = 0
    updated: int = 0
    retired: int = 0
    pending: int = 0


@dataclass(frozen=True)
class ScoredPair:
    left: Key
    right: Key
    probability: float
    weight: float | None
    explanation: str


def read_scored_pairs(pairs_csv: Path, low: float) -> list[ScoredPair]:
    """The pairs of a run's pairs.csv scored at least `low` (the rest can never enter the queue)."""
    out = []
    with pairs_csv.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            p = float(row["match_probability"])
            if p < low:
                continue
            weight = float(row["match_weight"]) if row.get("match_weight") not in (None, "") else None
            # Keys are written neutralised against spreadsheet formulas (athar.interchange): restore them.
            left = (restore_cell(row["source_l"]), restore_cell(row["record_id_l"]))
            right = (restore_cell(row["source_r"]), restore_cell(row["record_id_r"]))
            out.append(ScoredPair(left, right, p, weight, restore_cell(row.get("explanation") or "")[:1000]))
    return out


def read_person_candidates(candidates_csv: Path, clusters_csv: Path, pairs_csv: Path) -> list[ScoredPair]:
    """The person pass's candidates for the thin records it left alone (candidates.csv,
    athar.linkage.pipeline: records none of whose rows says `attached`), as record pairs: the thin record and, of the candidate
    person's records (clusters.csv), the one scored highest against it in pairs.csv, with that
    pair's explanation; the person's first record by key when the linker scored none. The
    probability is the pass's, pooled over the person's records."""
    if not candidates_csv.is_file():
        return []
    rows_of: dict[Key, list[tuple[str, float]]] = defaultdict(list)
    attached: set[Key] = set()
    with candidates_csv.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            key = (restore_cell(row["source"]), restore_cell(row["record_id"]))
            rows_of[key].append((restore_cell(row["cluster_id"]), float(row["probability"])))
            if row["decision"] == "attached":
                attached.add(key)  # the pass placed it: its other candidates are no question
    wanted = [(key, cluster, p) for key, rows in rows_of.items() if key not in attached for cluster, p in rows]
    if not wanted:
        return []
    persons = {cluster for _, cluster, _ in wanted}
    members: dict[str, list[Key]] = defaultdict(list)
    with clusters_csv.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            cluster = restore_cell(row["cluster_id"])
            if cluster in persons:
                members[cluster].append((restore_cell(row["source"]), restore_cell(row["record_id"])))
    thin = {key for key, _, _ in wanted}
    scored: dict[tuple[Key, Key], tuple[float, float | None, str]] = {}
    with pairs_csv.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            left = (restore_cell(row["source_l"]), restore_cell(row["record_id_l"]))
            right = (restore_cell(row["source_r"]), restore_cell(row["record_id_r"]))
            if left in thin or right in thin:
                weight = float(row["match_weight"]) if row.get("match_weight") not in (None, "") else None
                scored[_ordered(left, right)] = (float(row["match_probability"]), weight,
                                                 restore_cell(row.get("explanation") or "")[:1000])
    out = []
    for key, cluster, probability in wanted:
        others = sorted(k for k in members.get(cluster, ()) if k != key)
        if not others:
            continue
        best = max(others, key=lambda k: scored.get(_ordered(key, k), (-1.0, None, ""))[0])
        _, weight, explanation = scored.get(_ordered(key, best), (0.0, None, ""))
        out.append(ScoredPair(key, best, probability, weight, explanation))
    return out


def select_candidates(pairs: Iterable[ScoredPair], band: tuple[float, float],
                      person_of: Mapping[Key, int | None] | None = None) -> dict[tuple[Key, Key], tuple[ScoredPair, str]]:
    """The pairs for review and why (band or ambiguous). `person_of` gives each record's person
    after the run (two partners on different persons are not surely one person)."""
    low, high = band
    pairs = [p for p in pairs if p.probability >= low]
    chosen: dict[tuple[Key, Key], tuple[ScoredPair, str]] = {}
    for pair in pairs:
        if pair.probability < high:
            chosen[_ordered(pair.left, pair.right)] = (pair, CandidateKind.BAND)
    # A record whose sure pairs (at or above the band) reach two records that are not surely one
    # person — their own pair scored below the band's top, or the run put them in two persons —
    # fits several persons: it is the bridge that chains two people into one, or a guess between
    # them. Its sure pairs go to a person as well. Two partners the blocking never paired, on one
    # person, are no sign of doubt.
    strong = [p for p in pairs if p.probability >= high]
    doubtful = {_ordered(p.left, p.right) for p in pairs if p.probability < high}
    partners: dict[Key, set[Key]] = defaultdict(set)
    for pair in strong:
        partners[pair.left].add(pair.right)
        partners[pair.right].add(pair.left)
    persons = person_of or {}
    ambiguous = {key for key, near in partners.items() if _fits_several(sorted(near), doubtful, persons)}
    for pair in strong:
        if pair.left in ambiguous or pair.right in ambiguous:
            chosen[_ordered(pair.left, pair.right)] = (pair, CandidateKind.AMBIGUOUS)
    return chosen


def _fits_several(near: list[Key], doubtful: set[tuple[Key, Key]], person_of: Mapping[Key, int | None],
                  cap: int = 40) -> bool:
    """Two of `near` are not surely the same person. Past `cap` partners a record fits a crowd:
    flagged without comparing every two."""
    if len(near) > cap:
        return True
    return any(_ordered(a, b) in doubtful or person_of.get(a) != person_of.get(b)
               for i, a in enumerate(near) for b in near[i + 1:])


def _ordered(a: Key, b: Key) -> tuple[Key, Key]:
    return (a, b) if a <= b else (b, a)


def record_index(keys: Iterable[Key]) -> dict[Key, tuple[int, int | None]]:
    """(source, record_id) -> (record pk, current person) for the registry records among `keys`."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for source, record_id in keys:
        wanted[source].add(record_id)
    index: dict[Key, tuple[int, int | None]] = {}
    for source, record_ids in wanted.items():
        ids = sorted(record_ids)
        for start in range(0, len(ids), 500):
            for pk, rid, person in Record.objects.filter(source__name=source, record_id__in=ids[start:start + 500]) \
                    .values_list("id", "record_id", "person_id"):
                index[(source, rid)] = (pk, person)
    return index


@transaction.atomic
def sync_queue(pairs_csv: Path, *, run_id: str, band: tuple[float, float] = DEFAULT_BAND) -> QueueReport:
    """Put the run's uncertain pairs in the review queue (see the module docstring). The run's
    candidates.csv and clusters.csv are read from beside `pairs_csv` when they are there."""
    low, high = band
    if not 0.0 <= low < high <= 1.0:
        raise ValueError("the review band must be 0 <= low < high <= 1")
    scored = read_scored_pairs(pairs_csv, low)
    clusters_csv = pairs_csv.with_name(CLUSTERS_FILE)
    person_pairs = (read_person_candidates(pairs_csv.with_name(CANDIDATES_FILE), clusters_csv, pairs_csv)
                    if clusters_csv.is_file() else [])
    index = record_index({k for p in [*scored, *person_pairs] for k in (p.left, p.right)})
    chosen = select_candidates(scored, band, {key: person for key, (_, person) in index.items()})
    for pair in person_pairs:
        # A pair the run already doubts for itself keeps that reason.
        chosen.setdefault(_ordered(pair.left, pair.right), (pair, CandidateKind.PERSON))
    report = QueueReport()
    existing = {(p.left_id, p.right_id): p for p in CandidatePair.objects.all()}
    seen: set[int] = set()
    to_create = []
    for (a, b), (pair, kind) in chosen.items():
        if a not in index or b not in index:
            continue  # a key the registry does not hold (never created here)
        left, right = sorted((index[a][0], index[b][0]))
        if kind == CandidateKind.BAND:
            report.in_band += 1
        elif kind == CandidateKind.AMBIGUOUS:
            report.ambiguous += 1
        else:
            report.person_candidates += 1
        found = existing.get((left, right))
        if found is None:
            to_create.append(CandidatePair(left_id=left, right_id=right, kind=kind, run_id=run_id,
                                           match_probability=pair.probability, match_weight=pair.weight,
                                           explanation=pair.explanation))
            continue
        found.kind, found.run_id, found.is_current = kind, run_id, True
        found.match_probability, found.match_weight, found.explanation = pair.probability, pair.weight, \
            pair.explanation
        found.save(update_fields=["kind", "run_id", "is_current", "match_probability", "match_weight",
                                  "explanation", "last_seen_at"])
        seen.add(found.pk)
        report.updated += 1
    CandidatePair.objects.bulk_create(to_create, batch_size=1000)
    report.created = len(to_create)
    stale = [p.pk for p in existing.values() if p.is_current and p.pk not in seen]
    report.retired = CandidatePair.objects.filter(pk__in=stale).update(is_current=False)
    open_judgements = Judgement.objects.filter(pair=OuterRef("pk"), ended_at__isnull=True)
    report.pending = CandidatePair.objects.filter(is_current=True).filter(~Exists(open_judgements)).count()
    record_event(actor=None, action=Action.REVIEW, target_type="review_queue", target_id=run_id,
                 details={"created": report.created, "updated": report.updated, "retired": report.retired,
                          "in_band": report.in_band, "ambiguous": report.ambiguous,
                          "person_candidates": report.person_candidates,
                          "band": [low, high]})
    return report


def judgement_labels() -> list[Label]:
    """The open judgements as labels for the linker, keyed by (source, record_id)."""
    labels = []
    for verdict, ls, lr, rs, rr in Judgement.objects.filter(ended_at__isnull=True).order_by("created_at", "id") \
            .values_list("verdict", "pair__left__source__name", "pair__left__record_id",
                         "pair__right__source__name", "pair__right__record_id"):
        labels.append(Label((ls, lr), (rs, rr), LabelJudgement(verdict)))
    return labels
