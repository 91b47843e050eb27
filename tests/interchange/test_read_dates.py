"""Dates as Syrians write them (issue 15 §3): read, or refused with a reason — never guessed."""

from __future__ import annotations

from datetime import date

import pytest

from athar.interchange import DateOrder, PartialDate, YearPart, read_date
from athar.interchange.dates import AmbiguousDateError


@pytest.mark.parametrize(("text", "expected"), [
    ("2013-05-12", PartialDate(2013, 5, 12)),
    ("2013/5/12", PartialDate(2013, 5, 12)),
    ("13/05/2013", PartialDate(2013, 5, 13)),
    ("05/13/2013", PartialDate(2013, 5, 13)),
    ("05/05/2013", PartialDate(2013, 5, 5)),
    ("5-2013", PartialDate(2013, 5)),
    ("05/2013", PartialDate(2013, 5)),
    ("١٣/٠٥/٢٠١٣", PartialDate(2013, 5, 13)),
    ("12 May 2013", PartialDate(2013, 5, 12)),
    ("May 12, 2013", PartialDate(2013, 5, 12)),
    ("12-May-2013", PartialDate(2013, 5, 12)),
    ("June 2012", PartialDate(2012, 6)),
    ("أيار 2013", PartialDate(2013, 5)),
    ("١٢ أيار ٢٠١٣", PartialDate(2013, 5, 12)),
    ("كانون الثاني 2014", PartialDate(2014, 1)),
    ("3 كانون الأول 2012", PartialDate(2012, 12, 3)),
    ("تشرين الثاني 2011", PartialDate(2011, 11)),
    ("يناير 2013", PartialDate(2013, 1)),
    ("15 أغسطس 2013", PartialDate(2013, 8, 15)),
    ("2012م", PartialDate(2012)),
    ("summer 2012", PartialDate(2012, part=YearPart.SUMMER)),
    ("صيف 2012", PartialDate(2012, part=YearPart.SUMMER)),
    ("في صيف عام ٢٠١٢", PartialDate(2012, part=YearPart.SUMMER)),
    ("early 2013", PartialDate(2013, part=YearPart.EARLY)),
    ("أوائل 2013", PartialDate(2013, part=YearPart.EARLY)),
    ("late 2012", PartialDate(2012, part=YearPart.LATE)),
    ("أواخر 2012", PartialDate(2012, part=YearPart.LATE)),
    ("mid-2014", PartialDate(2014, part=YearPart.MID)),
    ("1433 هـ", PartialDate(2012, hijri_year=1433)),
    ("1433هـ", PartialDate(2012, hijri_year=1433)),
    ("1405 AH", PartialDate(1985, hijri_year=1405)),
])
def test_it_reads_dates_as_people_write_them(text, expected):
    assert read_date(text) == expected


@pytest.mark.parametrize("date_", [PartialDate(2012, part=YearPart.SUMMER), PartialDate(2012, hijri_year=1433),
                                   PartialDate(2012, 6, 3)])
def test_it_reads_its_own_stored_forms_back(date_):
    # The registry hands its records to the linker as a records CSV: summer 2012 must survive.
    assert read_date(str(date_)) == date_


def test_it_refuses_to_guess_the_order_of_day_and_month():
    with pytest.raises(AmbiguousDateError, match="--date-order dmy or mdy"):
        read_date("03/04/2013")


def test_it_reads_a_declared_order():
    assert read_date("03/04/2013", order=DateOrder.DMY) == PartialDate(2013, 4, 3)
    assert read_date("03/04/2013", order=DateOrder.MDY) == PartialDate(2013, 3, 4)
    with pytest.raises(ValueError, match="month is out of range"):
        read_date("13/04/2013", order=DateOrder.MDY)
    with pytest.raises(ValueError, match="declared order ymd"):
        read_date("03/04/2013", order=DateOrder.YMD)


@pytest.mark.parametrize(("text", "reason"), [
    ("85", "four-digit year"),
    ("12/05/13", "four-digit year"),
    ("1433", "a Hijri year"),
    ("31/02/2013", "not a real date"),
    ("summer", "expected a date"),
    ("yesterday 2012", "expected a date"),
    ("رجب 1433 هـ", "expected a date"),
    ("", "expected a date"),
])
def test_it_refuses_what_it_cannot_read_without_repeating_the_value(text, reason):
    with pytest.raises(ValueError, match=reason) as caught:
        read_date(text)
    assert not any(part in str(caught.value) for part in ("31", "85", "13") if part in text)


def test_a_season_spans_its_months_and_winter_starts_the_december_before():
    assert (PartialDate(2012, part=YearPart.SUMMER).earliest(),
            PartialDate(2012, part=YearPart.SUMMER).latest()) == (date(2012, 6, 1), date(2012, 8, 31))
    winter = PartialDate(2012, part=YearPart.WINTER)
    assert (winter.earliest(), winter.latest()) == (date(2011, 12, 1), date(2012, 2, 29))
    assert PartialDate(2012, part=YearPart.EARLY).latest() == date(2012, 4, 30)


def test_a_hijri_year_keeps_its_exact_gregorian_span():
    year = read_date("1433 هـ")
    assert (year.earliest(), year.latest()) == (date(2011, 11, 26), date(2012, 11, 14))
    assert year.overlaps(PartialDate(2011, 12)) and not year.overlaps(PartialDate(2011, 10))


@pytest.mark.parametrize("date_", [
    PartialDate(2012), PartialDate(2012, 6), PartialDate(2012, 6, 3), PartialDate(2012, part=YearPart.SUMMER),
    PartialDate(2012, part=YearPart.LATE), PartialDate(2012, hijri_year=1433),
])
def test_the_stored_form_round_trips_and_fits_its_column(date_):
    assert PartialDate.parse(date_.as_text()) == date_
    assert len(date_.as_text()) <= 10


def test_iso_stays_iso_for_the_linker():
    assert PartialDate(2012, part=YearPart.SUMMER).isoformat() == "2012"
    assert PartialDate(2012, hijri_year=1433).isoformat() == "2012"
    assert PartialDate(2012, part=YearPart.SUMMER).as_text() == "2012-22"


def test_stored_forms_sort_inside_their_year():
    texts = sorted(["2013", "2012-H1433", "2012-22", "2012-12-31", "2012", "2011-12"])
    assert texts == ["2011-12", "2012", "2012-12-31", "2012-22", "2012-H1433", "2013"]


def test_the_reader_takes_a_declared_order_for_every_file(tmp_path):
    from athar.interchange import declared_date_order, read_many, read_records

    path = tmp_path / "list.csv"
    path.write_text("record_id,source,birth_date,event_date\n1,ngo,03/04/1985,صيف 2012\n", encoding="utf-8")
    [row] = read_records(path).rows
    assert [p.column for p in row.problems] == ["birth_date"]
    assert "ambiguous" in row.problems[0].reason
    [row] = read_records(path, date_order=DateOrder.DMY).rows
    assert (row.birth_date, row.event_date) == (PartialDate(1985, 4, 3), PartialDate(2012, part=YearPart.SUMMER))
    with declared_date_order(DateOrder.MDY):  # how `athar link --date-order mdy` reaches read_many
        [row] = read_many([path]).rows
    assert row.birth_date == PartialDate(1985, 3, 4)
    assert read_many([path]).rows[0].birth_date is None


def test_athar_link_takes_a_date_order():
    from click.testing import CliRunner

    from athar.cli import main

    output = CliRunner().invoke(main, ["link", "--help"]).output
    assert "--date-order [dmy|mdy|ymd]" in output


def test_it_reads_eight_digits_as_iso_basic_or_as_a_day_first_export() -> None:
    assert read_date("20130512") == PartialDate(2013, 5, 12)  # ISO 8601 basic form, whatever the order
    assert read_date("20130512", order=DateOrder.DMY) == PartialDate(2013, 5, 12)
    assert read_date("20121990") == PartialDate(1990, 12, 20)  # no month 19: day 20, December 1990
    assert read_date("12052013", order=DateOrder.DMY) == PartialDate(2013, 5, 12)
    assert read_date("12052013", order=DateOrder.MDY) == PartialDate(2013, 12, 5)
    with pytest.raises(AmbiguousDateError):
        read_date("12052013")  # never guessed
    with pytest.raises(ValueError, match="declared order ymd"):
        read_date("12052013", order=DateOrder.YMD)
