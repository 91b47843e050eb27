from __future__ import annotations

import pytest

from athar.names import normalise_arabic


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("أحمد إبراهيم آمنة ٱحمد", "احمد ابراهيم امنه احمد"),
        ("فاطمة", "فاطمه"),
        ("موسى", "موسي"),
        ("رائد لؤي", "رايد لوي"),
        ("محمـــد", "محمد"),
        ("مُحَمَّد", "محمد"),
        ("م\u200cحمد\u200f", "محمد"),
        ("\ufee3\ufea4\ufee4\ufeaa", "محمد"),
        ("\ufefb", "لا"),
        ("١٢٣ ۴۵", "123 45"),
        ("محمد، (أحمد) - الحسن.", "محمد احمد الحسن"),
        ("  محمد   أحمد  ", "محمد احمد"),
        ("", ""),
    ],
)
def test_it_folds_letter_variants_marks_digits_and_punctuation(raw: str, expected: str) -> None:
    assert normalise_arabic(raw) == expected


def test_it_joins_compounds_and_the_article() -> None:
    assert normalise_arabic("عبد الرحمن نور الدين أبو زيد") == "عبدالرحمن نورالدين ابوزيد"
    assert normalise_arabic("نصر الله آل حسن") == "نصرالله الحسن"


def test_it_repairs_pdf_extraction_breakage() -> None:
    assert normalise_arabic("عبدهللا") == "عبدالله"
    assert normalise_arabic("اسالم") == "اسلام"
    assert normalise_arabic("عالء") == "علاء"
    assert normalise_arabic("م ح م د احمد") == "محمد احمد"
    assert normalise_arabic("دمحم دمحا") == "احمد محمد"


def test_it_leaves_genuine_alef_lam_and_unknown_words_alone() -> None:
    assert normalise_arabic("صالح خالد") == "صالح خالد"
    assert normalise_arabic("العالول") == "العالول"
    assert normalise_arabic("د م") == "د م"  # two single letters are abbreviations, not a broken word
