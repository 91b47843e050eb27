"""What a family may be told about a person, as a caseworker should say it.

- "Last seen": the latest dated event that places the person somewhere alive (arrest, sighting
  in detention, transfer, trial, release, testimony, the family's own report), with its place and
  its source. Death documents are fate claims, not sightings.
- Fate claims side by side with their evidence (athar.registry.queries), and the conflicts
  between them.
- A statement code for the script, which never presents a death as established: one document
  reporting a death is "one document says", several are "several sources report", and a later
  sighting is a conflict to explain, not to resolve.

Only the records the caseworker may read are used (athar.registry.access): a restricted source
never speaks through this page."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

from django.db.models import F
from django.utils.translation import get_language

from athar.interchange import PartialDate
from athar.registry.access import visible_records
from athar.registry.models import Event, Fate, FateClaim, Person
from athar.registry.queries import FateConflict, find_conflicts

SIGHTING_TYPES: frozenset[str] = frozenset({
    "arrest", "detention_sighting", "transfer", "trial", "release", "testimony", "missing_report"})


class Statement:
    """What the claims allow a caseworker to say (codes; the words are in the template)."""

    NOTHING_KNOWN = "nothing_known"
    LIVING_ONLY = "living_only"
    ONE_DEATH_DOCUMENT = "one_death_document"
    SEVERAL_DEATH_SOURCES = "several_death_sources"
    CONFLICTING = "conflicting"


@dataclass(frozen=True)
class LastSeen:
    date: PartialDate
    place: str  # the gazetteer's name when the place resolved, else as written
    place_written: str
    event_type: str
    source_name: str
    record_id: str


@dataclass
class FateAsHeard:
    last_seen: LastSeen | None
    claims: list[FateClaim]
    conflicts: list[FateConflict] = field(default_factory=list)
    death_sources: int = 0
    statement: str = Statement.NOTHING_KNOWN


def _date(event: Event) -> PartialDate:
    """The event's date (the query keeps dated events only; the field's stub types it as text)."""
    return cast(PartialDate, event.date)


def fate_as_heard(person: Person, user: Any) -> FateAsHeard:
    records = visible_records(user)
    events = (Event.objects.filter(person=person, record__in=records, event_type__in=SIGHTING_TYPES,
                                   date__isnull=False)
              .select_related("record__source", "place"))
    latest = max(events, key=lambda e: (_date(e).latest(), _date(e).earliest(), e.pk), default=None)
    last_seen = None
    if latest is not None:
        place = latest.place.display_name(get_language() or "ar") if latest.place is not None else latest.place_text
        last_seen = LastSeen(date=_date(latest), place=place or latest.place_text, place_written=latest.place_text,
                             event_type=latest.event_type,
                             source_name=latest.record.source.name, record_id=latest.record.record_id)
    claims = list(FateClaim.objects.filter(person=person, record__in=records)
                  .select_related("source", "record", "event")
                  .order_by(F("claimed_on").asc(nulls_last=True), "id"))
    conflicts = find_conflicts(claims)
    death_sources = len({c.source_id for c in claims if c.fate == Fate.DECEASED})
    if conflicts:
        statement = Statement.CONFLICTING
    elif death_sources == 1:
        statement = Statement.ONE_DEATH_DOCUMENT
    elif death_sources > 1:
        statement = Statement.SEVERAL_DEATH_SOURCES
    elif claims:
        statement = Statement.LIVING_ONLY
    else:
        statement = Statement.NOTHING_KNOWN
    return FateAsHeard(last_seen=last_seen, claims=claims, conflicts=conflicts, death_sources=death_sources,
                       statement=statement)
