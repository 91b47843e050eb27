"""Name-level alignment: damaged parts, parts out of place, and the single-pair fast paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from athar.names import (
    NAME_MATCH_THRESHOLD,
    align,
    canonical_tokens,
    compare_canonical,
    name_similarity,
    tokens,
)


def test_it_excuses_a_father_name_that_lost_a_letter_when_the_rest_agrees() -> None:
    assert name_similarity("محمد منير سالم الطلاع", "محمد مني سالم الطلاع") >= NAME_MATCH_THRESHOLD
    assert name_similarity("اسماعيل صلاح اسماعيل ابوهلال", "اسماعيل صالح اسماعيل ابوهلال") >= NAME_MATCH_THRESHOLD


def test_it_does_not_excuse_a_damaged_part_when_the_family_name_differs() -> None:
    assert name_similarity("محمد منير سالم الطلاع", "محمد مني سالم الحلبي") < NAME_MATCH_THRESHOLD


def test_it_keeps_a_given_name_one_letter_off_as_a_sibling() -> None:
    assert name_similarity("سميرة محمد محمد فياض", "سمية محمد محمد فياض") < NAME_MATCH_THRESHOLD
    assert name_similarity("رامي نبيل الطباع", "رامز نبيل الطباع") < NAME_MATCH_THRESHOLD


def test_it_excuses_the_same_damage_repeated_in_the_given_name_and_the_grandfather() -> None:
    repeated = name_similarity("منير فياض منير الطلاع", "مني فياض مني الطلاع")
    given_only = name_similarity("منير فياض سالم الطلاع", "مني فياض سالم الطلاع")
    assert repeated >= NAME_MATCH_THRESHOLD > given_only


def test_it_keeps_pattern_variants_apart_in_the_father_slot() -> None:
    assert name_similarity("احمد محمد علي الحلبي", "احمد محمود علي الحلبي") < NAME_MATCH_THRESHOLD
    assert name_similarity("خالد سعيد عمر الحلبي", "خالد سعد عمر الحلبي") < NAME_MATCH_THRESHOLD


def test_it_counts_parts_out_of_place_as_conflicts_not_omissions() -> None:
    # uncle and nephew: the nephew's grandfather is the uncle's father
    shifted = name_similarity("احمد محمد احمد كلاب", "احمد عبدالحميد محمد كلاب")
    omitted = name_similarity("احمد محمد احمد كلاب", "احمد محمد كلاب")
    assert shifted < NAME_MATCH_THRESHOLD <= omitted


PAIRS = [
    ("محمد احمد علي الحسن", "محمد احمد علي الحسن"),
    ("Mohammad Ahmad Ali al-Hasan", "محمد أحمد علي الحسن"),
    ("محمد احمد علي الحسن", "محمد خالد علي الحسن"),
    ("محمد احمد علي الحسن", "احمد علي الحسن"),
    ("الحسن محمد أحمد", "Mohammad Ahmad Al-Hasan"),
    ("احمد محمد احمد كلاب", "احمد عبدالحميد محمد كلاب"),
    ("منير محمد منير حماده", "مني محمد مني حماده"),
    ("Khaled Omar Youssef Hariri", "Omar Youssef Mahmoud Hariri"),
    ("زينب حسين الكردي", "Zeinab Hassan Kurdi"),
    ("عمر", "Omar Youssef"),
]


def test_it_scores_the_same_with_the_caches_emptied_between_any_two_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    prepared = [(canonical_tokens(a), canonical_tokens(b)) for a, b in PAIRS]
    expected = [compare_canonical(a, b) for a, b in prepared]
    monkeypatch.setattr(tokens, "SIMILARITY_ROWS_LIMIT", 4)
    tokens.clear_similarity_cache()
    assert [compare_canonical(a, b) for a, b in prepared] == expected
    assert [compare_canonical(b, a) for a, b in prepared] == expected  # symmetric


def test_the_fast_paths_agree_with_the_general_alignment() -> None:
    table = (Path(__file__).parent / "cases" / "name_pairs.tsv").read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t")[:2] for line in table[1:] if line and not line.startswith(("#", "name_a"))]
    checked = 0
    for a, b in PAIRS + [(r[0], r[1]) for r in rows]:
        ta, tb = canonical_tokens(a), canonical_tokens(b)
        if len(ta) != len(tb) or ta == tb or not ta:
            continue
        general = align.score_general(ta, tb, align.prepare(ta), align.prepare(tb))
        assert align.score(ta, tb) == pytest.approx(general), (a, b)
        checked += 1
    assert checked > 200
