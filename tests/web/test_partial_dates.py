"""Partial dates are shown at exactly the precision the source gave, with Levantine month names."""

from __future__ import annotations

import pytest
from django.utils import translation

from athar.interchange import PartialDate, YearPart
from athar.registry.templatetags.partial_dates import format_partial_date, partial_date, stored_value


@pytest.mark.parametrize(("value", "arabic", "english"), [
    (PartialDate(2012), "2012", "2012"),
    (PartialDate(2012, 6), "حزيران 2012", "June 2012"),
    (PartialDate(2013, 1, 5), "5 كانون الثاني 2013", "5 January 2013"),
    (PartialDate(2021, 12), "كانون الأول 2021", "December 2021"),
    # Seasons and parts of a year as the source named them, never the bare year.
    (PartialDate(2012, part=YearPart.SUMMER), "صيف 2012", "summer 2012"),
    (PartialDate(2013, part=YearPart.EARLY), "أوائل 2013", "early 2013"),
    (PartialDate(2014, part=YearPart.LATE), "أواخر 2014", "late 2014"),
    (PartialDate(2011, part=YearPart.MID), "منتصف 2011", "mid-2011"),
    (PartialDate(2012, part=YearPart.WINTER), "شتاء 2012", "winter 2012"),
    # A Hijri year with the Gregorian days it spans.
    (PartialDate.from_hijri_year(1433), "1433 هـ (26 تشرين الثاني 2011 – 14 تشرين الثاني 2012)",
     "1433 AH (26 November 2011 – 14 November 2012)"),
])
def test_it_says_only_what_the_source_said(value: PartialDate, arabic: str, english: str) -> None:
    with translation.override("ar"):
        assert format_partial_date(value) == arabic
    with translation.override("en"):
        assert format_partial_date(value) == english


def test_it_marks_the_machine_readable_date_at_its_own_precision() -> None:
    with translation.override("en"):
        assert partial_date(PartialDate(2012, 6)) == '<time datetime="2012-06">June 2012</time>'


def test_it_says_when_a_date_is_unknown() -> None:
    with translation.override("ar"):
        assert "التاريخ غير معروف" in partial_date(None)
    with translation.override("en"):
        assert "date unknown" in partial_date(None)


def test_a_season_keeps_the_year_as_its_machine_readable_date() -> None:
    with translation.override("ar"):
        assert partial_date(PartialDate(2012, part=YearPart.SUMMER)) == '<time datetime="2012">صيف 2012</time>'


def test_a_records_history_shows_a_stored_date_as_people_say_it() -> None:
    with translation.override("ar"):
        assert stored_value("2012-22", "birth_date") == "صيف 2012"
        assert stored_value("1985-H1405", "birth_date").startswith("1405 هـ (")
        assert stored_value("2012-22", "family_name") == "2012-22"
    with translation.override("en"):
        assert stored_value("2013-37", "event_date") == "early 2013"
