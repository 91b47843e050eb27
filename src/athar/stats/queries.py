"""Aggregate tables of persons. Each person counts once per row of a table (a person whose records
disagree on a sex, governorate or facility counts under the value most of their records give; ties under the
first in alphabetical order), except fate, where a person counts under every fate a source claims
(conflicting claims are the norm, and hiding one would decide silently). Only active persons (not
merged into another, not retired) count; unlinked records are not persons and never count."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from athar.registry.models import FateClaim, Record
from athar.stats.suppression import Published, Suppressed, suppress_cells

UNKNOWN = "unknown"
# Events that place a person in a facility (as the source wrote it; the gazetteer's resolution is
# not used yet, so "Saydnaya" and "صيدنايا" are two rows).
DETENTION_EVENTS = ("detention_sighting", "transfer", "trial")
AGE_GROUPS = ((0, 17, "0–17"), (18, 29, "18–29"), (30, 44, "30–44"), (45, 59, "45–59"), (60, 200, "60+"))


@dataclass(frozen=True)
class Table:
    """A published table: rows of (category, count, or how it is suppressed)."""

    key: str
    rows: tuple[tuple[str, Published], ...]

    @property
    def shown_total(self) -> int:
        return sum(c for _, c in self.rows if isinstance(c, int))


def _person_records() -> Iterable[Any]:
    return (Record.objects.filter(person__isnull=False, person__retired_at__isnull=True,
                                  person__merged_into__isnull=True)
            .values("person_id", "source__name", "sex", "governorate", "age", "event_type", "event_date",
                    "event_place")
            .order_by())


def _most_common(values: list[str]) -> str:
    counted = Counter(v for v in values if v)
    if not counted:
        return UNKNOWN
    best = max(counted.values())
    return min(v for v, c in counted.items() if c == best)


def _age_group(age: int | None) -> str:
    if age is None:
        return UNKNOWN
    return next(label for low, high, label in AGE_GROUPS if low <= age <= high)


def _table(key: str, counts: Counter[str], order: Callable[[str], Any] | None = None) -> Table:
    """Cells suppressed (`suppress_cells`) and ordered by `order`, or by count, largest first; then
    the suppressed cells by name, since their place among the others would tell their size."""
    categories = sorted(counts, key=lambda k: (k == UNKNOWN, k))
    published = dict(zip(categories, suppress_cells([counts[k] for k in categories]), strict=True))

    def by_count(k: str) -> tuple[bool, bool, int, str]:
        value = published[k]
        return (k == UNKNOWN, isinstance(value, Suppressed), -value if isinstance(value, int) else 0, k)

    return Table(key, tuple((k, published[k]) for k in sorted(categories, key=order or by_count)))


def person_tables() -> dict[str, Table]:
    """Every dashboard table, from one pass over the linked records."""
    by_person: dict[int, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for row in _person_records():
        person = by_person[row["person_id"]]
        person["sex"].append(row["sex"])
        person["governorate"].append(row["governorate"].strip())
        person["source"].append(row["source__name"])
        if row["age"] is not None:
            person["age"].append(row["age"])
        if row["event_type"] == "arrest" and row["event_date"] is not None:
            person["arrest_year"].append(row["event_date"].year)
        if row["event_type"] in DETENTION_EVENTS:
            person["facility"].append(row["event_place"].strip())
    fates: dict[int, set[str]] = defaultdict(set)
    for person_id, claimed in FateClaim.objects.filter(person_id__in=list(by_person)).values_list("person_id",
                                                                                                    "fate"):
        fates[person_id].add(claimed)
    sex = Counter(_most_common(p["sex"]) for p in by_person.values())
    governorate = Counter(_most_common(p["governorate"]) for p in by_person.values())
    facility = Counter(_most_common(p["facility"]) for p in by_person.values())
    age = Counter(_age_group(min(p["age"]) if p["age"] else None) for p in by_person.values())
    arrest = Counter(str(min(p["arrest_year"])) if p["arrest_year"] else UNKNOWN for p in by_person.values())
    fate = Counter(f for person_id in by_person for f in (fates.get(person_id) or {UNKNOWN}))
    overlap = Counter(" + ".join(sorted(set(p["source"]))) for p in by_person.values())
    age_order = [label for _, _, label in AGE_GROUPS] + [UNKNOWN]
    return {
        "fate": _table("fate", fate),
        "governorate": _table("governorate", governorate),
        "facility": _table("facility", facility),
        "arrest_year": _table("arrest_year", arrest, order=lambda k: (k == UNKNOWN, k)),
        "sex": _table("sex", sex),
        "age_group": _table("age_group", age, order=age_order.index),
        "source_overlap": _table("source_overlap", overlap),
    }


def person_count() -> int:
    return len({r["person_id"] for r in _person_records()})
