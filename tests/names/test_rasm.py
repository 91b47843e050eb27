"""athar.names.rasm: dotless letter shapes, for registers whose dots were misread."""

from __future__ import annotations

import pytest

from athar.names.rasm import rasm


@pytest.mark.parametrize(("written", "misread"), [
    ("عمر", "غمر"),              # ع / غ
    ("نزار", "نرار"),            # ز / ر
    ("عبدالعزيز", "عتدالعزيز"),  # ب / ت
    ("المصطفى", "المصطقى"),      # ف / ق
    ("الطالب", "الظالب"),        # ط / ظ
    ("شادي", "سادي"),            # ش / س
    ("خالد", "حالد"),            # خ / ح
    ("ضياء", "صياء"),            # ض / ص
    ("يحيى أحمد", "يحييأحمد"),   # ى / ي, and two words run together
    ("أسامة", "اسامه"),          # hamza carrier and ة / ه
])
def test_a_misplaced_dot_or_space_keeps_the_shapes(written: str, misread: str) -> None:
    assert rasm(written) == rasm(misread) != ""


@pytest.mark.parametrize(("one", "other"), [
    ("محمد", "محمود"),  # a long vowel more is another name
    ("حسن", "حسين"),
    ("باسل", "باسم"),   # a different letter, not a dot
    ("سعيد", "سعد"),
])
def test_different_letters_keep_different_shapes(one: str, other: str) -> None:
    assert rasm(one) != rasm(other)


def test_latin_and_empty_text_have_no_rasm() -> None:
    assert rasm("Mohammad") == ""
    assert rasm("محمد Ali") == ""
    assert rasm("") == ""
    assert rasm("  - ") == ""


def test_tashkeel_and_tatweel_are_ignored() -> None:
    assert rasm("مُحَمَّد") == rasm("محـــمد") == rasm("محمد")
