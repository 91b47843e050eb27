"""Reads shared by the web views, the API and the CLI. Nothing here writes.

- `find_person(public_id) -> Person | None`: follows merges, so an old id still leads somewhere.
- `person_timeline(person) -> list[TimelineEntry]`: the person's events by date, each with its evidence.
- `fate_summary(person) -> FateSummary`: every fate claim, and the conflicts between them.

Conflicts are reported, never resolved: a death certificate dated 2019 and a sighting in detention in
2021 are both kept and shown side by side for a person to weigh. What counts as a conflict:
- a living claim (alive, detained, released) dated certainly after a deceased claim (the living
  claim's earliest possible day is after the death claim's latest possible day);
- two deceased claims whose dates cannot be the same day.
Undated claims, and dates that overlap (death "2019", sighting "2019-06"), are not flagged: the order
of events cannot be known from them. Detention after a release is not a conflict (re-arrest happens)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import F

from athar.registry.models import LIVING_FATES, Event, Fate, FateClaim, Person, Record


def find_person(public_id: str) -> Person | None:
    """The active person for a public id, following `merged_into` from retired persons."""
    person = Person.objects.filter(public_id=public_id).first()
    seen: set[int] = set()
    while person is not None and person.merged_into_id is not None and person.pk not in seen:
        seen.add(person.pk)
        person = person.merged_into
    return person


def person_records(person: Person) -> list[Record]:
    return list(person.records.select_related("source", "resolved_birth_place", "resolved_governorate")
                .order_by("source__name", "record_id"))


@dataclass(frozen=True)
class TimelineEntry:
    event: Event
    record: Record
    source_name: str
    fate_claims: tuple[FateClaim, ...]


def person_timeline(person: Person) -> list[TimelineEntry]:
    """The person's events in date order (partial dates sort by what is known: 2012 before 2012-06);
    undated events last. Each entry carries its record and source: the evidence for it."""
    events = (Event.objects.filter(person=person)
              .select_related("record__source", "place")
              .prefetch_related("fate_claims")
              .order_by(F("date").asc(nulls_last=True), "id"))
    return [TimelineEntry(event=e, record=e.record, source_name=e.record.source.name,
                          fate_claims=tuple(e.fate_claims.all())) for e in events]


@dataclass(frozen=True)
class FateConflict:
    first: FateClaim
    second: FateClaim
    reason: str


@dataclass
class FateSummary:
    claims: list[FateClaim]
    conflicts: list[FateConflict] = field(default_factory=list)

    @property
    def is_conflicting(self) -> bool:
        return bool(self.conflicts)

    @property
    def fates(self) -> set[str]:
        """The distinct fates claimed (empty: nothing is claimed, the fate is unknown)."""
        return {c.fate for c in self.claims}

    @property
    def latest(self) -> FateClaim | None:
        """The claim with the latest date, for a list column; read `conflicts` before trusting it."""
        dated = [c for c in self.claims if c.claimed_on is not None]
        return max(dated, key=lambda c: (c.claimed_on.isoformat(), c.pk)) if dated else None


def find_conflicts(claims: list[FateClaim]) -> list[FateConflict]:
    conflicts: list[FateConflict] = []
    deaths = [c for c in claims if c.fate == Fate.DECEASED and c.claimed_on is not None]
    living = [c for c in claims if c.fate in LIVING_FATES and c.claimed_on is not None]
    for death in deaths:
        for alive in living:
            if alive.claimed_on.earliest() > death.claimed_on.latest():
                conflicts.append(FateConflict(death, alive, f"claimed {alive.fate} after a claim of death"))
    for i, first in enumerate(deaths):
        for second in deaths[i + 1:]:
            if not first.claimed_on.overlaps(second.claimed_on):
                conflicts.append(FateConflict(first, second, "claims of death with different dates"))
    return conflicts


def fate_summary(person: Person) -> FateSummary:
    claims = list(FateClaim.objects.filter(person=person)
                  .select_related("source", "event", "record")
                  .order_by(F("claimed_on").asc(nulls_last=True), "id"))
    return FateSummary(claims=claims, conflicts=find_conflicts(claims))
