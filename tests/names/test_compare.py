from __future__ import annotations

import pytest

from athar.names import NAME_MATCH_THRESHOLD, name_similarity, token_similarity, token_weight


@pytest.mark.parametrize(("a", "b"), [("محمد", "Mohammed"), ("محمود", "Mahmoud"), ("Abdel Rahman", "عبدالرحمن")])
def test_it_scores_one_name_in_two_scripts_as_identical(a: str, b: str) -> None:
    assert token_similarity(a, b) == 1.0


@pytest.mark.parametrize(("a", "b"), [("محمد", "محمود"), ("حسن", "حسين"), ("سعيد", "سعد"), ("علي", "عليا"),
                                      ("Hassan", "حسين"), ("نبيل", "نبيلة")])
def test_it_keeps_near_names_apart(a: str, b: str) -> None:
    assert token_similarity(a, b) <= 0.6


def test_it_tolerates_unwritten_short_vowels_for_unlisted_names() -> None:
    assert token_similarity("كسكين", "Keskin") >= 0.9
    assert token_similarity("المدهون", "al-Madhoun") >= 0.9


@pytest.mark.parametrize(("arabic", "latin"), [
    ("الدهني", "Al-Dahni"), ("عبدالله الجامي", "Abdulla Al-Jami"), ("فالح", "Falih"), ("فالح", "Faleh"),
    ("ممنوع", "Mamnou"), ("مكحول", "Makhoul"), ("نور الدين", "Nur al-Den"), ("ريتشارد واين", "Richard Wayne"),
    # A list that writes every letter and no short vowel, and one that writes the vowels.
    ("قنن", "Qnn"), ("قنن", "Qanan"), ("الدحدوح", "Al-Dahdouh"), ("مصلح", "Musleh"), ("صبح", "Subh"),
])
def test_it_matches_unlisted_and_one_part_names_across_scripts(arabic: str, latin: str) -> None:
    # Each scored below the threshold before (الدهني/Al-Dahni and the Al-Jami pair 0.0).
    assert name_similarity(arabic, latin) >= NAME_MATCH_THRESHOLD


def test_it_weighs_common_names_less() -> None:
    assert token_weight("محمد") < token_weight("خليل") < token_weight("كسكين")


def test_it_is_symmetric_and_bounded() -> None:
    a, b = "Ahmad Mohammad Ali al-Hasan", "محمد علي حسين الحسن"
    assert name_similarity(a, b) == name_similarity(b, a)
    assert 0.0 <= name_similarity(a, b) <= 1.0
    assert name_similarity("", "") == 0.0


def test_it_matches_missing_and_reordered_parts() -> None:
    assert name_similarity("محمد أحمد علي الحسن", "Mohammed el Hassan") >= NAME_MATCH_THRESHOLD
    assert name_similarity("الحسن محمد أحمد", "Mohammad Ahmad Al-Hasan") >= NAME_MATCH_THRESHOLD


def test_it_separates_brothers_and_father_and_son() -> None:
    base = "Ahmad Mohammad Ali al-Hasan"
    assert name_similarity(base, "Khaled Mohammad Ali al-Hasan") < NAME_MATCH_THRESHOLD
    assert name_similarity(base, "Mohammad Ali Hussein al-Hasan") < NAME_MATCH_THRESHOLD
    assert name_similarity(base, "Mohammad Khaled Ali al-Hasan") < NAME_MATCH_THRESHOLD


def test_it_answers_early_below_a_threshold_and_exactly_above_it() -> None:
    from athar.names import canonical_tokens, compare_canonical
    from athar.names.compare import compare_canonical_many

    pairs = [(canonical_tokens(a), canonical_tokens(b)) for a, b in [
        ("Ahmad Mohammad Ali al-Hasan", "Khaled Mohammad Ali al-Hasan"),  # brothers: answered early
        ("محمد أحمد علي الحسن", "Mohammed Ahmad Ali Hasan"),
        ("الحسن محمد أحمد", "Mohammad Ahmad Al-Hasan"),  # family name first: never cut short
        ("محمد منير سالم الطلاع", "محمد مني سالم الطلاع"),
    ]]
    exact = [compare_canonical(a, b) for a, b in pairs]
    early = compare_canonical_many(pairs, threshold=NAME_MATCH_THRESHOLD)
    for e, x in zip(early, exact, strict=True):
        assert e == x if x >= NAME_MATCH_THRESHOLD else e < NAME_MATCH_THRESHOLD
    assert early[0] != exact[0]  # the early answer is an upper bound, not the score
    assert compare_canonical_many(pairs) == exact
