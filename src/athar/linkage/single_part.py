"""Review candidates, and the clear links, for records that name a person by one part only.

A list that names someone by a given name or a family name alone ("نذيري", "Garo") gives the
pairwise model almost nothing: the name's weight is spread over every record that carries it,
fuller names included, so such a pair scores 0.01–0.35 however alone the two records are, and
the person pass (`person_pass`) needs a given name and a second part. Left there, such a record
would get no review candidate at all: silence. This step, run after the person pass, reasons
the way a reviewer would about two lists:

- a record's *candidates* are the records of the other lists that also name one part only,
  with the same key (`features`: the part's consonant key, across scripts), still alone after
  clustering, and not refused by the clustering's hard-fact guards (sex, birth years, given
  names that are not variants, a reviewer's cannot-link);
- one record per source per person: a record of list s has its person in list t with
  probability ρ(s→t), *learnt from the run* — the share of the persons holding an identifying
  record and a record of s that hold a record of t too (Beta(1, 1) prior) — and, its name being
  all it has, equally likely any of its B candidates in t; the candidate, in turn, is one of
  the A records of s that fit it with probability ρ(t→s). A pair can be no likelier than both
  sides allow: P(u, c) = min(ρ(s→t) / B, ρ(t→s) / A), the expected number of true pairs
  among the A × B spread over them;
- a pair is linked only when P reaches the pass's attach probability, which (ρ < 1) needs
  B = A = 1 — each the other's only fit, mutual best across the two lists — and the guards
  accept it; two records of one list fitting one of the other (2 × 1), or two and two, are a
  coin toss and go to review, ranked, with their probabilities;
- every such record with a candidate keeps its best `person_pass.REVIEW_CANDIDATES` for the
  review queue (candidates.csv), however weak: never silence.

What it cannot do: it does not look for the one-part record's person among *fuller* records
("محمد" against "محمد أحمد الحسن": the pairwise model scores those, and their pairs reach the
review band or not); a part misspelt beyond its key, or the same list naming a person twice,
are not candidates; the facts beyond the name weigh only as the guards' vetoes (no birth year
or place adds evidence here); ρ assumes a one-part record's person is listed elsewhere as
often as an identified person of its list is. A block of a very common part (more than
`MAX_BLOCK_PAIRS` pairs) counts every record of it as a competitor without checking the guards
(each pair is then weaker than it might be, never stronger)."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from athar.linkage.person_pass import REVIEW_CANDIDATES, Candidate

# Past this many record pairs in one block (a part's key, an ordered pair of sources) the
# guards are not checked for every pair when counting competitors: a name as common as محمد
# alone would cost the square of its count, and every pair of such a block is far below any
# link anyway (P ≤ ρ / B).
MAX_BLOCK_PAIRS = 20_000


@dataclass
class SinglePartResult:
    labels: list[int]
    attached_units: set[int] = field(default_factory=set)  # unit labels attached (their record joined the person)
    candidates: dict[int, list[Candidate]] = field(default_factory=dict)  # unit label → ranked candidates
    unit_members: dict[int, tuple[int, ...]] = field(default_factory=dict)
    refused: dict[str, int] = field(default_factory=dict)
    coverage: dict[str, float] = field(default_factory=dict)  # "s→t" → ρ
    records: int = 0  # one-part records still alone after clustering

    def summary(self) -> dict[str, object]:
        """run.json's account (counts and learnt shares only)."""
        return {"records": self.records, "with_candidates": len(self.candidates),
                "attached": len(self.attached_units), "refused": dict(self.refused),
                "coverage": {k: round(v, 4) for k, v in sorted(self.coverage.items())}}


def coverage(labels: np.ndarray, source_codes: np.ndarray, source_names: Sequence[str],
             identifying: np.ndarray) -> dict[tuple[str, str], float]:
    """ρ(s→t) for every two sources: of the clusters holding an identifying record and a record
    of s, the share that hold a record of t too ((k + 1) / (n + 2)). Arrays indexed by record:
    cluster label, source (an index into `source_names`), identifying; vectorised (a Python loop
    took 9 s over a million records; this, 0.4 s)."""
    values, person = np.unique(labels, return_inverse=True)  # labels as 0..k-1
    is_person = np.zeros(len(values), dtype=bool)
    is_person[person[identifying]] = True
    keep = is_person[person]
    held = np.zeros((len(values), len(source_names)), dtype=np.float64)
    held[person[keep], source_codes[keep]] = 1.0
    both = held.T @ held  # [s, t]: persons holding a record of s and one of t; [s, s]: of s
    return {(s, t): float((both[i, j] + 1) / (both[i, i] + 2)) for i, s in enumerate(source_names)
            for j, t in enumerate(source_names) if i != j}


def pair_single_parts(labels: Sequence[int], part_key: Mapping[int, str], source_of: Callable[[int], str], *,
                      coverage_of: Callable[[], Mapping[tuple[str, str], float]],
                      compatible: Callable[[Sequence[int], Sequence[int]], str | None],
                      attach_probability: float) -> SinglePartResult:
    """Candidates and clear links for the one-part records still alone (module docstring).

    `part_key`: record → the key of its only name part, for the records named by one part that
    do not identify a person (an ID, a mother's name); `source_of`: record → its source;
    `coverage_of()`: ρ per ordered pair of sources (`coverage`), asked only when two lists share
    a part; `compatible(unit_records, person_records)`: None when they may be one person
    (`person_pass.guard`). Labels are cluster labels indexed by record."""
    wanted = {labels[i] for i in part_key}
    size: dict[int, int] = defaultdict(int)
    for label in labels:
        if label in wanted:
            size[label] += 1
    alone = sorted(i for i in part_key if size[labels[i]] == 1)
    result = SinglePartResult(list(labels), records=len(alone))
    if not alone:
        return result
    blocks: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for i in alone:
        blocks[part_key[i]][source_of(i)].append(i)
    if all(len(by_source) < 2 for by_source in blocks.values()):
        return result  # no part is shared by two lists (nothing to learn ρ for)
    rho = coverage_of()
    result.coverage = {f"{s}→{t}": rho[(s, t)] for by_source in blocks.values() if len(by_source) > 1
                       for s in by_source for t in by_source if s != t}
    # (record, candidate) → P; the fits of every record, found once per ordered pair of sources.
    scored: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for by_source in blocks.values():
        if len(by_source) < 2:
            continue
        for s, units in by_source.items():
            for t, cands in by_source.items():
                if s == t:
                    continue
                _score_block(units, cands, rho[(s, t)], rho[(t, s)], compatible, scored)
    joined: set[int] = set()
    refused: dict[str, int] = defaultdict(int)
    # The clear pairs, surest first; each record joins once (no chain through a record).
    sure = sorted((-p, min(i, c), max(i, c)) for i, fits in scored.items() for p, c in fits if p >= attach_probability)
    person_of: dict[int, int] = {}  # the unit's record → the record it joined
    for _p, a, b in sure:
        if a in joined or b in joined:
            continue
        unit, person = (b, a) if source_of(b) > source_of(a) else (a, b)
        reason = compatible([unit], [person])
        if reason is not None:
            refused[reason] += 1
            continue
        joined.update((a, b))
        person_of[unit] = person
    new_labels = result.labels
    for unit, person in person_of.items():
        new_labels[unit] = labels[person]
    persons = set(person_of.values())
    for i, fits in scored.items():
        if i in persons:
            continue  # it holds the record that joined it: no longer alone
        ranked = sorted(fits, key=lambda f: (-f[0], f[1]))
        out: list[Candidate] = []
        seen: set[int] = set()
        for p, c in ranked:
            label = new_labels[c]  # a candidate that joined another record is named by its person
            if label in seen:
                continue
            seen.add(label)
            out.append(Candidate(label, p, _log_odds(p)))
            if len(out) == REVIEW_CANDIDATES:
                break
        if i in person_of:  # the person joined first, as the person pass lists an attached unit's
            out.sort(key=lambda c: c.person != labels[person_of[i]])
            result.attached_units.add(labels[i])
        unit_label = labels[i]
        result.candidates[unit_label] = out
        result.unit_members[unit_label] = (i,)
    result.refused = dict(refused)
    return result


def _score_block(units: Sequence[int], cands: Sequence[int], rho_st: float, rho_ts: float,
                 compatible: Callable[[Sequence[int], Sequence[int]], str | None],
                 scored: dict[int, list[tuple[float, int]]]) -> None:
    """P(u, c) = min(ρ(s→t) / B_u, ρ(t→s) / A_c) for the units of source s against the
    candidates of t in one block, B_u and A_c counted over the pairs the guards accept (every
    pair, unchecked, in a block past `MAX_BLOCK_PAIRS`). Only the `REVIEW_CANDIDATES` a unit
    lists are kept: in a big block every pair weighs the same."""
    if len(units) * len(cands) <= MAX_BLOCK_PAIRS:
        fits = {u: [c for c in cands if compatible([u], [c]) is None] for u in units}
        competing: dict[int, int] = defaultdict(int)
        for found in fits.values():
            for c in found:
                competing[c] += 1
        for u, found in fits.items():
            for c in found:
                scored[u].append((min(rho_st / len(found), rho_ts / competing[c]), c))
        return
    p = min(rho_st / len(cands), rho_ts / len(units))
    for u in units:
        listed = 0
        for c in cands:
            if compatible([u], [c]) is None:
                scored[u].append((p, c))
                listed += 1
                if listed == REVIEW_CANDIDATES:
                    break


def _log_odds(p: float) -> float:
    """The candidate's `bits`: the log2 odds of its probability (no pooled evidence here)."""
    return math.log2(p / (1 - p)) if 0 < p < 1 else (math.inf if p >= 1 else -math.inf)
