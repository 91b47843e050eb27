"""Every form that takes a date (case work, a family's tracing request, a UN step or reply) reads it
as the importer does: a season, a Hijri year or an Arabic month is a date, not an error."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from athar.interchange import PartialDate, YearPart
from athar.registry.date_forms import PartialDateFormField, date_as_typed
from athar.tracing.forms import MissingPersonForm
from athar.un.forms import CorrespondenceForm, StepForm
from athar.web.case_forms import CaseForm

FIELDS = [CaseForm.base_fields["birth_date"], MissingPersonForm.base_fields["last_seen_on"],
          MissingPersonForm.base_fields["birth_date"], StepForm.base_fields["taken_on"],
          CorrespondenceForm.base_fields["claimed_on"]]


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize(("typed", "expected"), [
    ("صيف 2013", PartialDate(2013, part=YearPart.SUMMER)),
    ("early 2014", PartialDate(2014, part=YearPart.EARLY)),
    ("1433 هـ", PartialDate(2012, hijri_year=1433)),
    ("حزيران 2013", PartialDate(2013, 6)),
    ("٠٣/٠٦/٢٠١٣", PartialDate(2013, 6, 3)),  # day first, Arabic-Indic digits
    ("", None),
])
def test_every_date_field_reads_dates_as_people_give_them(field: PartialDateFormField, typed: str,
                                                          expected: PartialDate | None) -> None:
    assert isinstance(field, PartialDateFormField)
    assert field.clean(typed) == expected


def test_a_date_it_cannot_read_is_refused_in_the_readers_language() -> None:
    field = MissingPersonForm.base_fields["last_seen_on"]
    with translation.override("ar"):
        with pytest.raises(ValidationError) as refused:
            field.clean("قبل الثورة")
        assert "صيف 2012" in str(refused.value.messages[0])  # the message is read in the reader's language


def test_a_season_is_shown_back_as_typed_so_saving_keeps_it() -> None:
    field = PartialDateFormField()
    with translation.override("ar"):
        shown = date_as_typed(PartialDate(2012, part=YearPart.SUMMER))
        assert shown == "صيف 2012" and field.clean(shown) == PartialDate(2012, part=YearPart.SUMMER)
