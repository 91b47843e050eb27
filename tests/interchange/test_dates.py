from datetime import date

import pytest

from athar.interchange import DatePrecision, PartialDate


def test_it_parses_the_three_precisions():
    assert PartialDate.parse("2012").precision is DatePrecision.YEAR
    assert PartialDate.parse("2012-06").precision is DatePrecision.MONTH
    assert PartialDate.parse("2012-06-03") == PartialDate(2012, 6, 3)


@pytest.mark.parametrize("text", ["12/2012", "2012-13", "2012-02-30", "summer 2012", "", "1700"])
def test_it_rejects_what_is_not_a_partial_date(text):
    with pytest.raises(ValueError):
        PartialDate.parse(text)


def test_it_keeps_only_what_is_known():
    assert PartialDate.parse("2012-6").isoformat() == "2012-06"
    assert str(PartialDate(2013)) == "2013"


def test_it_spans_the_whole_period_it_denotes():
    june = PartialDate(2012, 6)
    assert june.earliest() == date(2012, 6, 1)
    assert june.latest() == date(2012, 6, 30)
    assert PartialDate(2012).overlaps(PartialDate(2012, 6, 3))
    assert not PartialDate(2012, 5).overlaps(PartialDate(2012, 6, 3))


def test_it_refuses_a_day_without_a_month():
    with pytest.raises(ValueError):
        PartialDate(2012, None, 3)
