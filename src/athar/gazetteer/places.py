"""The seed gazetteer as Python objects: loads data/places.csv once and checks it.

The CSV is the reviewed artefact (edit the data, not this module). A broken file — a missing
column, an unknown kind, a parent or governorate that does not exist, a repeated id — raises
InputError naming the row, so a bad edit fails at the first test run, not in a linkage."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

from athar.errors import InputError

KINDS: tuple[str, ...] = (
    "governorate", "city", "district", "town", "prison", "security_branch", "military_airport",
    "hospital", "court", "other",
)
FACILITY_KINDS: frozenset[str] = frozenset({"prison", "security_branch", "military_airport", "hospital", "court"})
_COLUMNS = ("id", "kind", "name_ar", "name_en", "governorate_id", "parent_id", "number", "aliases", "notes")
_DATA_FILE = "places.csv"


@dataclass(frozen=True, slots=True)
class Place:
    id: str
    name_ar: str
    name_en: str
    kind: str
    governorate_id: str | None
    parent_id: str | None
    aliases: tuple[str, ...]
    number: str | None = None  # a facility's number (branch 235, hospital 601)
    notes: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name_ar, self.name_en, *self.aliases)


def _read_rows() -> list[dict[str, str]]:
    text = resources.files("athar.gazetteer").joinpath("data", _DATA_FILE).read_text(encoding="utf-8")
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in _COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError("missing column", file=_DATA_FILE, row=1, column=missing[0])
    return list(reader)


def _check(places: list[Place]) -> None:
    by_id = {p.id: p for p in places}
    for row, place in enumerate(places, start=2):
        def fail(column: str, reason: str, row: int = row) -> None:
            raise InputError(reason, file=_DATA_FILE, row=row, column=column)

        if not place.id or not place.name_ar or not place.name_en:
            fail("id", "id, name_ar and name_en are required")
        if place.kind not in KINDS:
            fail("kind", "unknown kind; expected one of " + ", ".join(KINDS))
        gov = by_id.get(place.governorate_id or "")
        if gov is None or gov.kind != "governorate":
            fail("governorate_id", "governorate_id must name a governorate in the file")
        if place.kind == "governorate" and place.parent_id:
            fail("parent_id", "a governorate has no parent")
        if place.kind != "governorate":
            if place.parent_id not in by_id:
                fail("parent_id", "parent_id must name a place in the file")
            # Walk up: no cycles, and the chain must end at this place's governorate.
            seen = {place.id}
            node = by_id[place.parent_id or ""]
            while node.parent_id:
                if node.id in seen:
                    fail("parent_id", "parent chain has a cycle")
                seen.add(node.id)
                node = by_id[node.parent_id]
            if node.id != place.governorate_id:
                fail("governorate_id", "parent chain does not lead to the place's governorate")


@cache
def load_places() -> tuple[Place, ...]:
    """Every place of the seed gazetteer, in file order. Cached: the data ships with the code."""
    rows = _read_rows()
    places: list[Place] = []
    seen: set[str] = set()
    for row_number, row in enumerate(rows, start=2):
        place_id = (row["id"] or "").strip()
        if place_id in seen:
            raise InputError("repeated id", file=_DATA_FILE, row=row_number, column="id")
        seen.add(place_id)
        places.append(Place(
            id=place_id,
            name_ar=(row["name_ar"] or "").strip(),
            name_en=(row["name_en"] or "").strip(),
            kind=(row["kind"] or "").strip(),
            governorate_id=(row["governorate_id"] or "").strip() or None,
            parent_id=(row["parent_id"] or "").strip() or None,
            aliases=tuple(a.strip() for a in (row["aliases"] or "").split("|") if a.strip()),
            number=(row["number"] or "").strip() or None,
            notes=(row["notes"] or "").strip(),
        ))
    _check(places)
    return tuple(places)


@cache
def _by_id() -> dict[str, Place]:
    return {p.id: p for p in load_places()}


def get_place(place_id: str) -> Place | None:
    return _by_id().get(place_id)


def governorate_of(place_id: str) -> str | None:
    """The id of the governorate a place lies in (a governorate's is its own), or None."""
    place = _by_id().get(place_id)
    return place.governorate_id if place else None


def ancestors(place_id: str) -> tuple[str, ...]:
    """Ids from the place's parent up to its governorate."""
    out: list[str] = []
    place = _by_id().get(place_id)
    while place is not None and place.parent_id:
        out.append(place.parent_id)
        place = _by_id().get(place.parent_id)
    return tuple(out)
