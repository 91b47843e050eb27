"""Where the synthetic people come from and where they are held: tables over the gazetteer.

Home towns are the gazetteer's cities and towns, weighted by governorate as the 2011–2024
detention record is (Rif Dimashq, Damascus, Homs, Aleppo and Daraa most); detention goes
through a security branch (the governorate's own or a Damascus one), then often Saydnaya,
Adra or a central prison. Place names are written as each source would: Arabic or Latin forms
from the place's names and aliases, without the words the gazetteer uses only to tell levels
apart ("Douma District", "محافظة حمص")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from athar.gazetteer import Place, load_places
from athar.synth.lexicon import Table

_ARABIC = re.compile("[\u0600-\u06ff]")
_LEVEL_WORDS = re.compile(r"(?i)\b(district|governorate|province|gouvernorat|muhafazat|town|city)\b|محافظة|منطقة|بلدة|مدينة")

GOVERNORATE_WEIGHTS: dict[str, float] = {
    "gov-rif-dimashq": 22, "gov-damascus": 12, "gov-homs": 12, "gov-aleppo": 12, "gov-daraa": 10,
    "gov-hama": 8, "gov-idlib": 7, "gov-deir-ez-zor": 6, "gov-latakia": 3, "gov-tartus": 2, "gov-raqqa": 2,
    "gov-hasakah": 2, "gov-suwayda": 1, "gov-quneitra": 1,
}
# Governorate code used for synthetic national numbers (first two digits).
GOVERNORATE_CODES: dict[str, int] = {g: i + 1 for i, g in enumerate(sorted(GOVERNORATE_WEIGHTS))}

_DAMASCUS_BRANCHES = {
    "mi-215": 10, "mi-227": 8, "mi-235": 10, "mi-248": 5, "mi-291": 2, "mi-293": 1, "ss-251": 6, "ss-285": 5,
    "ss-255": 1, "afi-investigation": 6, "mezzeh-military-airport": 4, "afi-harasta": 3, "ps-damascus": 3,
    "ps-investigation": 2, "mp-qaboun": 3, "mi-220": 2,
}
_REGIONAL_BRANCH = {
    "gov-homs": "mi-261", "gov-aleppo": "mi-290", "gov-daraa": "mi-245", "gov-deir-ez-zor": "mi-243",
}
_LATER = {
    "saydnaya-prison": 40, "adra-prison": 22, "mp-qaboun": 6, "mi-235": 6, "mi-215": 5, "afi-investigation": 4,
    "mp-homs-balouni": 3, "tadmor-prison": 2, "central": 12,
}
_DEATH_PLACES = {"saydnaya-prison": 30, "hospital-601": 25, "tishreen-hospital": 20, "harasta-hospital": 10,
                 "mi-215": 5, "mi-235": 5, "mi-227": 3, "afi-investigation": 2}
_CENTRAL = {
    "gov-aleppo": "aleppo-central-prison", "gov-hama": "hama-central-prison", "gov-homs": "homs-central-prison",
    "gov-latakia": "latakia-central-prison", "gov-tartus": "tartus-central-prison",
    "gov-suwayda": "suwayda-central-prison", "gov-daraa": "daraa-central-prison",
    "gov-deir-ez-zor": "deir-ez-zor-central-prison", "gov-idlib": "idlib-central-prison",
}


def _table(weights: dict[str, float]) -> Table:
    values, cumulative, total = [], [], 0.0
    for value, weight in weights.items():
        total += weight
        values.append(value)
        cumulative.append(total)
    return tuple(values), tuple(cumulative)


@dataclass(frozen=True)
class Forms:
    """How sources write one place: (values, cumulative weights) per script."""
    arabic: Table
    latin: Table


def _forms(place: Place) -> Forms:
    arabic = {place.name_ar: 6.0}
    latin = {place.name_en: 6.0}
    for alias in place.aliases:
        if _LEVEL_WORDS.search(alias):
            continue
        target = arabic if _ARABIC.search(alias) else latin
        target.setdefault(alias, 1.0)
    return Forms(_table(arabic), _table(latin))


@dataclass(frozen=True)
class World:
    places: dict[str, Place]
    forms: dict[str, Forms]
    governorates: Table
    hometowns: dict[str, Table]
    first_branch: dict[str, Table]
    later_facility: dict[str, Table]
    death_places: Table


@cache
def world() -> World:
    places = {p.id: p for p in load_places()}
    hometowns: dict[str, dict[str, float]] = {g: {} for g in GOVERNORATE_WEIGHTS}
    for place in places.values():
        if place.kind in ("city", "town") and place.governorate_id in hometowns:
            hometowns[place.governorate_id][place.id] = 4.0 if place.kind == "city" else 1.0
    first_branch: dict[str, Table] = {}
    later: dict[str, Table] = {}
    for gov in GOVERNORATE_WEIGHTS:
        branches = dict(_DAMASCUS_BRANCHES)
        if gov in _REGIONAL_BRANCH:
            branches[_REGIONAL_BRANCH[gov]] = 60.0
        first_branch[gov] = _table(branches)
        after = {k: v for k, v in _LATER.items() if k != "central"}
        after[_CENTRAL.get(gov, "adra-prison")] = after.get(_CENTRAL.get(gov, "adra-prison"), 0) + _LATER["central"]
        later[gov] = _table(after)
    return World(
        places=places,
        forms={pid: _forms(p) for pid, p in places.items()},
        governorates=_table(GOVERNORATE_WEIGHTS),
        hometowns={g: _table(t) for g, t in hometowns.items()},
        first_branch=first_branch,
        later_facility=later,
        death_places=_table(_DEATH_PLACES),
    )
