"""Search keys (no database): skeletons, pair keys, and which keys a query reads."""

from __future__ import annotations

import pytest

from athar.search import keys
from athar.search.engine import lookup_keys


def test_a_skeleton_writes_q_as_k() -> None:
    assert keys.skeleton("sharq") == keys.skeleton("sharek") == "shrk"
    assert keys.query_keys("الشارق") & keys.query_keys("Al Sharrek") == {"c:shrk"}


def test_a_record_stores_given_with_family_and_given_with_father() -> None:
    stored = {k for k in keys.record_keys({"full_name": "محمد مصطفى أحمد النزار"}) if keys.is_pair_key(k)}
    assert stored == {"p:mhmd|nzr", "p:mhmd|mstf"}


def test_a_record_written_in_parts_stores_the_pairs_of_the_parts_in_order() -> None:
    row = {"full_name": "", "first_name": "Mohammad", "father_name": "Saad", "family_name": "Al Sharrek"}
    assert {k for k in keys.record_keys(row) if keys.is_pair_key(k)} == {"p:mhmd|shrk", "p:mhmd|sd"}


def test_a_two_part_latin_query_meets_a_four_part_arabic_record_by_its_pair() -> None:
    record = keys.record_keys({"full_name": "محمد عمر خالد الفهد"})
    assert "p:fhd|mhmd" in keys.query_keys("Mohammad Fahd") & record


def test_a_family_name_written_first_still_pairs_with_the_given_name() -> None:
    record = keys.record_keys({"full_name": "النبال عبدالرحمن فهد"})  # family, given, father
    assert {k for k in keys.query_keys("Abd al-Rahman Al-Nabbal") & record if keys.is_pair_key(k)} == {"p:bdlrhmn|nbl"}


def test_a_query_pairs_every_two_of_its_parts() -> None:
    pairs = {k for k in keys.query_keys("Mhd Ahmad Al-Hasan") if keys.is_pair_key(k)}
    assert pairs == {"p:hmd|mhmd", "p:hsn|mhmd", "p:hmd|hsn"}


def test_only_the_rarest_keys_are_read_within_the_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    from athar.search import engine

    monkeypatch.setattr(engine, "POSTINGS_BUDGET", 1000)
    counts = {"muhammad": 900, "c:mhmd": 950, "fahd": 40, "c:fhd": 45, "p:fhd|mhmd": 12, "zzz": 0}
    assert lookup_keys(counts) == {"p:fhd|mhmd", "fahd", "c:fhd", "muhammad"}


def test_a_query_of_common_names_alone_still_reads_its_rarest_key(monkeypatch: pytest.MonkeyPatch) -> None:
    from athar.search import engine

    monkeypatch.setattr(engine, "POSTINGS_BUDGET", 1000)
    assert lookup_keys({"muhammad": 5000, "ahmad": 4000, "p:hmd|mhmd": 2000}) == {"p:hmd|mhmd"}
    assert lookup_keys({"unknown": 0}) == set()


def test_a_dhal_or_tha_outside_the_dictionary_keys_its_spoken_skeletons_too() -> None:
    # الباذر romanises as `badhr`; Levantine lists write it as spoken: El-Bader (ذ as d), or with z.
    record = keys.record_keys({"first_name": "ايمن", "father_name": "محمود", "family_name": "الباذر"})
    assert {"c:bdhr", "c:bdr", "c:bzr"} <= record
    assert {"c:bdr", "p:bdr|mn"} <= keys.query_keys("Ayman El-Bader") & record
    # the same both ways: the Arabic query finds the Latin record
    assert "p:bdr|mn" in keys.query_keys("ايمن الباذر") & keys.record_keys({"full_name": "Ayman El-Bader"})


def test_a_dictionary_name_keeps_one_skeleton() -> None:
    # every attested spelling of هيثم reads `haitham` already; three skeletons would weigh it thrice
    assert keys.spoken_skeletons("haitham") == {"hthm"}
    assert {k for k in keys.record_keys({"full_name": "هيثم"}) if k.startswith("c:")} == {"c:hthm"}


def test_a_latin_part_read_as_a_listed_name_is_also_keyed_as_written() -> None:
    # Rabih is read as ربيع (`rabi`), as Lebanese lists write it; the man may be a ربيح (`rbih`).
    assert keys.part_readings("Yusuf Al-Rabih") == (("yusuf",), ("rabi", "rabih"))
    record = keys.record_keys({"first_name": "يوسف", "father_name": "اكرم", "family_name": "الربيح"})
    assert {"c:rbh", "p:rbh|sf"} <= keys.query_keys("Yusuf Al-Rabih") & record
    assert "p:rb|sf" in keys.query_keys("Yusuf Al-Rabih") & keys.record_keys({"full_name": "يوسف الربيع"})


def test_a_spelling_with_the_canonical_consonants_adds_no_reading() -> None:
    # Mhd and Mohammad are `muhammad` as written too: no second key for the same consonants
    assert keys.part_readings("Mohammad Hasan") == (("muhammad",), ("hasan",))
    assert keys.query_keys("Mhd Hasan") == keys.query_keys("محمد حسن")
