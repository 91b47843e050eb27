"""Partial dates are shown at exactly the precision the source gave, with Levantine month names."""

from __future__ import annotations

import pytest
from django.utils import translation

from athar.interchange import PartialDate
from athar.web.templatetags.partial_dates import format_partial_date, partial_date


@pytest.mark.parametrize(("value", "arabic", "english"), [
    (PartialDate(2012), "2012", "2012"),
    (PartialDate(2012, 6), "حزيران 2012", "June 2012"),
    (PartialDate(2013, 1, 5), "5 كانون الثاني 2013", "5 January 2013"),
    (PartialDate(2021, 12), "كانون الأول 2021", "December 2021"),
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
