"""Search filters over persons: governorate, facility, year, fate, source and sex.

A filter is about a person, not about one record: "arrested in 2013 and seen in Saydnaya" may come
from a family report and a testimony. So a person passes when, for each filter, at least one of the
person's records *that the user may read* says so (a restricted record's facts never make a person
appear in a filtered list). A record not yet linked to any person passes on its own facts.

`filter_records(records, filters)` returns the records of the persons (and loose records) that pass:
pass it to `athar.search.engine.search_persons(records=...)`, or use `filtered_person_ids` to list
persons without a name query. Reads only; the caller passes the user's visible records."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from django.db.models import Q, QuerySet

from athar.registry.models import FACILITY_KINDS, Place, PlaceKind, Record


@dataclass(frozen=True)
class PersonFilters:
    governorate: str = ""  # Place id of a governorate
    facility: str = ""  # Place id of a facility
    year: int | None = None  # any event, or the record's own event, in that year
    fate: str = ""  # a fate claimed
    source: int | None = None  # Source pk
    sex: str = ""

    @property
    def is_empty(self) -> bool:
        return not any(asdict(self).values())

    def as_dict(self) -> dict[str, Any]:
        """JSON-safe (kept in the session; ids and codes only, no personal data)."""
        return {k: v for k, v in asdict(self).items() if v not in ("", None)}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> PersonFilters:
        data = data or {}
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})


def _conditions(filters: PersonFilters) -> list[Q]:
    conditions: list[Q] = []
    if filters.governorate:
        g = filters.governorate
        conditions.append(Q(resolved_governorate_id=g) | Q(events__place_id=g) | Q(events__place__governorate_id=g))
    if filters.facility:
        conditions.append(Q(events__place_id=filters.facility))
    if filters.year:
        year = f"{int(filters.year):04d}"
        conditions.append(Q(event_date__startswith=year) | Q(events__date__startswith=year))
    if filters.fate:
        conditions.append(Q(fate_claims__fate=filters.fate))
    if filters.source:
        conditions.append(Q(source_id=filters.source))
    if filters.sex:
        conditions.append(Q(sex=filters.sex))
    return conditions


def filter_records(records: QuerySet[Record], filters: PersonFilters) -> QuerySet[Record]:
    """The records (among `records`) of the persons that pass every filter, and the loose records
    that pass on their own."""
    if filters.is_empty:
        return records
    linked = Q(person__isnull=False)
    loose = Q(person__isnull=True)
    for condition in _conditions(filters):
        passing = records.filter(condition)
        linked &= Q(person_id__in=passing.filter(person__isnull=False).values("person_id"))
        loose &= Q(pk__in=passing.values("pk"))
    return records.filter(linked | loose)


def filtered_person_ids(records: QuerySet[Record], filters: PersonFilters) -> QuerySet[Any, Any]:
    """Person ids (a values queryset) of the persons that pass, among those with records in `records`."""
    return filter_records(records, filters).filter(person__isnull=False).values("person_id")


def governorates() -> QuerySet[Place]:
    return Place.objects.filter(kind=PlaceKind.GOVERNORATE).order_by("id")


def facilities() -> QuerySet[Place]:
    return Place.objects.filter(kind__in=FACILITY_KINDS).order_by("kind", "id")
