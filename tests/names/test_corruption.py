"""`corruption.confusable`: one lost consonant or one swapped lam-alef, nothing else."""

from __future__ import annotations

import pytest

from athar.names.corruption import confusable
from athar.names.romanise import romanise


def _c(a: str, b: str) -> bool:
    return confusable(romanise(a), romanise(b))


@pytest.mark.parametrize(("a", "b"), [("منير", "مني"), ("زهير", "زهي"), ("سميرة", "سمية"), ("سلام", "سالم"),
                                      ("صلاح", "صالح")])
def test_it_knows_a_lost_letter_and_a_swapped_lam_alef(a: str, b: str) -> None:
    assert _c(a, b) and _c(b, a)


@pytest.mark.parametrize(("a", "b"), [("محمد", "محمود"), ("حسن", "حسين"), ("سعيد", "سعد"), ("علي", "عليا"),
                                      ("نبيل", "نبيلة"), ("باسل", "باسم"), ("زياد", "رياض"),
                                      ("عبد الرحمن", "عبد الرحيم"), ("محمد", "محمد")])
def test_it_does_not_take_vowel_letters_substitutions_or_gender_for_damage(a: str, b: str) -> None:
    assert not _c(a, b)
