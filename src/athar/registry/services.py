"""Every write to the registry. Views, CLI commands, the import pipeline and the demo call these
functions; nothing else saves registry models.

Each service is atomic and takes the acting user as a keyword-only `actor` where a person acts (None
for the command line and for automatic runs). Nothing is overwritten silently: re-linking ends a
`PersonRecordLink` and opens a new one; a contradicting fate claim is a new row.

Public API (signatures are relied on by athar.imports, athar.web and `athar demo`):
- `get_or_create_sources(names, *, kind, actor=None) -> dict[str, Source]`
- `add_records(rows, *, sources, batch=None, resolver=None) -> list[Record]`
- `derive_events_and_claims(record) -> tuple[Event | None, FateClaim | None]`
- `apply_clusters(clusters, *, run_id, probabilities=None, actor=None) -> ClusterReport`"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.db import connection, transaction
from django.db.models import Model, OuterRef, Subquery
from django.utils import timezone

from athar.interchange import RecordRow
from athar.names import canonical_tokens
from athar.registry.models import (
    Event,
    EventType,
    Fate,
    FateClaim,
    ImportBatch,
    LinkMethod,
    Person,
    PersonRecordLink,
    Place,
    Record,
    Source,
    SourceKind,
)
from athar.registry.places import PlaceResolver

# Rows per INSERT/UPDATE: well under SQLite's 32,766 bound variables for ~25 columns, and big enough
# that 100k records take a few dozen statements.
BATCH_SIZE = 1000

# Which fate an event type claims. Missing reports, testimonies and "other" claim nothing by
# themselves: a testimony's content is read by a caseworker, not guessed from its type.
FATE_OF_EVENT: Mapping[str, str] = {
    EventType.DEATH_CERTIFICATE: Fate.DECEASED,
    EventType.DEATH_REPORT: Fate.DECEASED,
    EventType.DETENTION_SIGHTING: Fate.DETAINED,
    EventType.ARREST: Fate.DETAINED,
    EventType.TRANSFER: Fate.DETAINED,
    EventType.TRIAL: Fate.DETAINED,
    EventType.RELEASE: Fate.RELEASED,
}

_TEXT_FIELDS = (
    "full_name", "first_name", "father_name", "grandfather_name", "family_name", "mother_name",
    "mother_family_name", "birth_place", "national_id", "governorate", "event_place",
)


def _chunks(items: Sequence[Any], size: int = BATCH_SIZE) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _set_column(model: type[Model], column: str, values: Iterable[tuple[Any, int]]) -> None:
    """UPDATE one column row by row (value, pk) with executemany. Django's bulk_update builds a CASE
    over the whole batch, which SQLite evaluates per row: quadratic, minutes for 100k rows."""
    quote = connection.ops.quote_name
    sql = (f"UPDATE {quote(model._meta.db_table)} SET {quote(column)} = %s "  # noqa: S608 — names from the model
           f"WHERE {quote(model._meta.pk.column)} = %s")
    with connection.cursor() as cursor:
        cursor.executemany(sql, list(values))


def place_resolver() -> PlaceResolver:
    """A resolver over the places currently in the database."""
    return PlaceResolver(Place.objects.values_list("id", flat=True))


@transaction.atomic
def get_or_create_sources(names: Iterable[str], *, kind: str = SourceKind.OTHER,
                          actor: Any = None) -> dict[str, Source]:
    """The Sources with these names, creating missing ones with `kind` (existing ones keep theirs)."""
    wanted = set(names)
    sources = {s.name: s for s in Source.objects.filter(name__in=wanted)}
    missing = [Source(name=name, kind=kind) for name in sorted(wanted - sources.keys())]
    for source in Source.objects.bulk_create(missing):
        sources[source.name] = source
    # bulk_create on backends that do not return ids would leave pk None: reload to be safe.
    if any(s.pk is None for s in sources.values()):
        sources = {s.name: s for s in Source.objects.filter(name__in=wanted)}
    return sources


def _record_from_row(row: RecordRow, source: Source, batch: ImportBatch | None,
                     resolver: PlaceResolver) -> Record:
    record = Record(
        source=source,
        record_id=row.record_id,
        raw=dict(row.raw),
        sex=row.sex.value if row.sex else "",
        birth_date=row.birth_date,
        age=row.age,
        event_type=row.event_type.value if row.event_type else "",
        event_date=row.event_date,
        import_batch=batch,
    )
    for name in _TEXT_FIELDS:
        setattr(record, name, getattr(row, name) or "")
    record.resolved_birth_place_id = resolver.resolve(row.birth_place)
    record.resolved_governorate_id = resolver.resolve_governorate(row.governorate)
    return record


def _event_for(record: Record, resolver: PlaceResolver) -> Event | None:
    """The event a record's event columns describe, unsaved; None when they are all empty. A date or
    place without a type is still an event (of type other): a source said something happened."""
    if not (record.event_type or record.event_date or record.event_place):
        return None
    return Event(
        event_type=record.event_type or EventType.OTHER,
        date=record.event_date,
        place_id=resolver.resolve(record.event_place),
        place_text=record.event_place,
        person_id=record.person_id,
        record=record,
    )


def _claim_for(event: Event, record: Record) -> FateClaim | None:
    fate = FATE_OF_EVENT.get(event.event_type)
    if fate is None:
        return None
    return FateClaim(fate=fate, claimed_on=event.date, person_id=record.person_id, event=event,
                     record=record, source_id=record.source_id)


def add_records(rows: Sequence[RecordRow], *, sources: Mapping[str, Source],
                batch: ImportBatch | None = None, resolver: PlaceResolver | None = None) -> list[Record]:
    """Insert clean rows as Records (with their events and fate claims) in bulk; returns the records.

    The caller has checked the rows: each is clean and its (source, record_id) is not yet in the
    registry (the unique constraint refuses duplicates). Run inside the caller's transaction."""
    resolver = resolver or place_resolver()
    records = [_record_from_row(row, sources[row.source], batch, resolver) for row in rows]
    created: list[Record] = []
    for chunk in _chunks(records):
        created.extend(Record.objects.bulk_create(chunk))
    _create_events_and_claims(created, resolver)
    return created


def _create_events_and_claims(records: Sequence[Record], resolver: PlaceResolver) -> None:
    pairs = [(record, event) for record in records if (event := _event_for(record, resolver))]
    events = [event for _, event in pairs]
    for chunk in _chunks(events):
        Event.objects.bulk_create(chunk)
    claims = [claim for record, event in pairs if (claim := _claim_for(event, record))]
    for chunk in _chunks(claims):
        FateClaim.objects.bulk_create(chunk)


@transaction.atomic
def derive_events_and_claims(record: Record) -> tuple[Event | None, FateClaim | None]:
    """Create the event described by a record's event columns and the fate claim it supports
    (death certificate/report → deceased; sighting, arrest, transfer, trial → detained; release →
    released). Idempotent: a record that already has events gets nothing new; returns what exists."""
    existing = record.events.order_by("id").first()
    if existing is not None:
        return existing, existing.fate_claims.order_by("id").first()
    event = _event_for(record, place_resolver())
    if event is None:
        return None, None
    event.save()
    claim = _claim_for(event, record)
    if claim is not None:
        claim.save()
    return event, claim


# --- persons ----------------------------------------------------------------------------------


def _has_arabic(text: str) -> bool:
    return any("ARABIC" in unicodedata.name(ch, "") for ch in text)


@lru_cache(maxsize=100_000)
def _name_tokens(name: str) -> tuple[str, ...]:
    return tuple(canonical_tokens(name))


def _starts_with_a_family_name(tokens: Sequence[str], others: Sequence[Sequence[str]]) -> bool:
    """True when a name's first word is what other names of the same person end with: the
    family-first order of prison registers (`الحسن محمد أحمد` beside `محمد أحمد الحسن`)."""
    return bool(tokens) and any(len(o) > 1 and o[-1] == tokens[0] and o[0] != tokens[0] for o in others)


def derive_display_name(names: Iterable[str]) -> str:
    """The name to show for a person: the fullest name in the order Syrians give it. Preferred, in
    turn: Arabic script (the family's own spelling); not the family-first order of a register (a name
    whose first word other records give as the family name); the most name parts (the longest nasab);
    the name most records give; the longer text. Compares canonical tokens, so Latin spellings vote on
    the word order too."""
    counts = Counter(n.strip() for n in names if n and n.strip())
    if not counts:
        return ""
    tokens = {n: _name_tokens(n) for n in counts}
    arabic = [n for n in counts if _has_arabic(n)]
    pool = arabic or list(counts)
    others = list(tokens.values())

    def preference(name: str) -> tuple[int, int, int, int, str]:
        family_first = _starts_with_a_family_name(tokens[name], others)
        return (0 if family_first else 1, len(set(tokens[name])), counts[name], len(name), name)

    return max(pool, key=preference)


def refresh_display_names(person_ids: Iterable[int]) -> None:
    ids = sorted(set(person_ids))
    for chunk in _chunks(ids):
        names: dict[int, list[str]] = defaultdict(list)
        for row in Record.objects.filter(person_id__in=chunk).values(
                "person_id", "full_name", "first_name", "father_name", "grandfather_name", "family_name"):
            name = row["full_name"] or " ".join(
                row[p] for p in ("first_name", "father_name", "grandfather_name", "family_name") if row[p])
            names[row["person_id"]].append(name)
        _set_column(Person, "display_name",
                    ((derive_display_name(names.get(pk, []))[:300], pk) for pk in chunk))


@dataclass
class ClusterReport:
    """What `apply_clusters` did. Counts only: safe to print or log."""

    run_id: str
    clusters: int = 0
    persons_created: int = 0
    persons_kept: int = 0
    persons_retired: int = 0
    records_linked: int = 0
    records_unchanged: int = 0
    records_held_by_human: int = 0
    unknown_keys: list[tuple[str, str]] = field(default_factory=list)


def _assign_persons(members: Mapping[str, list[int]], current: Mapping[int, int | None]) -> dict[str, int]:
    """Give each cluster the existing person most of its records already belong to, each person to at
    most one cluster, largest overlaps first (so a person's id follows the bulk of its records)."""
    candidates = []
    for cluster_id, record_ids in members.items():
        counts = Counter(current[r] for r in record_ids if current[r] is not None)
        for person_id, count in counts.items():
            candidates.append((-count, person_id, cluster_id))
    candidates.sort()
    assigned: dict[str, int] = {}
    taken: set[int] = set()
    for _, person_id, cluster_id in candidates:
        if cluster_id not in assigned and person_id not in taken:
            assigned[cluster_id] = person_id
            taken.add(person_id)
    return assigned


@transaction.atomic
def apply_clusters(clusters: Iterable[tuple[str, str, str]], *, run_id: str,
                   probabilities: Mapping[tuple[str, str], float] | None = None,
                   actor: Any = None,
                   progress: Callable[[str, int, int], None] | None = None) -> ClusterReport:
    """Resolve records into persons from a linker run's clusters.

    `clusters` are (source, record_id, cluster_id) rows as in clusters.csv (athar.interchange
    write_clusters); `run_id` names the run or model; `probabilities` optionally gives, per record key,
    the match probability that put it in its cluster. Person ids are stable: a cluster keeps the id of
    the existing person most of its records belong to; other clusters get new persons. A record whose
    current link is a human judgement is left where it is (a person decided, the linker does not
    overrule). Records that move get their old link ended and a new one opened; a person left with no
    records is retired and points at the person that received most of them. Keys not in the registry
    are reported, not created. `progress(stage, done, total)` is told how many of the records that
    move have been moved (a command's progress bar)."""
    report = ClusterReport(run_id=run_id)
    rows = list(clusters)
    probabilities = probabilities or {}
    source_names = {s for s, _, _ in rows}
    source_ids = dict(Source.objects.filter(name__in=source_names).values_list("name", "id"))
    wanted: dict[int, set[str]] = defaultdict(set)
    for source_name, record_id, _ in rows:
        if source_name in source_ids:
            wanted[source_ids[source_name]].add(record_id)
    by_key: dict[tuple[int, str], tuple[int, int | None]] = {}
    for source_id, record_ids in wanted.items():
        for chunk in _chunks(sorted(record_ids)):
            for pk, rid, person_id in Record.objects.filter(source_id=source_id, record_id__in=chunk) \
                    .values_list("id", "record_id", "person_id"):
                by_key[(source_id, rid)] = (pk, person_id)

    members: dict[str, list[int]] = defaultdict(list)
    current: dict[int, int | None] = {}
    key_of: dict[int, tuple[str, str]] = {}
    for source_name, record_id, cluster_id in rows:
        found = by_key.get((source_ids.get(source_name, -1), record_id))
        if found is None:
            report.unknown_keys.append((source_name, record_id))
            continue
        pk, person_id = found
        members[str(cluster_id)].append(pk)
        current[pk] = person_id
        key_of[pk] = (source_name, record_id)
    report.clusters = len(members)

    held: set[int] = set()
    for chunk in _chunks(sorted(current)):
        held.update(PersonRecordLink.objects.filter(
            record_id__in=chunk, ended_at__isnull=True, method=LinkMethod.HUMAN).values_list("record_id", flat=True))
    report.records_held_by_human = len(held)
    members = {c: [r for r in rs if r not in held] for c, rs in members.items()}
    members = {c: rs for c, rs in members.items() if rs}

    assigned = _assign_persons(members, current)
    report.persons_kept = len(assigned)
    new_clusters = sorted(c for c in members if c not in assigned)
    new_persons = Person.objects.bulk_create([Person() for _ in new_clusters])
    if any(p.pk is None for p in new_persons):  # backends without RETURNING
        ids = set(Person.objects.filter(public_id__in=[p.public_id for p in new_persons]).values_list("id", flat=True))
        new_persons = list(Person.objects.filter(pk__in=ids).order_by("public_id"))
    for cluster_id, person in zip(new_clusters, new_persons, strict=True):
        assigned[cluster_id] = person.pk
    report.persons_created = len(new_persons)

    now = timezone.now()
    moves: dict[int, int] = {}
    for cluster_id, record_ids in members.items():
        for pk in record_ids:
            if current[pk] != assigned[cluster_id]:
                moves[pk] = assigned[cluster_id]
    report.records_linked = len(moves)
    report.records_unchanged = sum(len(rs) for rs in members.values()) - len(moves)

    moved = sorted(moves)
    for chunk in _chunks(moved):
        PersonRecordLink.objects.filter(record_id__in=chunk, ended_at__isnull=True).update(
            ended_at=now, ended_by_run_id=run_id)
    PersonRecordLink.objects.bulk_create([
        PersonRecordLink(record_id=pk, person_id=moves[pk], method=LinkMethod.LINKER,
                         match_probability=probabilities.get(key_of[pk]), run_id=run_id)
        for pk in moved
    ], batch_size=BATCH_SIZE)
    _set_column(Record, "person_id", ((moves[pk], pk) for pk in moved))
    person_of_record = Subquery(Record.objects.filter(pk=OuterRef("record_id")).values("person_id")[:1])
    done = 0
    for chunk in _chunks(moved):
        Event.objects.filter(record_id__in=chunk).update(person_id=person_of_record)
        FateClaim.objects.filter(record_id__in=chunk).update(person_id=person_of_record)
        done += len(chunk)
        if progress is not None:
            progress("moving records to their persons", done, len(moved))

    # Persons who lost records: retire those left empty, pointing at where most records went.
    losers: dict[int, Counter[int]] = defaultdict(Counter)
    for pk in moved:
        if current[pk] is not None:
            losers[current[pk]][moves[pk]] += 1
    loser_ids = sorted(losers)
    still_used: set[int] = set()
    for chunk in _chunks(loser_ids):
        still_used.update(Record.objects.filter(person_id__in=chunk).values_list("person_id", flat=True))
    retired = [pk for pk in loser_ids if pk not in still_used]
    for chunk in _chunks(retired):
        Person.objects.filter(pk__in=chunk).update(retired_at=now)
    _set_column(Person, "merged_into_id", ((losers[pk].most_common(1)[0][0], pk) for pk in retired))
    report.persons_retired = len(retired)
    refresh_display_names(set(moves.values()) | set(losers))
    return report


@transaction.atomic
def link_record(record: Record, person: Person, *, actor: Any) -> PersonRecordLink:
    """A human judgement: `record` belongs to `person`. Ends the record's open link and opens a human
    one, which later linker runs do not overrule (review builds on this)."""
    now = timezone.now()
    previous = record.person_id
    PersonRecordLink.objects.filter(record=record, ended_at__isnull=True).update(ended_at=now)
    link = PersonRecordLink.objects.create(record=record, person=person, method=LinkMethod.HUMAN,
                                           actor=actor)
    Record.objects.filter(pk=record.pk).update(person=person)
    record.person = person
    Person.objects.filter(pk=person.pk).update(retired_at=None, merged_into=None)
    Event.objects.filter(record=record).update(person=person)
    FateClaim.objects.filter(record=record).update(person=person)
    if previous is not None and not Record.objects.filter(person_id=previous).exists():
        Person.objects.filter(pk=previous).update(retired_at=now, merged_into=person)
    refresh_display_names({person.pk} | ({previous} if previous else set()))
    return link
