"""A partial date typed by a person, on every form (case work, tracing intake, UN): read by the
importer's own parser (`read_date`, day first, the Syrian order), so a form takes what a list
takes: `2013`, `06/2013`, `03/06/2013`, `حزيران 2013`, `summer 2012` / `صيف 2012`, `early 2013`,
`1433 هـ`, in Latin or Arabic-Indic digits. One field for every app (they sit above the registry)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from athar.interchange import DateOrder, PartialDate, read_date
from athar.registry.templatetags.partial_dates import year_part


def parse_partial_date(text: str) -> PartialDate | None:
    """A date as a caseworker types it, read by the importer's own parser (`read_date`): `2013`,
    `2013-06`, `06/2013`, `03/06/2013` day first (the Syrian order), `حزيران 2013`, `summer 2012` /
    `صيف 2012`, `early 2013` / `أوائل 2013`, `1433 هـ`, in Latin or Arabic-Indic digits. Empty: None.
    Anything else raises ValueError."""
    text = text.replace("\u200f", "").replace("\u200e", "").strip()
    if not text:
        return None
    return read_date(text, order=DateOrder.DMY)


def date_as_typed(value: PartialDate | None) -> str:
    """A stored date as a caseworker would type it, in the active language, so that an edit form
    shows it and reads it back unchanged: `1985-06`, `صيف 1985` / `summer 1985`, `1405 هـ` /
    `1405 AH` — never the bare year of a season, which saving the form would make the new value."""
    if value is None:
        return ""
    if value.part is not None:
        return year_part(value.part, value.year)
    if value.hijri_year is not None:
        return pgettext("Hijri year as typed", "%(hijri)s AH") % {"hijri": value.hijri_year}
    return value.isoformat()


class PartialDateFormField(forms.CharField):
    default_error_messages = {
        "invalid": _("Write the date as a year (2013), a month (2013-06, 06/2013 or June 2013), a day "
                     "(2013-06-03 or 03/06/2013), a season or part of a year (summer 2012, early 2013) "
                     "or a Hijri year (1433 AH)."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("help_text", _("A year, a month, a day, a season or a Hijri year: 2013, 03/06/2013, "
                                         "summer 2012, 1433 AH."))
        super().__init__(**kwargs)
        self.widget.attrs.update({"dir": "auto", "autocomplete": "off"})

    def clean(self, value: Any) -> PartialDate | None:
        text = super().clean(value)
        try:
            return parse_partial_date(text or "")
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
