"""`search_persons`: rank the registry's persons by how well their records' names match a query.

1. Candidates: records sharing at least one search key with the query (`keys`), those sharing the
   rarest keys first (a key's weight is its inverse document frequency), at most `MAX_CANDIDATES`
   among the records the caller may read: the cap is applied after the visibility filter, so a user
   with few grants is not left with nothing when the best-keyed records are ones they cannot read.
   Only the rarest keys are looked up, within `POSTINGS_BUDGET` index entries: at a million records
   محمد alone is a quarter of the registry, and reading its entries was most of a search's time.
   Such a key still selects through the pair keys that hold it (محمد with the family name) and a
   query of common names alone still reads its rarest key. A search narrowed by filters reads every
   key (`narrow_candidates`). The pair key of the query's first and last part weighs double
   (`ENDS_PAIR_FACTOR`): it is all a list's "given family" entry shares with a four-part query.
   A query that is a record id or a national ID also finds that record exactly.
2. Scores: each candidate's names against the query (`scoring.score_names`), 0 to 1; below
   `MIN_SCORE` it is dropped.
3. Persons: records are grouped by the person they belong to (a record with no person stands
   alone); a person scores its best record; persons are ranked by score, ties by public id so that
   the order is stable. `limit` counts persons, and the result says when more persons matched.

The web person list and `athar search` both call this, so both show the same persons in the same
order (shared/spec/interchange.md, section 4)."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, FloatField, Q, QuerySet, Sum, Value, When

from athar.names.parse import written_order
from athar.registry.models import Record
from athar.search.index import refresh_index
from athar.search.keys import INDEXED_FIELDS, part_pair_keys, query_keys, query_parts
from athar.search.models import IndexedRecord, NameKey
from athar.search.scoring import score_many

# Records scored per search, rarest shared keys first. Scoring is most of a search's time (about
# 0.2 ms a record on one core); see docs/benchmarks/search-*.md for the speed and quality it buys.
MAX_CANDIDATES = 1500
MIN_SCORE = 0.6
EXACT_SCORE = 1.0


@dataclass(frozen=True)
class RecordHit:
    record_pk: int
    source: str
    record_id: str
    score: float


@dataclass(frozen=True)
class PersonHit:
    rank: int
    score: float
    person_pk: int | None  # None: a record not yet part of a person
    public_id: str | None
    records: tuple[RecordHit, ...]


@dataclass(frozen=True)
class SearchResult:
    hits: list[PersonHit]
    is_truncated: bool  # more persons matched than `limit`
    candidates: int  # records scored (for benchmarks; no personal data)


# How many records hold each key, per index size: a key's rarity weighs its share in picking
# candidates. Kept per process and recomputed when the index grows or shrinks.
_key_counts: dict[str, int] = {}
_key_counts_for: list[int] = [-1]


def key_counts(keys: set[str]) -> tuple[int, dict[str, int]]:
    """Records indexed, and how many hold each key."""
    total = IndexedRecord.objects.count()
    if _key_counts_for[0] != total:
        _key_counts.clear()
        _key_counts_for[0] = total
    missing = [k for k in keys if k not in _key_counts]
    if missing:
        counts = dict(NameKey.objects.filter(key__in=missing).values("key").annotate(n=Count("record_id"))
                      .values_list("key", "n"))
        _key_counts.update({k: counts.get(k, 0) for k in missing})
    return total, {k: _key_counts[k] for k in keys}


# Index entries the candidate query reads at most (one entry: one record holding one key). The
# query's cost grows with them (about 0.25 µs of CPU each, grouped and summed by SQLite); 100,000
# keep it near 30 ms. A registry of 100,000 records reads every key of most queries.
POSTINGS_BUDGET = 100_000


# The pair key of the query's first and last part (given and family name) weighs this many times
# its rarity. It is what the shortest list entry shares with a full name (Osama Al-Mohammad with
# اسامة عبدالله وليد المحمد: the single parts are common and not looked up), while a longer record
# sharing middle parts sums more keys: without it, at a million records, such short entries fell
# outside the candidates.
ENDS_PAIR_FACTOR = 2.0


def ends_pair_keys(query: str) -> set[str]:
    parts = query_parts(query)
    return part_pair_keys(parts[0], parts[-1]) if len(parts) >= 2 else set()


def lookup_keys(counts: dict[str, int]) -> set[str]:
    """The keys whose index entries the candidate query reads: the rarest first, as long as the
    entries read stay within `POSTINGS_BUDGET`, and always the rarest one (a query of common names
    alone still finds records). The keys left out are the common ones, which weigh least."""
    chosen: set[str] = set()
    read = 0
    for key in sorted(counts, key=lambda k: (counts[k], k)):
        if counts[key] == 0:
            continue
        if chosen and read + counts[key] > POSTINGS_BUDGET:
            break
        chosen.add(key)
        read += counts[key]
    return chosen


# Ranked candidates are read this many at a time when they must be filtered by what the caller may
# read (over-fetching until `MAX_CANDIDATES` readable ones are found).
_FETCH_CHUNK = 2000
# The first look at the ranking reads this many times `MAX_CANDIDATES` records, with a LIMIT.
_FIRST_WINDOW = 4


def _candidate_ids(query: str, within: QuerySet[Record] | None = None,
                   readable: QuerySet[Record] | None = None) -> list[int]:
    """Records sharing query keys, those sharing the rarest keys first (IDF-weighted), at most
    `MAX_CANDIDATES`. `within` narrows in SQL (a subquery: good for a narrow set); `readable`
    filters the ranked candidates chunk by chunk until the cap is reached (good for a broad set).
    Both give the same candidates in the same order: the rank depends on the keys alone."""
    keys = query_keys(query)
    if not keys:
        return []
    total, counts = key_counts(keys)
    # Narrowed in SQL (search filters: one facility, one year), every key is read: the filter keeps
    # few of a common key's records, and those few may share nothing else with the query.
    keys = lookup_keys(counts) if within is None else {k for k, n in counts.items() if n}
    if not keys:
        return []
    weights = {k: math.log(1 + total / (1 + counts[k])) for k in keys}
    for ends in ends_pair_keys(query) & weights.keys():
        weights[ends] *= ENDS_PAIR_FACTOR
    entries = NameKey.objects.filter(key__in=keys)
    if within is not None:
        entries = entries.filter(record_id__in=within.values("pk"))
    weight = Sum(Case(*(When(key=k, then=Value(w)) for k, w in sorted(weights.items())),
                      default=Value(0.0), output_field=FloatField()))
    ranked = entries.values("record_id").annotate(weight=weight).order_by("-weight", "record_id")
    ranked_ids = ranked.values_list("record_id", flat=True)
    if readable is None:
        return list(ranked_ids[:MAX_CANDIDATES])
    ids: list[int] = []

    def keep_readable(chunk: list[int]) -> None:
        allowed = set(readable.filter(pk__in=chunk).values_list("pk", flat=True))
        ids.extend(pk for pk in chunk if pk in allowed)

    # First a window of the best-ranked (a LIMIT: the database keeps only the best rows instead of
    # sorting every record that shares a common key), enough when a quarter of the registry is
    # readable; only a caller who may read less reads the whole ranking, chunk by chunk.
    window = list(ranked_ids[:_FIRST_WINDOW * MAX_CANDIDATES])
    for start in range(0, len(window), _FETCH_CHUNK):
        keep_readable(window[start:start + _FETCH_CHUNK])
        if len(ids) >= MAX_CANDIDATES:
            return ids[:MAX_CANDIDATES]
    if len(window) < _FIRST_WINDOW * MAX_CANDIDATES:
        return ids  # the window held every record sharing a key
    ids.clear()
    chunk: list[int] = []
    for pk in ranked_ids.iterator(chunk_size=_FETCH_CHUNK):
        chunk.append(pk)
        if len(chunk) == _FETCH_CHUNK:
            keep_readable(chunk)
            chunk = []
            if len(ids) >= MAX_CANDIDATES:
                break
    if chunk and len(ids) < MAX_CANDIDATES:
        keep_readable(chunk)
    return ids[:MAX_CANDIDATES]


def _exact_ids(query: str) -> set[int]:
    """Records whose id or national ID is the query: a caseworker pasting a reference finds it."""
    text = query.strip()
    if not text or " " in text:
        return set()
    return set(Record.objects.filter(Q(record_id=text) | Q(national_id=text)).values_list("pk", flat=True))


def _candidates(query: str, exact: set[int], records: QuerySet[Record] | None, narrow_candidates: bool) -> list[int]:
    within = records if narrow_candidates and records is not None else None
    readable = records if records is not None and within is None and records.query.where else None
    return list(dict.fromkeys([*sorted(exact), *_candidate_ids(query, within, readable)]))


def candidate_ids(query: str, *, records: QuerySet[Record] | None = None, narrow_candidates: bool = False) -> list[int]:
    """The records `search_persons` scores for these arguments, in the order it picks them (for
    benchmarks that ask whether a missed record was retrieved at all, or ranked too low)."""
    refresh_index()
    return _candidates(query, _exact_ids(query), records, narrow_candidates)


# A source writes full names family name first by habit when, among its candidates' full names
# (full name only, three parts or more), at least this many say so themselves (`written_order`) and
# more than `HABIT_RATIO` times as many as say the reverse. Most names say nothing (a family name
# without the article), so only the ones that speak are counted. Fewer decide nothing: each row is
# then read as it says.
MIN_ROWS_FOR_HABIT = 10
HABIT_RATIO = 4


def _family_first_sources(rows: list[dict[str, Any]]) -> frozenset[str]:
    """Sources whose candidates' full names are written family name first by habit: a register's
    `منصور أحمد محمد` (Ahmad son of Muhammad, of the Mansour family) says nothing by itself, but
    its neighbours `الجاسم ليلى محمد` do."""
    said: dict[str, Counter[str | None]] = defaultdict(Counter)
    for row in rows:
        if _full_name_only(row) and len(row["full_name"].split()) >= 3:
            said[row["source__name"]][written_order(row["full_name"])] += 1
    return frozenset(source for source, counts in said.items()
                     if counts["family"] >= MIN_ROWS_FOR_HABIT and counts["family"] > HABIT_RATIO * counts["given"])


def _full_name_only(row: dict[str, Any]) -> bool:
    return bool(row["full_name"]) and not any(row[f] for f in INDEXED_FIELDS[1:])


def score_rows(query: str, rows: list[dict[str, Any]], *, floor: float = 0.0) -> list[float]:
    """The score of each candidate row (its `INDEXED_FIELDS` and `source__name`), in order; a row
    with a full name only is read in its source's habit (`_family_first_sources`: the habit is
    learnt on such rows only). `floor` as in `scoring.score_many`."""
    habits = _family_first_sources(rows)

    def written(row: dict[str, Any]) -> tuple[tuple[str, ...], bool]:
        return tuple(row[f] or "" for f in INDEXED_FIELDS), row["source__name"] in habits and _full_name_only(row)

    # Namesakes and one person's many records share names: each distinct name is scored once, all
    # in one batch (scores below the floor are dropped, so the batch need not make them exact).
    distinct = list(dict.fromkeys(map(written, rows)))
    scores = dict(zip(distinct, score_many(query, [names for names, _ in distinct], floor=floor,
                                           family_first=[habit for _, habit in distinct]), strict=True))
    return [scores[written(row)] for row in rows]


def search_persons(query: str, *, limit: int = 10, min_score: float = MIN_SCORE,
                   records: QuerySet[Record] | None = None, narrow_candidates: bool = False) -> SearchResult:
    """The best `limit` persons for `query` (names in any script), best first. `records` limits the
    search to the records a user may read (athar.registry.access.visible_records); a person is then
    ranked and shown by its visible records only, and the `MAX_CANDIDATES` candidates are always
    picked among `records`. `narrow_candidates` only chooses how: in SQL (faster for a narrow
    `records`, such as search filters: one facility, one year) rather than by reading the ranked
    candidates in chunks and keeping the readable ones (faster for a broad `records`)."""
    if limit < 1:
        raise ValueError("limit must be at least 1")
    refresh_index()
    exact = _exact_ids(query)
    picked = _candidates(query, exact, records, narrow_candidates)
    base = records if records is not None else Record.objects.all()
    rows = list(base.filter(pk__in=picked)
                .values("pk", "record_id", "source__name", "person_id", "person__public_id", *INDEXED_FIELDS))
    groups: dict[tuple[str, int], list[RecordHit]] = defaultdict(list)
    public_ids: dict[tuple[str, int], str | None] = {}
    scores = score_rows(query, rows, floor=min_score)
    for row, name_score in zip(rows, scores, strict=True):
        score = EXACT_SCORE if row["pk"] in exact else name_score
        if score < min_score:
            continue
        group = ("person", row["person_id"]) if row["person_id"] is not None else ("record", row["pk"])
        groups[group].append(RecordHit(record_pk=row["pk"], source=row["source__name"],
                                       record_id=row["record_id"], score=round(score, 4)))
        public_ids[group] = row["person__public_id"]

    def order(group: tuple[str, int]) -> tuple[float, int, str, str]:
        best = max(h.score for h in groups[group])
        first = min((h.source, h.record_id) for h in groups[group])
        # Persons before loose records at equal score; then a stable, meaningful order.
        return (-best, 0 if group[0] == "person" else 1, public_ids[group] or "", "\x00".join(first))

    ranked = sorted(groups, key=order)
    hits = []
    for rank, group in enumerate(ranked[:limit], start=1):
        group_hits = tuple(sorted(groups[group], key=lambda h: (-h.score, h.source, h.record_id)))
        hits.append(PersonHit(rank=rank, score=group_hits[0].score,
                              person_pk=group[1] if group[0] == "person" else None,
                              public_id=public_ids[group], records=group_hits))
    return SearchResult(hits=hits, is_truncated=len(ranked) > limit, candidates=len(picked))
