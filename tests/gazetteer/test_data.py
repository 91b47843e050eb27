"""The seed data itself: complete governorates, consistent parents, unique names where it matters."""

from __future__ import annotations

from athar.gazetteer import KINDS, governorate_of, load_places, resolve_place

GOVERNORATES = {
    "gov-damascus", "gov-rif-dimashq", "gov-aleppo", "gov-homs", "gov-hama", "gov-latakia", "gov-tartus",
    "gov-idlib", "gov-raqqa", "gov-deir-ez-zor", "gov-hasakah", "gov-daraa", "gov-suwayda", "gov-quneitra",
}


def test_it_lists_all_14_governorates() -> None:
    assert {p.id for p in load_places() if p.kind == "governorate"} == GOVERNORATES


def test_it_gives_every_place_an_existing_governorate_and_parent() -> None:
    ids = {p.id for p in load_places()}
    for place in load_places():
        assert place.kind in KINDS
        assert place.governorate_id in GOVERNORATES, place.id
        assert governorate_of(place.id) == place.governorate_id
        if place.kind != "governorate":
            assert place.parent_id in ids, place.id


def test_it_resolves_every_place_by_its_own_names_or_says_why_not() -> None:
    # A place whose own English and Arabic names resolve elsewhere would be unreachable.
    for place in load_places():
        for name in (place.name_en, place.name_ar):
            got = resolve_place(name, kinds={place.kind})
            assert got is None or got.id == place.id, (place.id, got.id)
        assert resolve_place(place.name_en, kinds={place.kind}) is not None or "same name" in place.notes, place.id


def test_it_has_the_named_detention_facilities() -> None:
    ids = {p.id for p in load_places()}
    for expected in ("saydnaya-prison", "adra-prison", "adra-womens-prison", "mi-215", "mi-227", "mi-235",
                     "mi-248", "ss-251", "ss-285", "mezzeh-military-airport", "afi-investigation", "mp-qaboun",
                     "tishreen-hospital", "harasta-hospital", "hospital-601", "tadmor-prison"):
        assert expected in ids


def test_it_returns_governorate_none_for_unknown_ids() -> None:
    assert governorate_of("no-such-place") is None
    assert governorate_of("gov-aleppo") == "gov-aleppo"
    assert governorate_of("saydnaya-prison") == "gov-rif-dimashq"
