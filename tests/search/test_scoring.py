"""Scores of a query against a record's names (no database): the table in cases/query_scores.tsv."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from athar.names import canonical_tokens, compare_canonical
from athar.names.parse import written_order
from athar.search.engine import MIN_SCORE
from athar.search.scoring import (
    ABSENT_PART_CREDIT,
    COVERAGE_WEIGHT,
    LATIN_ALIKE_SIMILARITY,
    ORDER_WEIGHT,
    VOWELS_ADDED_SIMILARITY,
    WHOLE_NAME_WEIGHT,
    align,
    coverage,
    latin_alike,
    order_agreement,
    part_similarity,
    score_many,
    score_names,
)
from athar.synth.generate import iter_records

CASES = Path(__file__).parent / "cases" / "query_scores.tsv"


def _cases() -> list[tuple[str, str, str, str]]:
    lines = [ln for ln in CASES.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    return [tuple(row) for row in csv.reader(lines, delimiter="\t")]  # type: ignore[misc]


@pytest.mark.parametrize(("query", "name", "expect", "why"), _cases(), ids=[c[3] for c in _cases()])
def test_it_scores_the_table_of_cases(query: str, name: str, expect: str, why: str) -> None:
    score = score_names(query, [name, "", "", "", ""])
    if expect == "match":
        assert score >= MIN_SCORE, why
    else:
        assert score < MIN_SCORE, why


def test_it_ranks_the_exact_name_above_a_longer_name_that_contains_it() -> None:
    exact = score_names("Mhd Hasan", ["محمد الحسن", "", "", "", ""])
    longer = score_names("Mhd Hasan", ["محمد أحمد الحسن", "", "", "", ""])
    assert exact > longer


def test_it_scores_name_parts_when_the_record_has_no_full_name() -> None:
    parts = score_names("محمد الحسن", ["", "Mhd", "Ahmad", "", "Al-Hasan"])
    assert parts >= MIN_SCORE


def test_it_uses_each_name_part_once() -> None:
    # "Hasan Hasan" must not be fully covered by a single Hasan.
    assert coverage(("hasan", "hasan"), ("hasan", "ali")) == pytest.approx(0.5)
    assert coverage(("hasan", "hasan"), ("hasan", "hasan")) == 1.0


def test_it_scores_nothing_for_an_empty_query_or_name() -> None:
    assert score_names("", ["محمد الحسن", "", "", "", ""]) == 0.0
    assert score_names("Mhd Hasan", ["", "", "", "", ""]) == 0.0


def test_it_prefers_the_query_order_given_name_first() -> None:
    given_first = score_names("Mhd Hasan", ["محمد حسن زياد الدالاتي", "", "", "", ""])
    reversed_order = score_names("Mhd Hasan", ["حسن محمد حسام", "", "", "", ""])
    assert given_first > reversed_order >= MIN_SCORE


def test_a_record_with_every_part_ranks_above_one_that_omits_the_middle_names() -> None:
    query = "جمال عبد الحميد جمال القطان"
    assert score_names(query, ["Jamal Abdulhamid Jamal Al-Qattan", "", "", "", ""]) > \
        score_names(query, ["Jamal Al-Qattan", "", "", "", ""])


def _one_by_one(query: str, names: list[str]) -> float:
    """The score as first written, record by record with the single-pair name comparison (and a
    full name that says it is written family first read given first)."""
    query_parts = canonical_tokens(query)
    best = 0.0
    for k, name in enumerate((names[0], " ".join(n for n in names[1:] if n))):
        name_parts = canonical_tokens(name)
        if k == 0 and len(name_parts) >= 2 and written_order(name) == "family":
            name_parts = (*name_parts[1:], name_parts[0])
        if not query_parts or not name_parts:
            continue
        alignment = align(query_parts, name_parts)
        matched = sum(s for _, _, s in alignment)
        if matched == 0.0:
            continue
        absent = len(query_parts) - len(name_parts) if len(name_parts) >= 2 else 0
        covered = (matched + ABSENT_PART_CREDIT * max(absent, 0)) / len(query_parts)
        best = max(best, COVERAGE_WEIGHT * covered + WHOLE_NAME_WEIGHT * compare_canonical(query_parts, name_parts)
                   + ORDER_WEIGHT * order_agreement(alignment, len(query_parts), len(name_parts)))
    return best


def _synthetic_names(n: int) -> list[list[str]]:
    fields = ("full_name", "first_name", "father_name", "grandfather_name", "family_name")
    return [[r.row.get(f, "") for f in fields] for r in iter_records(n, seed=3)]


@pytest.mark.parametrize("query", ["Mohammad Ahmad", "رمضان ماهر الشقار", "Rami Mohammad"])
def test_scoring_many_records_at_once_gives_the_same_floats_as_one_by_one(query: str) -> None:
    # Enough records for the vectorised name comparison (athar.names.batch.MIN_BATCH pairs).
    records = _synthetic_names(1200)
    expected = [_one_by_one(query, names) for names in records]
    assert score_many(query, records) == expected
    assert sum(s >= MIN_SCORE for s in expected) > 5  # the query meets some records


def test_a_floor_spares_the_records_that_cannot_reach_it_and_keeps_the_others_exact() -> None:
    query = "Rami Mohammad Jamal Al-Hattem"  # four parts: a record sharing one of them cannot reach the floor
    records = _synthetic_names(1200)
    expected = [_one_by_one(query, names) for names in records]
    floored = score_many(query, records, floor=MIN_SCORE)
    assert [s for s in floored if s >= MIN_SCORE] == [s for s in expected if s >= MIN_SCORE]
    assert all(f == e or (f == 0.0 and e < MIN_SCORE) for f, e in zip(floored, expected, strict=True))
    assert sum(f == 0.0 and e > 0.0 for f, e in zip(floored, expected, strict=True)) > 300  # spared


def test_the_query_ends_sit_on_the_given_and_family_name_read_either_way() -> None:
    # (query part, name part, similarity): "given family" against four-part names.
    given_first = [(0, 0, 1.0), (1, 3, 1.0)]  # Jihad Al-Rami / جهاد إسماعيل عبد الرحمن الرامي
    on_the_father = [(0, 0, 1.0), (1, 1, 1.0)]  # Jihad Al-Rami / جهاد رامي محمد علي
    family_first = [(1, 0, 1.0), (0, 1, 1.0)]  # Rami Outhman / عثمان رامي زياد رامي (a register)
    assert order_agreement(given_first, 2, 4) == 1.0
    assert order_agreement(on_the_father, 2, 4) == 0.75
    assert order_agreement(family_first, 2, 4) == 0.5  # out of order, but both ends in place
    assert order_agreement([(0, 2, 1.0)], 1, 4) == 0.5  # one part, not on the given name
    assert order_agreement([(0, 0, 1.0)], 1, 4) == 1.0


def test_a_short_list_name_ranks_by_the_family_name_it_shares() -> None:
    # A list that writes given and family name only: the one whose family name is the query's
    # family name comes before the one whose family name is the query's grandfather.
    query = "محمود حسين ناصر المرعي"
    assert score_names(query, ["Mahmud Al-Mari", "", "", "", ""]) > score_names(query, ["Mahmud Al-Nasir", "", "", "", ""])


def test_an_unlisted_arabic_name_meets_its_latin_spelling_with_the_vowels_added() -> None:
    # الرشاد romanises `rshad` (the short vowel is not written); Al-Rashad is `rashad`; الراشد, a
    # dictionary name, is `rashed`: the spelling that only adds vowels is the closer one.
    assert part_similarity("rashad", "rshad") == VOWELS_ADDED_SIMILARITY
    assert part_similarity("rashad", "rshad") > part_similarity("rashad", "rashed")
    assert part_similarity("sumayki", "smiki") == VOWELS_ADDED_SIMILARITY  # سميكي / Soummeiki
    assert part_similarity("rashed", "rshad") < VOWELS_ADDED_SIMILARITY  # e is not a, nor added
    assert part_similarity("muna", "amina") < VOWELS_ADDED_SIMILARITY  # consonants differ in place
    assert part_similarity("muhammad", "mahmud") < VOWELS_ADDED_SIMILARITY  # two dictionary names


def test_only_short_vowels_count_as_added_not_a_y_or_a_final_vowel() -> None:
    # Soummeiki: its y is the ي of سميكي and its final i the ي at the end; السماك `smak` and
    # السميك `smik` lack one of them, so they are other names (their consonants still agree).
    assert part_similarity("sumayki", "smiki") == VOWELS_ADDED_SIMILARITY
    assert part_similarity("sumayki", "smak") < VOWELS_ADDED_SIMILARITY
    assert part_similarity("sumayki", "smik") < VOWELS_ADDED_SIMILARITY
    # Roubayi: ربيعي `rbi` (the doubled sound written once), not الرباع `rba`.
    assert part_similarity("rubayi", "rbi") == VOWELS_ADDED_SIMILARITY
    assert part_similarity("rubayi", "rba") < VOWELS_ADDED_SIMILARITY
    # A vowel may be skipped wherever it stands, not only at the first place that fits.
    assert part_similarity("suwaid", "swid") == VOWELS_ADDED_SIMILARITY


def test_a_name_that_says_it_is_written_family_first_is_read_that_way_only() -> None:
    # الأسامة محمود محمد is Mahmoud son of Muhammad, of the Al-Osama family: read as it stands, it
    # would be Osama (given) ... Muhammad (family), all "Osama Al-Mohammad" asks for.
    query = "Osama Al-Mohammad"
    own = score_names(query, ["اسامة عبدالله وليد المحمد", "", "", "", ""])
    register = score_names(query, ["الأسامة محمود محمد", "", "", "", ""])
    assert own > register
    assert register == score_names(query, ["محمود محمد الأسامة", "", "", "", ""])  # the same reading
    # The same name in parts is already in Syrian order: nothing is moved.
    assert score_names(query, ["", "الأسامة", "محمود", "", "محمد"]) > register


def test_a_source_that_writes_family_first_by_habit_has_its_silent_names_read_that_way() -> None:
    # منصور أحمد محمد: Ahmad son of Muhammad, of the Mansour family, when its source writes family
    # first; the name itself says nothing (no article), so only the habit moves it.
    query = "Ahmad Mansur"
    records = [["منصور أحمد محمد", "", "", "", ""], ["الجاسم ليلى محمد", "", "", "", ""],
               ["محمد أحمد الحسن", "", "", "", ""]]
    as_written, by_habit = score_many(query, records), score_many(query, records, family_first=[True] * 3)
    assert by_habit[0] > as_written[0]
    assert by_habit[0] == score_names(query, ["أحمد محمد منصور", "", "", "", ""])
    assert by_habit[1:] == as_written[1:]  # names that say their order keep it, whatever the habit


def test_two_listed_names_written_alike_in_latin_are_close_when_latin_is_involved() -> None:
    # عامر is written Amir as often as Amer; سمير is written Samer: a Latin spelling may mean either
    assert latin_alike("amer", "amir") and latin_alike("samir", "samer") and latin_alike("salim", "salem")
    assert not latin_alike("muhammad", "mahmud") and not latin_alike("amer", "amer")
    arabic = ["عامر احمد حاتم الجمال", "", "", "", ""]
    alike = score_names("Amir Ahmad Al-Jammal", arabic)
    assert alike >= MIN_SCORE
    # below the name the spelling reads as
    assert alike < score_names("Amir Ahmad Al-Jammal", ["امير احمد حاتم الجمال", "", "", "", ""])
    # the same from the Arabic side, when the record is the Latin one
    assert score_names("عامر احمد الجمال", ["Amir Ahmad Al-Jammal", "", "", "", ""]) >= MIN_SCORE
    # two names written in Arabic are two names: no Latin letters, no doubt
    parts = canonical_tokens("عامر احمد الجمال")
    assert align(canonical_tokens("امير احمد الجمال"), parts)[-1][2] < LATIN_ALIKE_SIMILARITY
    assert [s for _, _, s in align(canonical_tokens("Amir Ahmad Al-Jammal"), parts, latin=True)] == [
        1.0, 1.0, LATIN_ALIKE_SIMILARITY]
