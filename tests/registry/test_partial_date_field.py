"""PartialDateField stores and returns PartialDate, sorts chronologically, and refuses bad dates."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from tests.factories import make_record, make_source

from athar.interchange import DatePrecision, PartialDate
from athar.registry.fields import PartialDateField
from athar.registry.models import Event, Record

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("value", "precision"), [
    (PartialDate(1985), DatePrecision.YEAR),
    (PartialDate(1985, 7), DatePrecision.MONTH),
    (PartialDate(1985, 7, 31), DatePrecision.DAY),
])
def test_it_round_trips_each_precision(value: PartialDate, precision: DatePrecision) -> None:
    record = make_record("R-1", birth_date=value, derive=False)
    stored = Record.objects.get(pk=record.pk).birth_date
    assert stored == value
    assert isinstance(stored, PartialDate)
    assert stored.precision == precision


def test_it_keeps_null_as_unknown() -> None:
    record = make_record("R-1", derive=False)
    assert Record.objects.get(pk=record.pk).birth_date is None


def test_it_accepts_iso_text_and_returns_a_partial_date() -> None:
    record = make_record("R-1", derive=False)
    Record.objects.filter(pk=record.pk).update(birth_date="1990-02")
    assert Record.objects.get(pk=record.pk).birth_date == PartialDate(1990, 2)


def test_it_orders_less_precise_dates_first_within_their_period() -> None:
    source = make_source()
    for number, date in enumerate(["2013", "2012-06-03", None, "2012", "2012-06", "2011-12-31"]):
        make_record(f"R-{number}", source=source, event_type="arrest", event_date=date)
    make_record("R-place-only", source=source, event_place="Douma")  # an event without a date
    dates = [e.date for e in Event.objects.order_by("date") if e.date is not None]
    assert [d.isoformat() for d in dates] == ["2011-12-31", "2012", "2012-06", "2012-06-03", "2013"]


def test_it_filters_by_range_and_by_year() -> None:
    source = make_source()
    for number, date in enumerate(["2011-12-31", "2012", "2012-06-03", "2013-01"]):
        make_record(f"R-{number}", source=source, event_type="arrest", event_date=date)
    after = Event.objects.filter(date__gte=PartialDate(2012, 6)).order_by("date")
    assert [e.date.isoformat() for e in after] == ["2012-06-03", "2013-01"]
    in_2012 = Event.objects.filter(date__startswith="2012").order_by("date")
    assert [e.date.isoformat() for e in in_2012] == ["2012", "2012-06-03"]


@pytest.mark.parametrize("text", ["2012-13", "2013-02-30", "12/2012", "1700", "2012--01"])
def test_it_rejects_invalid_dates_in_validation(text: str) -> None:
    with pytest.raises(ValidationError):
        PartialDateField().to_python(text)
    record = make_record("R-1", derive=False)
    record.birth_date = text
    with pytest.raises(ValidationError) as error:
        record.full_clean()
    assert "birth_date" in error.value.message_dict


def test_it_refuses_to_save_an_invalid_date() -> None:
    record = make_record("R-1", derive=False)
    record.birth_date = "2013-02-30"
    with pytest.raises(ValueError, match="day 30"), transaction.atomic():
        record.save()
    assert Record.objects.get(pk=record.pk).birth_date is None
