"""Rank the registry's persons for tracing requests with the linker's incremental path.

Each request is a records-CSV row (what the family told us). The rows go through
`athar.linkage.IncrementalMatcher` against the run that built the registry (`athar resolve`): only
request × registry and request × request pairs are scored, with the run's saved model, never
retrained. A registry record's person comes from `person_of` (the registry's current person for
that record, or a run's cluster in the benchmark), and each person is ranked by the best
probability of any of its records; that record is named as the evidence.

Pure Python (no Django): the web service, `athar trace match` and the benchmark share it.

What it cannot do: find a person whose records are not in the run (records imported after the
last `athar resolve` have no person yet and are not scored); it ranks, it never decides: a
candidate is something for a caseworker to check, not an answer to give a family."""

from __future__ import annotations

import csv
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from athar.interchange import RecordRow
from athar.linkage import IncrementalMatcher

Key = tuple[str, str]
PersonOf = Callable[[Key], "str | None"]
Pair = tuple[Key, Key, float, str]  # left, right, match probability, compact explanation


@dataclass(frozen=True, slots=True)
class RankedCandidate:
    request: Key
    rank: int
    person_id: str
    source: str
    record_id: str
    match_probability: float
    explanation: str  # the linker's compact explanation (English labels), see athar.linkage.wording


@dataclass
class RankingResult:
    candidates: dict[Key, list[RankedCandidate]] = field(default_factory=dict)
    # Request pairs that look like one person asked about twice: (a, b, probability), a < b.
    related_requests: list[tuple[Key, Key, float]] = field(default_factory=list)


def _read_pairs(pairs_csv: Path) -> list[Pair]:
    with pairs_csv.open(encoding="utf-8", newline="") as handle:
        return [((r["source_l"], r["record_id_l"]), (r["source_r"], r["record_id_r"]),
                 float(r["match_probability"]), r.get("explanation") or "")
                for r in csv.DictReader(handle)]


def rank_pairs(pairs: Sequence[Pair], requests: set[Key], person_of: PersonOf,
               top: int) -> RankingResult:
    """Candidates per request from scored pairs: the `top` persons by their best record's probability
    (ties broken by person id, so the order is stable), and request × request pairs."""
    best: dict[Key, dict[str, tuple[float, Key, str]]] = {}
    result = RankingResult()
    for left, right, probability, explanation in pairs:
        if left in requests and right in requests:
            a, b = sorted((left, right))
            result.related_requests.append((a, b, probability))
            continue
        if left in requests:
            request, record = left, right
        elif right in requests:
            request, record = right, left
        else:
            continue
        person = person_of(record)
        if person is None:
            continue
        held = best.setdefault(request, {}).get(person)
        if held is None or (probability, record) > (held[0], held[1]):
            best[request][person] = (probability, record, explanation)
    for request, persons in best.items():
        ordered = sorted(persons.items(), key=lambda item: (-item[1][0], item[0]))[:top]
        result.candidates[request] = [
            RankedCandidate(request=request, rank=i, person_id=person, source=record[0], record_id=record[1],
                            match_probability=probability, explanation=explanation)
            for i, (person, (probability, record, explanation)) in enumerate(ordered, start=1)]
    result.related_requests.sort(key=lambda t: (-t[2], t[0], t[1]))
    return result


def score_requests(matcher: IncrementalMatcher, rows: Sequence[RecordRow], *,
                   work_parent: Path | None = None) -> list[Pair]:
    """Score `rows` (the requests) against the matcher's run: request × registry and request ×
    request pairs at probability ≥ 0.01. The matcher's working files (which hold names) go to a
    private temporary directory under `work_parent` and are deleted before returning."""
    if not rows:
        return []
    if work_parent is not None:
        work_parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    work = Path(tempfile.mkdtemp(prefix="athar-trace-", dir=work_parent))
    try:
        matcher.match(rows, work)
        return _read_pairs(work / "pairs.csv")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def rank_requests(matcher: IncrementalMatcher, rows: Sequence[RecordRow], person_of: PersonOf, *,
                  top: int = 5, work_parent: Path | None = None) -> RankingResult:
    """Score `rows` against the matcher's run and rank persons for each (`score_requests` + `rank_pairs`)."""
    if top < 1:
        raise ValueError("top must be at least 1")
    pairs = score_requests(matcher, rows, work_parent=work_parent)
    return rank_pairs(pairs, {r.key for r in rows}, person_of, top)


def record_keys(pairs: Sequence[Pair], requests: set[Key]) -> set[Key]:
    """The registry records named in `pairs` (to look their persons up in one query)."""
    return {k for left, right, _p, _e in pairs for k in (left, right) if k not in requests}
