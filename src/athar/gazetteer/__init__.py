"""Seed gazetteer of Syria: governorates, districts, cities and towns, and the detention
facilities named in testimonies (prisons, security branches, military hospitals, courts).

The data is `data/places.csv` (reviewable, from public facts; uncertain entries say so in
`notes`). `resolve_place` turns a place name in Arabic or any Latin spelling into one `Place`,
and returns None rather than choose between two; `place_key` gives linkage a comparable key.

What it cannot do: it knows only the listed places (no village-level coverage), no coordinates,
and no history of renamed or moved facilities."""

from athar.gazetteer.normalise import exact_key, fold_digits
from athar.gazetteer.places import (
    FACILITY_KINDS,
    KINDS,
    Place,
    ancestors,
    get_place,
    governorate_of,
    load_places,
)
from athar.gazetteer.resolve import place_key, resolve_place

__all__ = [
    "FACILITY_KINDS",
    "KINDS",
    "Place",
    "ancestors",
    "exact_key",
    "fold_digits",
    "get_place",
    "governorate_of",
    "load_places",
    "place_key",
    "resolve_place",
]
