"""The second, person-level pass: place thin records against whole persons.

After clustering, a record that names a person by two parts only ("Ahmad Khalil, about 30, seen
in Saydnaya" — no father's name, no mother, no ID) often stays alone: its pair with any one
record of its person is weak, blocking may never have paired them (the testimony's age is two
or three years off the register's birth year, and nothing else is shared), and in Syrian usage
the second part of such a name is as often the father's name as the family name. This pass:

1. takes every *thin unit* — a cluster with no identifying record (three name parts, an ID or
   a mother's name) whose records have a given and a second name part — and finds candidate
   persons: clusters holding an identifying record with the same given-name key and the second
   part as their family or father key (or one letter apart from it, at most
   `person_scores.MAX_NEAR_PERSONS` of those), sex and birth years (within `clustering.BIRTH_YEAR_TOLERANCE`) not
   contradicting (a record that fits more than `person_scores.MAX_CANDIDATE_PERSONS` persons is
   scored against the best-supported of them, and the rest still count against the best);
2. scores each thin record against each record of a candidate with the run's trained model,
   twice: as written (second part = family name) and read as "given son of father" (second
   part = father's name, family unknown);
3. pools the evidence over the person's records — per compared field the best weight any of the
   person's records gives (the birth year from the register, the prison from a sighting) —
   adds the evidence of the sources (`add_source_evidence`: a list seldom names one person
   twice; learnt per source from the persons), mixes the two readings with a share learnt
   per source (`fit`), and adds the timeline's evidence (`with_timeline_evidence`: a unit's
   sighting dated before a person's first arrest, or long after it, is seldom that person's;
   per bin of years, learnt by EM; for a person with no arrest on record, from its first event);
4. normalises over the candidates plus "nobody here": P(person k) =
   λ·BF_k / ((1 − π) + λ·Σ_j BF_j), λ = π / (number of persons), where π, the share of thin
   units whose person is in the set at all, is estimated from the data by EM (no constant
   tuned to a benchmark);
5. attaches a unit only when one person is clearly best (P ≥ `ATTACH_PROBABILITY`, and at least
   `RIVAL_MARGIN_BITS` above the next namesake: two persons who both fit go to review) and the
   clustering's hard-fact guards accept every pair of records (sex, birth, given names, IDs; in a
   link-only run, one record per source and person). Otherwise the unit keeps its ranked
   candidates (the best `REVIEW_CANDIDATES`, however weak) for review.

Persons are never merged with each other here (no chaining: a unit joins at most one person).

What it cannot do: the per-field maximum over a person's records is optimistic for persons with
many records (each field gets several chances to agree); a thin unit whose given name is
misread while its name already fits `REVIEW_CANDIDATES` persons, or whose second part is more
than one letter off, is not a candidate of its person (`person_scores._pick_wider` looks wider
only for a record whose review queue has room); namesakes with the same evidence tie, and the
tenth place may cut through the tie; the timeline weighs the years from the first arrest only
(not a sighting after a verified death or a release)."""

# ruff: noqa: S608 — SQL here is built from our own table and column names.

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import cast

import numpy as np

from athar.linkage.clustering import FactChecker, NodeFacts

# A unit joins a person only when the person holds at least this posterior probability (over
# the candidates and "nobody"): more likely than every rival and "nobody" together. The run's
# threshold applies when it is higher. (On 10,000 synthetic records, 0.5 / 0.8 / 0.95 attached
# 98.7 / 98.8 / 98.8 % of thin records correctly and gave pairwise F1 0.977 / 0.972 / 0.961.)
ATTACH_PROBABILITY = 0.5
# A unit joins its best person only when that person is also at least this many bits (2^3 = 8
# times) likelier than the next namesake: two men who both fit a two-part name, one a little
# better (a testimony's "Ahmad Adnan" read as Ahmad son of Adnan for one, Ahmad al-Adnan for the
# other, split by no more than how often the source writes a father's name), go to review, not
# to the slightly better one. A wrong attachment joins the unit with every record of a person.
# (On 100,000 synthetic records, seeds 1 / 2, with `clustering.detach_reading_rivals`: 3 bits
# gave precision on identifying records 0.9897 / 0.9892 and pairwise F1 0.9670 / 0.9678; 4 bits
# 0.9908 / 0.9905 and 0.9654 / 0.9662; none 0.9860 / 0.9859 and 0.9692 / 0.9694, with 94.5 /
# 94.9 % of thin records left alone having their person among the candidates. Read from the
# candidates before that rule, 4 bits kept apart fewer right attachments per false pair removed
# than a higher `ATTACH_PROBABILITY`.)
RIVAL_MARGIN_BITS = 3.0
# Prior weight of the two readings of a two-part name (family name / father's name).
FATHER_READING_SHARE = 0.5
EM_ITERATIONS = 100
EM_TOLERANCE = 1e-5
# Candidates kept per unit for review, best first. No floor on the probability: a unit left
# alone keeps its best candidates whatever their share, so it is never silently dropped (on
# 100,000 synthetic records a floor of 0.01 left 100 thin records with no candidate at all,
# and the posteriors of weak candidates understate them: of units whose best candidate had
# P < 0.1, that candidate was the right person for 22 %).
REVIEW_CANDIDATES = 10
# Where EM starts m and u of the timeline's evidence (`with_timeline_evidence`).
TIMELINE_START = (0.1, 0.5)


@dataclass(frozen=True, slots=True)
class PooledScore:
    """Evidence for thin unit `unit` belonging to person `person` (cluster labels), in bits
    (log2 Bayes factor, the prior not included), for one reading of the two-part name."""

    unit: int
    person: int
    bits: float
    father_reading: bool = False


@dataclass(frozen=True, slots=True)
class Candidate:
    person: int
    probability: float
    bits: float


@dataclass
class PassResult:
    labels: list[int]
    attached: int
    refused: dict[str, int]
    candidates: dict[int, list[Candidate]]  # unit → ranked candidates (the first is the person of an attached unit)
    share_with_person: float  # π, estimated
    n_units: int = 0
    attached_units: frozenset[int] = frozenset()
    unit_members: dict[int, tuple[int, ...]] = field(default_factory=dict)  # records of each unit with candidates
    father_share: dict[str, float] = field(default_factory=dict)  # per source, from `fit`
    timeline: Timeline | None = None  # from `with_timeline_evidence`, years from the person's first arrest
    timeline_from_event: Timeline | None = None  # the same, from the first event of a person with no arrest
    single_part: dict[str, object] = field(default_factory=dict)  # `single_part.SinglePartResult.summary`


@dataclass
class Entries:
    """The (unit, person) entries of a run's pass as arrays, in the order they were first
    scored: a million-record run weighs millions, and a dict of them cost more than the
    arithmetic on them. `family` and `father`: the best bits of each reading (-inf for none),
    then each step's bits in `bits`."""

    units: np.ndarray
    persons: np.ndarray
    family: np.ndarray
    father: np.ndarray
    bits: np.ndarray | None = None

    @classmethod
    def of(cls, readings: Mapping[tuple[int, int], tuple[float, float]]) -> Entries:
        units, persons = _key_arrays(readings)
        count = len(readings)
        return cls(units, persons, np.fromiter((v[0] for v in readings.values()), dtype=np.float64, count=count),
                   np.fromiter((v[1] for v in readings.values()), dtype=np.float64, count=count))

def _readings(scores: Iterable[PooledScore]) -> dict[tuple[int, int], tuple[float, float]]:
    """(unit, person) → (bits read as family name, bits read as father's name); -inf for a
    reading blocking found no pair for. The best pair of a reading counts once."""
    # A plain loop without a call per score: a few hundred thousand scores at 100,000 records.
    # The keys keep the order of their first score (`decide` sums each unit's candidates in it).
    parts: dict[tuple[int, int], list[float]] = {}
    for s in scores:
        key = (s.unit, s.person)
        slot = parts.get(key)
        if slot is None:
            slot = parts[key] = [-math.inf, -math.inf]
        i = 1 if s.father_reading else 0
        if s.bits > slot[i]:
            slot[i] = s.bits
    # In place, not a second dict beside the first (millions of keys at a million records).
    readings = cast("dict[tuple[int, int], tuple[float, float]]", parts)
    for key, v in parts.items():
        readings[key] = (v[0], v[1])
    return readings


def _mix(family: float, father: float, father_share: float) -> float:
    return _log2_sum((math.log2(1 - father_share) + family if family > -math.inf else -math.inf,
                      math.log2(father_share) + father if father > -math.inf else -math.inf))


def mixed_bits(scores: Iterable[PooledScore], father_share: float = FATHER_READING_SHARE) -> dict[tuple[int, int], float]:
    """(unit, person) → log2 of the Bayes factor mixed over the two readings, each reading
    weighed by its share. A reading with no score (blocking found no pair for it) adds nothing."""
    return {key: _mix(a, b, father_share) for key, (a, b) in _readings(scores).items()}


def add_source_evidence(readings: dict[tuple[int, int], tuple[float, float]], members: Mapping[int, Sequence[int]],
                        source_of: Callable[[int], str]) -> None:
    """`readings` ((unit, person) → best bits of each reading, as `person_scores.pooled_scores`
    gives them), in place, with the evidence of the sources added: a list rarely names one
    person twice, so a person who already holds a record of the unit's source is less likely its
    person. Per
    source s, from the candidate persons themselves: q = the share of persons holding a record of
    s, r = the share of those holding two or more (Beta(1, 1) priors). For each record of the
    unit, a person holding a record of its source gets log2(r / q) bits, one without gets
    log2((1 − r) / (1 − q)): if the unit is the person's, the person holds another record of s
    as often as persons hold two; if not, as often as persons hold one. A source that lists
    people many times over (several witnesses' testimonies) learns r near q and weighs nothing.
    `members`: cluster label → record indexes; `source_of`: record index → source. In place: a
    million-record run has millions of pairs, and a score's best plus the evidence is the best of
    the scores plus it."""
    if not readings:
        return
    entries = Entries.of(readings)
    add_source_evidence_to(entries, members, source_of)
    readings.update(zip(list(readings), zip(entries.family.tolist(), entries.father.tolist(), strict=True),
                        strict=True))


def add_source_evidence_to(entries: Entries, members: Mapping[int, Sequence[int]],
                           source_of: Callable[[int], str]) -> None:
    """`add_source_evidence` on `entries`' two readings, in place."""
    if not len(entries.units):
        return
    extra = _source_extra(entries.units, entries.persons, members, source_of)
    entries.family += extra
    entries.father += extra


def _source_extra(units: np.ndarray, persons: np.ndarray, members: Mapping[int, Sequence[int]],
                  source_of: Callable[[int], str]) -> np.ndarray:
    """The sources' bits (`add_source_evidence`) of each (unit, person) entry, learnt from the
    entries' persons. Vectorised over the entries (9 million at a million records, where a call
    per entry took half a minute): per place in the unit's records, the weight of that record's
    source is added to every entry of a unit that has a record there, in the unit's record
    order, starting from 0 — the additions a loop per entry makes, in the same order, so the
    sums are the same to the bit."""
    candidates = np.unique(persons).tolist()
    codes: dict[str, int] = {}
    one: dict[int, int] = defaultdict(int)
    two: dict[int, int] = defaultdict(int)
    person_sources: list[tuple[int, dict[int, int]]] = []
    for person in candidates:
        counts: dict[int, int] = defaultdict(int)
        for i in members[person]:
            counts[codes.setdefault(source_of(i), len(codes))] += 1
        person_sources.append((person, counts))
        for source, n in counts.items():
            one[source] += 1
            two[source] += n >= 2
    unit_ids, inverse = np.unique(units, return_inverse=True)
    unit_codes = [[codes.setdefault(source_of(i), len(codes)) for i in members[int(u)]] for u in unit_ids.tolist()]
    n_sources, n = len(codes), len(candidates)
    # person * number of sources + source, for each source a person holds a record of
    held = [person * n_sources + source for person, counts in person_sources for source in counts]
    held_codes = np.unique(np.array(held, dtype=np.int64))
    present = np.zeros(n_sources)
    absent = np.zeros(n_sources)
    for source in range(n_sources):
        q = (one[source] + 1) / (n + 2)
        r = (two[source] + 1) / (one[source] + 2)
        present[source] = math.log2(r / q)
        absent[source] = math.log2((1 - r) / (1 - q))
    lengths = np.array([len(c) for c in unit_codes], dtype=np.int64)
    width = int(lengths.max()) if len(lengths) else 0
    table = np.full((len(unit_codes), width), -1, dtype=np.int64)
    for row, c in enumerate(unit_codes):
        table[row, :len(c)] = c
    extra = np.zeros(len(units), dtype=np.float64)
    for place in range(width):
        at = np.flatnonzero(lengths[inverse] > place)
        source = table[inverse[at], place]
        holds = np.isin(persons[at] * n_sources + source, held_codes)
        extra[at] += np.where(holds, present[source], absent[source])
    return extra


@dataclass(frozen=True)
class Fit:
    share: float  # π: share of thin units whose person is in the set
    father_share: dict[str, float]  # per source: share of its two-part names that are "given father"
    bits: dict[tuple[int, int], float]  # (unit, person) → mixed log2 Bayes factor


def fit(scores: Iterable[PooledScore], unit_source: Mapping[int, str], n_units: int, n_persons: int) -> Fit:
    """Estimate π and, per source, how often its two-part names are "given father" rather than
    "given family", by EM over the units' candidates: a list writes its names one way or the
    other, and real lists differ (a Beta(1, 1) prior keeps a small source near one half).
    `unit_source`: the source of each unit (of its first record)."""
    return fit_readings(_readings(scores), unit_source, n_units, n_persons)


def fit_readings(readings: dict[tuple[int, int], tuple[float, float]], unit_source: Mapping[int, str], n_units: int,
                 n_persons: int) -> Fit:
    """`fit` on readings ((unit, person) → best bits of each reading); the dict becomes the
    returned `Fit.bits` in place (a million-record run has millions of them)."""
    entries = Entries.of(readings)
    fitted = fit_entries(entries, unit_source, n_units, n_persons)
    if entries.bits is None:
        return fitted
    # The readings' dict becomes the bits' in place (a million-record run has millions of keys).
    bits = cast("dict[tuple[int, int], float]", readings)
    bits.update(zip(list(readings), entries.bits.tolist(), strict=True))
    return Fit(fitted.share, fitted.father_share, bits)


def fit_entries(entries: Entries, unit_source: Mapping[int, str], n_units: int, n_persons: int) -> Fit:
    """`fit_readings` on `entries`: sets `entries.bits` (None when there is nothing to fit) and
    returns the fit with no dict of bits."""
    sources = sorted(set(unit_source.values()))
    if not len(entries.units) or n_units <= 0 or n_persons <= 0:
        entries.bits = None
        return Fit(0.0, dict.fromkeys(sources, FATHER_READING_SHARE), {})
    index = {s: i for i, s in enumerate(sources)}
    units, persons, family_in, father_in = entries.units, entries.persons, entries.family, entries.father
    order = np.lexsort((persons, units))  # by unit, then person: as the keys sort
    unit_ids, inverse = np.unique(units, return_inverse=True)
    source_in = np.array([index[unit_source[int(u)]] for u in unit_ids], dtype=np.int64)[inverse]
    del unit_ids, inverse
    share, shares = _em(units[order], family_in[order], father_in[order], source_in[order], n_units, n_persons,
                        np.full(len(sources), FATHER_READING_SHARE), learn_father=True)
    father_share = {s: float(shares[i]) for s, i in index.items()}
    del order
    # `_mix` per entry with each source's two logarithms taken once (as `_mix` takes them):
    # an entry with one reading is that reading's term (its `_log2_sum` adds log2(1) = 0 to
    # it), added as arrays; an entry with both has `_log2_sum` of the two written out, in
    # Python floats, as before. The same values as a call per entry (a million-record run has
    # millions of entries, a minority with both readings).
    log_family = np.array([math.log2(1 - father_share[s]) for s in sources])[source_in]
    log_father = np.array([math.log2(father_share[s]) for s in sources])[source_in]
    del source_in
    as_family, as_father = family_in > -np.inf, father_in > -np.inf
    x = log_family + family_in
    y = log_father + father_in
    del log_family, log_father
    out = np.where(as_family, x, np.where(as_father, y, -np.inf))
    both = np.flatnonzero(as_family & as_father)
    log2 = math.log2
    mixed = []
    for xi, yi in zip(x[both].tolist(), y[both].tolist(), strict=True):
        top = xi if xi >= yi else yi
        mixed.append(top + log2(2.0 ** (xi - top) + 2.0 ** (yi - top)))
    out[both] = mixed
    entries.bits = out
    return Fit(share, father_share, {})


def _key_arrays(entries: Mapping[tuple[int, int], object]) -> tuple[np.ndarray, np.ndarray]:
    """The units and the persons of `entries`' keys, in the mapping's order."""
    count = len(entries)
    return (np.fromiter((k[0] for k in entries), dtype=np.int64, count=count),
            np.fromiter((k[1] for k in entries), dtype=np.int64, count=count))


def _log2_sum(values: Iterable[float]) -> float:
    finite = [v for v in values if v > -math.inf]
    if not finite:
        return -math.inf
    top = max(finite)
    return top + math.log2(sum(2.0 ** (v - top) for v in finite))


def estimate_share(bits: Mapping[tuple[int, int], float], n_units: int, n_persons: int) -> float:
    """π, the share of thin units whose person is among the `n_persons`, by EM over the units'
    candidates (units without any candidate count as "nobody here")."""
    if n_units <= 0 or n_persons <= 0 or not bits:
        return 0.0
    keys = sorted(bits)
    units = np.array([u for u, _p in keys], dtype=np.int64)
    family = np.array([bits[k] for k in keys], dtype=np.float64)
    share, _father = _em(units, family, np.full(len(keys), -np.inf), np.zeros(len(keys), dtype=np.int64),
                         n_units, n_persons, np.array([0.0]), learn_father=False)
    return share


def _em(units: np.ndarray, family: np.ndarray, father: np.ndarray, source: np.ndarray, n_units: int,
        n_persons: int, father_share: np.ndarray, *, learn_father: bool) -> tuple[float, np.ndarray]:
    """EM for π and (with `learn_father`) each source's father-reading share, vectorised over
    the (unit, person) entries, which must be sorted by unit: a Python loop took 100 s on the
    146,000 entries of 100,000 synthetic records.

    An entry with one reading mixes to that reading's term exactly (`np.logaddexp2` with -inf
    adds log2(1) = 0), and its responsibility of the father reading is exactly 0 or 1: only the
    entries with both readings (few) go through `np.logaddexp2` and the responsibility's
    formula, the others take their one reading's term — the same floats as mixing every entry,
    in half the time at a million records."""
    starts, counts = _group_bounds(units)
    has_family, has_father = family > -np.inf, father > -np.inf
    both = np.flatnonzero(has_family & has_father)
    only_father = np.flatnonzero(has_father & ~has_family)
    # Where the father's responsibility is not exactly 0 (family read) or 1 (father read): both
    # readings, or none (whose -inf - -inf the full formula makes NaN; kept as it was).
    weighed_apart = np.flatnonzero(has_family == has_father)
    share = 0.5
    father_share = father_share.copy()
    mixed, terms, scratch = np.empty(len(units)), np.empty(len(units)), np.empty(len(units))
    responsibility = has_father.astype(np.float64)
    with np.errstate(divide="ignore"):
        for _ in range(EM_ITERATIONS):
            log_f, log_g = np.log2(father_share), np.log2(1 - father_share)
            np.add(np.take(log_g, source), family, out=mixed)
            mixed[only_father] = np.take(log_f, source[only_father]) + father[only_father]
            mixed[both] = np.logaddexp2(np.take(log_g, source[both]) + family[both],
                                        np.take(log_f, source[both]) + father[both])
            np.add(mixed, math.log2(share / n_persons), out=terms)
            total = _log_normaliser(terms, starts, counts, (math.log2(1 - share),), scratch)
            post = np.exp2(np.subtract(terms, np.repeat(total, counts), out=scratch), out=scratch)
            new_share = min(max(float(post.sum()) / n_units, 1e-6), 1 - 1e-6)
            moved = abs(new_share - share)
            if learn_father:
                at = weighed_apart
                responsibility[at] = np.exp2(np.take(log_f, source[at]) + father[at] - mixed[at])
                weighed = np.bincount(source, weights=post, minlength=len(father_share))
                as_father = np.bincount(source, weights=post * responsibility, minlength=len(father_share))
                new_father = (as_father + 1.0) / (weighed + 2.0)
                moved = max(moved, float(np.abs(new_father - father_share).max()))
                father_share = new_father
            share = new_share
            if moved < EM_TOLERANCE:
                break
    return share, father_share


def _group_bounds(units: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The first index and the length of each run of equal values of `units` (sorted by unit)."""
    starts = np.flatnonzero(np.r_[True, units[1:] != units[:-1]])
    return starts, np.diff(np.r_[starts, len(units)])


def _log_normaliser(terms: np.ndarray, starts: np.ndarray, counts: np.ndarray,
                    outside: Sequence[np.ndarray | float], scratch: np.ndarray) -> np.ndarray:
    """Per group of `terms` (a unit's candidates): log2 of the sum of 2**term over the group and
    of 2**o for each of `outside` (weights beside the candidates: "nobody", the namesakes not
    scored; per group or one for all), from the largest of them. `scratch`, an array like
    `terms`, is overwritten. Each group's top is spread over its entries by `np.repeat`, not by
    indexing with a group number per entry, and written into `scratch`, not into new arrays: at a
    million records (9 million entries) indexing took five times as long, and each new array's
    first writing as long again."""
    top = np.maximum.reduceat(terms, starts)
    for other in outside:
        top = np.maximum(top, other)
    np.exp2(np.subtract(terms, np.repeat(top, counts), out=scratch), out=scratch)
    summed = np.add.reduceat(scratch, starts)
    for other in outside:
        summed = summed + np.exp2(other - top)
    return np.asarray(top + np.log2(summed), dtype=np.float64)


# The years from a candidate person's first arrest to the unit's event, in the bins whose
# rates the timeline's EM learns (`with_timeline_evidence`): before the arrest, the same year,
# one, two, three or four, five or more years after. A detainee's own sighting, register entry
# or death follows the arrest by how long people are held, which the data say and no constant
# does; a namesake's arrest is unrelated to the unit's event.
TIMELINE_BINS = ("before", "0", "1", "2", "3-4", "5+")


def timeline_bin(years: int) -> int:
    """The `TIMELINE_BINS` index of `years` from the person's first arrest to the unit's event."""
    if years < 0:
        return 0
    return min(years, 2) + 1 if years < 3 else (4 if years < 5 else 5)


@dataclass(frozen=True)
class Timeline:
    """The learnt weight of the years between a candidate person's first arrest and the unit's
    event (a sighting in 2013 of a man first arrested in 2015; one in 2024 of a man arrested in
    2012), per bin of `TIMELINE_BINS`: `m` and `u`, the share of (unit, person) entries in each
    bin when the unit is the person's and when it is not, and the bits they give. `pairs`: how
    many (unit, person) entries had both years."""

    m: tuple[float, ...]
    u: tuple[float, ...]
    pairs: int
    share: float  # π, re-estimated with the timeline's evidence

    def bits(self, years: int) -> float:
        b = timeline_bin(years)
        return math.log2(self.m[b] / self.u[b]) if self.pairs else 0.0

    def bits_by_bin(self) -> dict[str, float]:
        return {label: (math.log2(m / u) if self.pairs else 0.0)
                for label, m, u in zip(TIMELINE_BINS, self.m, self.u, strict=True)}


def _timeline_start() -> tuple[np.ndarray, np.ndarray]:
    """Where EM starts m and u: the unit's own person's arrest rarely after its event
    (`TIMELINE_START`), the rest spread evenly over the bins after it."""
    rest = len(TIMELINE_BINS) - 1
    m0, u0 = TIMELINE_START
    return (np.array([m0] + [(1 - m0) / rest] * rest), np.array([u0] + [(1 - u0) / rest] * rest))


def with_timeline_evidence(bits: Mapping[tuple[int, int], float], years: Mapping[tuple[int, int], int],
                           n_units: int, n_persons: int, *, share: float,
                           omitted: Mapping[int, int] | None = None) -> tuple[dict[tuple[int, int], float], Timeline]:
    """`bits` with the timeline's evidence added: a detained person is seen, transferred,
    released or dies after the arrest, and mostly within the years people are held, so a unit
    whose record (not itself an arrest) is dated before every arrest of a candidate person, or
    long after it, is less likely that person's. `years`: (unit, person) → the unit's earliest
    such event year minus the person's earliest arrest year; entries without both years are
    absent and get no evidence. m and u, per bin of `TIMELINE_BINS`, are learnt by EM from the
    data (Dirichlet(1) priors), with the posteriors over the candidates and "nobody"
    (`_posteriors`), π re-estimated on the way: no rate is assumed. On the synthetic data a
    testimony's own person was arrested in the year of the sighting or the year before in most
    cases, a namesake in any year."""
    n_bins = len(TIMELINE_BINS)
    if not bits or n_units <= 0 or n_persons <= 0:
        return dict(bits), Timeline((1.0,) * n_bins, (1.0,) * n_bins, 0, share)
    keys = list(bits)
    units_in, persons_in = _key_arrays(bits)
    base_in = np.fromiter(bits.values(), dtype=np.float64, count=len(keys))
    out, timeline = timeline_evidence(units_in, persons_in, base_in, years, n_units, n_persons, share=share,
                                      omitted=omitted)
    return dict(zip(keys, out.tolist(), strict=True)), timeline


def timeline_evidence(units_in: np.ndarray, persons_in: np.ndarray, base_in: np.ndarray,
                      years: Mapping[tuple[int, int], int], n_units: int, n_persons: int, *, share: float,
                      omitted: Mapping[int, int] | None = None) -> tuple[np.ndarray, Timeline]:
    """`with_timeline_evidence` on arrays: the entries' units, persons and bits (in any order;
    the result keeps it)."""
    n_bins = len(TIMELINE_BINS)
    if not len(units_in) or n_units <= 0 or n_persons <= 0:
        return base_in.copy(), Timeline((1.0,) * n_bins, (1.0,) * n_bins, 0, share)
    known_in, apart = _years_apart(years, units_in, persons_in)
    which_in = np.where(known_in, _timeline_bins(apart), 0)
    del apart
    # Sorted by unit, then person, for EM.
    order = np.lexsort((persons_in, units_in))
    units, base, known, which = units_in[order], base_in[order], known_in[order], which_in[order]
    del order
    starts, counts = _group_bounds(units)
    left_out = np.array([(omitted or {}).get(int(u), 0) for u in units[starts]], dtype=np.float64)
    # Started from the hypothesis weighed (a person's own events rarely come before the arrest),
    # so that EM does not settle on the mirror solution where the namesakes are the match class;
    # the data then set every rate.
    # The rates are learnt from the units whose every fitting person was scored: the persons a
    # common name's record was scored against were picked by facts that include the event's
    # year (`person_scores._SUPPORT`), and their bins would bias u.
    learn = np.flatnonzero(known & np.repeat(left_out == 0, counts))
    which_learnt = which[learn]
    # The prior of m and of u: `n_bins` pseudo-entries each, spread as all learnt entries spread
    # over the bins, so that a bin with few entries keeps near zero bits (with one pseudo-entry
    # per bin, a bin holding one non-matching entry got about log2(u's total / m's total) bits
    # in favour of the match: +2.3 bits with 5 units' own persons and 100 namesakes).
    pooled = (np.bincount(which_learnt, minlength=n_bins) + 1) / (len(learn) + n_bins)

    def _smoothed(per_bin: np.ndarray) -> np.ndarray:
        return np.asarray((per_bin + n_bins * pooled) / (per_bin.sum() + n_bins), dtype=np.float64)

    # An entry without both years adds nothing: its bin is an extra one that weighs 0.
    bin_or_none = np.where(known, which, n_bins)
    terms, added, scratch = np.empty(len(units)), np.empty(len(units)), np.empty(len(units))
    m, u = _timeline_start()
    with np.errstate(divide="ignore"):
        for _ in range(EM_ITERATIONS):
            np.take(np.r_[np.log2(m / u), 0.0], bin_or_none, out=added)
            np.add(base, math.log2(share / n_persons), out=terms)
            np.add(terms, added, out=terms)
            weakest = np.minimum.reduceat(terms, starts) + np.log2(np.maximum(left_out, 1e-300))
            weakest = np.where(left_out > 0, weakest, -np.inf)
            total = _log_normaliser(terms, starts, counts, (weakest, math.log2(1 - share)), scratch)
            post = np.exp2(np.subtract(terms, np.repeat(total, counts), out=scratch), out=scratch)
            learnt = post[learn]
            own = np.bincount(which_learnt, weights=learnt, minlength=n_bins)
            other = np.bincount(which_learnt, weights=1 - learnt, minlength=n_bins)
            new_m, new_u = _smoothed(own), _smoothed(other)
            share = min(max(float(post.sum()) / n_units, 1e-6), 1 - 1e-6)
            moved = max(float(np.abs(new_m - m).max()), float(np.abs(new_u - u).max()))
            m, u = new_m, new_u
            if moved < EM_TOLERANCE:
                break
    timeline = Timeline(tuple(float(v) for v in m), tuple(float(v) for v in u), int(known.sum()), share)
    del units, base, known, which, learn, starts, counts, left_out, terms, added, scratch
    weights = np.log2(m / u)
    return np.where(known_in, base_in + weights[which_in], base_in), timeline


def _timeline_bins(years: np.ndarray) -> np.ndarray:
    """`timeline_bin` of each of `years`."""
    return np.where(years < 0, 0, np.where(years < 3, np.minimum(years, 2) + 1, np.where(years < 5, 4, 5)))


def _years_apart(years: Mapping[tuple[int, int], int], units: np.ndarray,
                 persons: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Whether each (unit, person) is in `years`, and its years apart (0 where not): by the
    mapping's own `between` when it has one (`person_scores.YearsApart`, millions of pairs at a
    million records), else one look-up per pair."""
    between = getattr(years, "between", None)
    if between is not None:
        known, apart = between(units, persons)
        return np.asarray(known, dtype=bool), np.asarray(apart, dtype=np.int64)
    pairs = list(zip(units.tolist(), persons.tolist(), strict=True))
    known = np.array([k in years for k in pairs], dtype=bool)
    return known, np.array([years.get(k, 0) for k in pairs], dtype=np.int64)


def _posteriors(cands: Mapping[int, float], share: float, n_persons: int, omitted: int = 0) -> dict[int, float]:
    """`_posterior_list` keyed by candidate person."""
    return dict(zip(cands, _posterior_list(list(cands.values()), share, n_persons, omitted), strict=True))


def decide(bits: Mapping[tuple[int, int], float], labels: Sequence[int], units: Iterable[int], n_persons: int, *,
           members: Mapping[int, Sequence[int]], compatible: Callable[[Sequence[int], Sequence[int]], str | None],
           attach_probability: float = ATTACH_PROBABILITY, share: float | None = None,
           omitted: Mapping[int, int] | None = None) -> PassResult:
    """Attach each thin unit to its clearly best candidate person when the guards allow it.

    `members`: cluster label → record indexes; `compatible(unit_members, person_members)`: None
    when the records may be one person, else the reason; `share`: π (`fit`), else estimated
    here from `bits`; `omitted`: unit → candidate persons left unscored (see `_posteriors`)."""
    units = list(units)
    if share is None:
        share = estimate_share(bits, len(units), n_persons)
    unit_of, person_of = _key_arrays(bits)
    values = np.fromiter(bits.values(), dtype=np.float64, count=len(bits))
    return decide_entries(unit_of, person_of, values, labels, units, n_persons, members=members, compatible=compatible,
                          attach_probability=attach_probability, share=share, omitted=omitted)


def decide_entries(unit_of: np.ndarray, person_of: np.ndarray, bits: np.ndarray, labels: Sequence[int],
                   units: Iterable[int], n_persons: int, *, members: Mapping[int, Sequence[int]],
                   compatible: Callable[[Sequence[int], Sequence[int]], str | None],
                   attach_probability: float = ATTACH_PROBABILITY, share: float,
                   omitted: Mapping[int, int] | None = None) -> PassResult:
    """`decide` on the entries as arrays (each entry's unit, person and bits, in the order of
    scoring), with π given."""
    units = list(units)
    new_labels = list(labels)
    refused: dict[str, int] = defaultdict(int)
    candidates: dict[int, list[Candidate]] = {}
    attached: set[int] = set()
    for unit, persons, unit_bits, sizes in _unit_slices(unit_of, person_of, bits, members):
        post = _posterior_list(unit_bits, share, n_persons, (omitted or {}).get(unit, 0))
        # Namesakes with the same evidence tie; the one whose evidence came from fewer records
        # goes first: the per-field best over many records is the likelier to be chance (on
        # 100,000 synthetic records, at equal bits, a candidate with one record was the unit's
        # person up to half again as often as one with four).
        # The best `REVIEW_CANDIDATES` only, as the head of the full sort would give them (a
        # common name's unit weighs a few hundred persons at a million records).
        best_of = heapq.nsmallest(REVIEW_CANDIDATES, zip([-p for p in post], sizes, persons,
                                                          range(len(persons)), strict=True))
        ranked = [Candidate(k, -minus_p, unit_bits[at]) for minus_p, _n, k, at in best_of]
        best = ranked[0]
        if best.probability >= attach_probability:
            reason = "rival" if _rival_close(ranked) else compatible(members[unit], members[best.person])
            if reason is None:
                for i in members[unit]:
                    new_labels[i] = best.person
                attached.add(unit)
            else:
                refused[reason] += 1
        candidates[unit] = ranked[:REVIEW_CANDIDATES]
    return PassResult(new_labels, len(attached), dict(refused), candidates, share, len(units), frozenset(attached),
                      {unit: tuple(members[unit]) for unit in candidates})


def _unit_slices(units: np.ndarray, persons: np.ndarray, values: np.ndarray,
                 members: Mapping[int, Sequence[int]]) -> Iterator[tuple[int, list[int], list[float], list[int]]]:
    """Per unit, in ascending order: its candidate persons, their bits and their numbers of
    records, in the entries' order (so that the sums of `_posteriors` add in the order a dict
    per unit kept). Sorted once as arrays: a dict per unit cost seconds per million
    entries."""
    if not len(units):
        return
    order = np.argsort(units, kind="stable")
    units, persons, values = units[order], persons[order], values[order]
    del order
    distinct, inverse = np.unique(persons, return_inverse=True)
    sizes = np.array([len(members[k]) for k in distinct.tolist()], dtype=np.int64)[inverse]
    starts = np.flatnonzero(np.r_[True, units[1:] != units[:-1]])
    bounds = [*starts.tolist(), len(units)]
    # Python lists one unit at a time: all at once, millions of Python numbers at a million
    # records held hundreds of megabytes.
    for at, unit in enumerate(units[starts].tolist()):
        lo, hi = bounds[at], bounds[at + 1]
        yield unit, persons[lo:hi].tolist(), values[lo:hi].tolist(), sizes[lo:hi].tolist()


def _posterior_list(cands: Sequence[float], share: float, n_persons: int, omitted: int = 0) -> list[float]:
    """P(person k) for each candidate, given as a list of their bits (distinct persons), normalised
    over the candidates and "nobody", in log space (pooled weights reach 60 bits). `omitted`:
    namesakes that fitted the unit but were not scored (`person_scores.MAX_CANDIDATE_PERSONS`);
    each counts in the denominator as much as the weakest candidate that was, so leaving them out
    never makes the best look surer."""
    log_lambda = math.log2(share / n_persons)
    log_nobody = math.log2(1 - share)
    terms = [log_lambda + b for b in cands]
    extra = [log_lambda + min(cands) + math.log2(omitted)] if omitted > 0 and cands else []
    log_total = _log2_sum([log_nobody, *terms, *extra])
    return [2.0 ** (t - log_total) for t in terms]


def _rival_close(ranked: Sequence[Candidate]) -> bool:
    """Whether the runner-up person is within `RIVAL_MARGIN_BITS` of the best (the two share
    one prior, so the bits between them are the log-ratio of their probabilities)."""
    return len(ranked) > 1 and ranked[0].bits - ranked[1].bits < RIVAL_MARGIN_BITS


def guard(nodes: Sequence[NodeFacts], checker: FactChecker, *, one_per_source: bool = False,
          cannot_link: Iterable[tuple[int, int]] = ()) -> Callable[[Sequence[int], Sequence[int]], str | None]:
    """The clustering's hard-fact guards for a unit joining a person, checked on every pair of
    their records: a reviewer's cannot-link, then `FactChecker.pair` (IDs, birth, sex, given
    names, parents); with `one_per_source` (link-only runs) no two records of one source."""
    forbidden = {(min(a, b), max(a, b)) for a, b in cannot_link}

    def compatible(unit: Sequence[int], person: Sequence[int]) -> str | None:
        if one_per_source and {nodes[i].key[0] for i in unit} & {nodes[j].key[0] for j in person}:
            return "one_per_source"
        for i in unit:
            for j in person:
                if (min(i, j), max(i, j)) in forbidden:
                    return "cannot_link"
                reason = checker.pair(nodes[i], nodes[j])
                if reason:
                    return reason
        return None

    return compatible
