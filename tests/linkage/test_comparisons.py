"""Each comparison's levels on crafted pairs of records (untrained model: levels, not weights)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from athar.interchange import read_records
from athar.linkage.explain_pair import explain_records

HEADER = ["source", "record_id", "full_name", "first_name", "father_name", "family_name", "mother_name",
          "birth_date", "age", "event_date", "birth_place", "governorate", "event_place", "national_id", "sex"]


def _levels(write_csv: Callable[..., Path], left: dict[str, str], right: dict[str, str]) -> dict[str, str]:
    rows: list[Sequence[str]] = [HEADER]
    for i, rec in enumerate((left, right)):
        keys = {"source": f"s{i}", "record_id": "1"}
        rows.append([keys.get(c, rec.get(c, "")) for c in HEADER])
    result = read_records(write_csv("pair.csv", rows))
    explanation = explain_records(result.rows)
    return {f.comparison: f.level for f in explanation.fields}


def test_arabic_and_latin_forms_of_a_name_agree_exactly(write_csv):
    levels = _levels(write_csv, {"full_name": "محمد أحمد الحسن"},
                     {"first_name": "Mohammad", "father_name": "Ahmad", "family_name": "Al-Hasan"})
    assert levels["given"] == levels["father"] == levels["family"] == "exact"


def test_mohammad_and_mahmoud_are_different_names(write_csv):
    levels = _levels(write_csv, {"first_name": "محمد"}, {"first_name": "محمود"})
    assert levels["given"] == "different"


def test_a_typo_in_a_rare_name_is_close(write_csv):
    levels = _levels(write_csv, {"first_name": "Zakwan", "family_name": "Kassouha"},
                     {"first_name": "Zakwan", "family_name": "Kassouhah"})
    assert levels["family"] in ("exact", "close, rare name")


def test_a_name_typed_into_the_wrong_column_still_counts(write_csv):
    levels = _levels(write_csv, {"first_name": "Bilal", "family_name": "Darwish"},
                     {"full_name": "Darwish Bilal"})
    assert levels["given"] in ("exact", "in another name column")


@pytest.mark.parametrize(("left", "right", "expected"), [
    ({"birth_date": "1985-03-02"}, {"birth_date": "1985-03-02"}, "same day"),
    ({"birth_date": "1985"}, {"birth_date": "1985-03-02"}, "same year"),
    ({"birth_date": "1985-04"}, {"birth_date": "1985-03-02"}, "within 1 year"),
    ({"birth_date": "1985"}, {"age": "27", "event_date": "2012-06"}, "consistent ages"),
    ({"birth_date": "1983"}, {"age": "27", "event_date": "2012"}, "within 2 years of an age"),
    ({"birth_date": "1982"}, {"age": "27", "event_date": "2012"}, "within 2 years of an age"),
    ({"birth_date": "1981"}, {"age": "27", "event_date": "2012"}, "within 3 years"),
    ({"birth_date": "1984"}, {"birth_date": "1985"}, "within 1 year"),  # two birth years: not an age
    ({"birth_date": "1960"}, {"birth_date": "1985"}, "different"),
    ({"birth_date": "1960"}, {"age": "27"}, "unknown"),  # an age without an event date says nothing
])
def test_birth_levels_understand_partial_dates_and_ages(write_csv, left, right, expected):
    assert _levels(write_csv, left, right)["birth"] == expected


def test_places_are_compared_through_the_gazetteer(write_csv):
    levels = _levels(write_csv, {"event_place": "Saydnaya"}, {"event_place": "صيدنايا"})
    assert levels["event_place_key"] == "same"
    levels = _levels(write_csv, {"birth_place": "Douma"}, {"birth_place": "دوما"})
    assert levels["place"] == "same birth place"


def test_national_ids_and_sex(write_csv):
    levels = _levels(write_csv, {"national_id": "01020304050", "sex": "M"},
                     {"national_id": "٠١٠٢٠٣٠٤٠٥١", "sex": "F"})
    assert levels["national_id"] == "one digit apart"
    assert levels["sex"] == "different"


ARREST_HEADER = [*HEADER, "event_type"]


def _arrest_levels(write_csv: Callable[..., Path], left: dict[str, str], right: dict[str, str]) -> dict[str, str]:
    rows: list[Sequence[str]] = [ARREST_HEADER]
    for i, rec in enumerate((left, right)):
        keys = {"source": f"s{i}", "record_id": "1"}
        rows.append([keys.get(c, rec.get(c, "")) for c in ARREST_HEADER])
    explanation = explain_records(read_records(write_csv("pair.csv", rows)).rows)
    return {f.comparison: f.level for f in explanation.fields}


@pytest.mark.parametrize(("left", "right", "expected"), [
    ({"event_type": "arrest", "event_date": "2013-04-02"},
     {"event_type": "missing_report", "event_date": "2013-04-02"}, "same day"),
    ({"event_type": "arrest", "event_date": "2013-04-02"}, {"event_type": "arrest", "event_date": "2013-04"},
     "same month"),
    ({"event_type": "arrest", "event_date": "2013"}, {"event_type": "arrest", "event_date": "2013-04"}, "same year"),
    ({"event_type": "arrest", "event_date": "2013-09"}, {"event_type": "arrest", "event_date": "2013-04"},
     "same year, other month"),
    ({"event_type": "arrest", "event_date": "2019"}, {"event_type": "arrest", "event_date": "2013-04"}, "different"),
    # A sighting in a prison is not the arrest: its date says nothing about the arrest date.
    ({"event_type": "detention_sighting", "event_date": "2013-04-02"},
     {"event_type": "arrest", "event_date": "2013-04-02"}, "unknown"),
])
def test_arrest_dates_are_compared_only_between_arrest_reports(write_csv, left, right, expected):
    assert _arrest_levels(write_csv, left, right)["arrest_date"] == expected


def test_a_misread_common_name_is_still_close_to_the_name(write_csv):
    # ابراهييم (a register's misreading of ابراهيم, a letter doubled) is no dictionary name as
    # written, so the name engine may find it close to Ibrahim; Mohammad/Mahmoud stay different
    # (both listed).
    levels = _levels(write_csv, {"first_name": "زكوان", "father_name": "ابراهييم", "family_name": "الحريري"},
                     {"first_name": "Zakwan", "father_name": "Ibrahim", "family_name": "Hariri"})
    assert levels["father"] in ("close, common name", "similar", "same consonants",
                                "same consonants, across scripts")


def test_the_article_alef_lost_after_abd_is_read_as_the_name(write_csv):
    # عبدلله: the alef of الله lost after عبد. The name engine reads the listed name.
    levels = _levels(write_csv, {"first_name": "زكوان", "father_name": "عبدلله", "family_name": "الحريري"},
                     {"first_name": "Zakwan", "father_name": "Abdullah", "family_name": "Hariri"})
    assert levels["father"] == "exact"


def test_a_misplaced_dot_in_an_arabic_register_is_its_own_level(write_csv):
    # غمر for عمر, نرار for نزار: both dictionary names as read, so no fuzzy level may join them;
    # the letter shapes without dots still agree.
    levels = _levels(write_csv, {"first_name": "نزار", "father_name": "عمر", "family_name": "اللاحم"},
                     {"first_name": "نرار", "father_name": "غمر", "family_name": "اللاحم"})
    assert levels["given"] == "dots misread"
    assert levels["father"] == "dots misread"
    assert levels["family"] == "exact"


def test_dots_are_not_compared_across_scripts(write_csv):
    levels = _levels(write_csv, {"first_name": "غمر"}, {"first_name": "Umar"})
    assert levels["given"] != "dots misread"


def test_common_names_weigh_less_in_fuzzy_agreement_too():
    from athar.linkage.comparisons import name_part

    levels = name_part("family", tf=True, swaps_with="father", swapped=True)["comparison_levels"]
    by_label = {level["label_for_charts"]: level for level in levels}
    for label in ("exact", "close, rare name", "close, common name", "similar", "same consonants", "dots misread"):
        assert by_label[label]["tf_adjustment_column"] == "family", label
    for label in ("unknown", "different", "in another name column"):
        assert "tf_adjustment_column" not in by_label[label], label
    grandfather = name_part("grandfather", tf=False)["comparison_levels"]
    assert not any("tf_adjustment_column" in level for level in grandfather)


def test_latin_vowels_across_scripts_are_their_own_level(write_csv):
    levels = _levels(write_csv, {"first_name": "سليم", "family_name": "الحريري"},
                     {"first_name": "Salem", "family_name": "Hariri"})
    assert levels["given"] == "one vowel apart, in Latin letters"
    same_script = _levels(write_csv, {"first_name": "سليم"}, {"first_name": "سالم"})
    assert same_script["given"] == "different"
    # Same consonants but three edits apart: Mohammad is not محمود in any script.
    assert _levels(write_csv, {"first_name": "محمود"}, {"first_name": "Mohammad"})["given"] == "different"


def test_an_unlisted_arabic_name_and_its_latin_spelling_share_their_consonants(write_csv):
    # Arabic writes no short vowels: الجلاد romanises "jlad", a Latin list writes "al-Jallad".
    levels = _levels(write_csv, {"full_name": "محمد الجلاد"}, {"full_name": "Mohammad al-Jallad"})
    assert levels["family"] == "same consonants, across scripts"
    # Within one script the consonants alone say less: that level is for two scripts only.
    levels = _levels(write_csv, {"full_name": "Mohammad Jlad"}, {"full_name": "Mohammad al-Jallad"})
    assert levels["family"] != "same consonants, across scripts"


def test_an_id_with_two_adjacent_digits_swapped_is_one_digit_apart(write_csv):
    levels = _levels(write_csv, {"first_name": "Gary", "national_id": "78529158"},
                     {"first_name": "Gary", "national_id": "78521958"})
    assert levels["national_id"] == "one digit apart"
    levels = _levels(write_csv, {"first_name": "Gary", "national_id": "78529158"},
                     {"first_name": "Gary", "national_id": "87529185"})
    assert levels["national_id"] == "different"


def test_a_swapped_father_and_family_name_spelt_otherwise_is_still_swapped(write_csv):
    levels = _levels(write_csv, {"first_name": "Khalid", "father_name": "Salih", "family_name": "Masalma"},
                     {"first_name": "Khalid", "father_name": "Masalmeh", "family_name": "Salih"})
    assert levels["family"] == "swapped with father"
