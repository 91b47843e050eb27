from __future__ import annotations

import pytest

from athar.names import detect_script, parse_name
from athar.names.parse import written_order


def test_it_detects_scripts() -> None:
    assert detect_script("محمد") == "arabic"
    assert detect_script("Mohammad") == "latin"
    assert detect_script("محمد Ahmad") == "mixed"
    assert detect_script("12 - .") == "none"


def test_it_parses_four_parts_in_syrian_order() -> None:
    p = parse_name("محمد أحمد علي الحسن")
    assert (p.given, p.father, p.grandfather, p.family) == ("محمد", "احمد", "علي", "الحسن")
    assert p.script == "arabic"


def test_it_parses_three_and_two_parts() -> None:
    p = parse_name("Mohammad Ahmad al-Hasan")
    assert (p.given, p.father, p.grandfather, p.family) == ("mohammad", "ahmad", None, "alhasan")
    p = parse_name("Omar Khatib")
    assert (p.given, p.father, p.family) == ("omar", None, "khatib")
    assert parse_name("Omar").given == "omar"
    assert parse_name("").tokens == ()


def test_it_keeps_compounds_as_one_part() -> None:
    p = parse_name("عبد الرحمن نور الدين أبو زيد")
    assert p.tokens == ("عبدالرحمن", "نورالدين", "ابوزيد")
    assert p.family == "ابوزيد"
    assert parse_name("Abdel Rahman Abu Bakr").tokens == ("abdelrahman", "abubakr")


def test_it_drops_particles_and_leading_honorifics() -> None:
    p = parse_name("الحاج د. محمد بن أحمد بن علي")
    assert p.tokens == ("محمد", "احمد", "علي")
    assert parse_name("Dr. Hajj Fatima bint Hassan").tokens == ("fatima", "hassan")


def test_it_keeps_a_family_called_like_an_honorific() -> None:
    assert parse_name("عمر الشيخ").family == "الشيخ"
    assert parse_name("Samir Al Hajj").family == "alhajj"


def test_it_reads_family_first_order_when_asked() -> None:
    p = parse_name("الحسن محمد أحمد علي", family_first=True)
    assert (p.given, p.father, p.grandfather, p.family) == ("محمد", "احمد", "علي", "الحسن")


@pytest.mark.parametrize(("name", "order"), [
    ("الجاسم ليلى محمد", "family"),  # a register: the family name, with its article, first
    ("الأسامة محمود محمد", "family"),
    ("الفهد محمد", "family"),
    ("محمد أحمد الحسن", "given"),
    ("الياس محمد الحسن", "given"),  # Elias: a given name that begins with the article's letters
    ("الهام محمد", None),  # Ilham, likewise; and محمد says nothing
    ("منصور أحمد محمد", None),  # a family name without the article says nothing
    ("الحسن محمد الحسن", None),  # both ends carry it
    ("الشيخ محمد فهد", None),  # a leading honorific is not a family name
    ("Al-Jasem Layla Mohammad", None),  # Latin spellings are not read (Al-Hasan / Alaa)
    ("محمد", None),
])
def test_a_name_says_its_order_by_the_article_on_one_end(name: str, order: str | None) -> None:
    assert written_order(name) == order
