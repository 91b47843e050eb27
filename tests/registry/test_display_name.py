"""The name shown for a person: the fullest name in the order Syrians give it, Arabic first; never
the family-first order of a prison register when another record gives the name the usual way."""

from __future__ import annotations

from athar.registry.services import derive_display_name


def test_it_prefers_the_given_first_name_to_the_register_form_even_when_the_register_is_more_frequent() -> None:
    names = ["الحسن محمد أحمد"] * 4 + ["محمد أحمد الحسن", "Mohammad Al-Hasan"]
    assert derive_display_name(names) == "محمد أحمد الحسن"


def test_it_prefers_the_fullest_name() -> None:
    assert derive_display_name(["محمد الحسن", "محمد الحسن", "محمد أحمد خليل الحسن"]) == "محمد أحمد خليل الحسن"


def test_latin_spellings_vote_on_the_order() -> None:
    assert derive_display_name(["الحسن محمد", "Mhd Ahmad Al-Hasan"]) == "الحسن محمد"  # the only Arabic name
    assert derive_display_name(["الحسن محمد أحمد", "محمد أحمد الحسن", "Muhammad Ahmad Alhasan"]) == "محمد أحمد الحسن"


def test_a_register_form_alone_is_still_shown() -> None:
    assert derive_display_name(["الحسن محمد أحمد", "الحسن محمد أحمد خليل"]) == "الحسن محمد أحمد خليل"


def test_latin_names_when_there_is_no_arabic_one() -> None:
    assert derive_display_name(["Rami Saleh", "Rami Saleh", "R. Saleh"]) == "Rami Saleh"
    assert derive_display_name([]) == ""
