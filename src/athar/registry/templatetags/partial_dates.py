"""Show a partial date at exactly the precision the source gave: "2012", "June 2012", "3 June 2012",
"summer 2012", "early 2013", "1433 AH (26 November 2011 – 14 November 2012)".

Never "01/06/2012" for a source that said "June 2012": that would invent a day. Month names are
the ones Syrians read: in Arabic the Levantine names (حزيران, not يونيو)."""

from __future__ import annotations

from datetime import date

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import pgettext

from athar.interchange import PartialDate, YearPart

register = template.Library()


def month_name(month: int) -> str:
    # One pgettext call per month so that makemessages sees every string.
    names = {
        1: pgettext("month name", "January"),
        2: pgettext("month name", "February"),
        3: pgettext("month name", "March"),
        4: pgettext("month name", "April"),
        5: pgettext("month name", "May"),
        6: pgettext("month name", "June"),
        7: pgettext("month name", "July"),
        8: pgettext("month name", "August"),
        9: pgettext("month name", "September"),
        10: pgettext("month name", "October"),
        11: pgettext("month name", "November"),
        12: pgettext("month name", "December"),
    }
    return names[month]


def year_part(part: YearPart, year: int) -> str:
    """A named part of a year as the source said it: "summer 2012" / "صيف 2012"."""
    # One pgettext call per part so that makemessages sees every string.
    texts = {
        YearPart.SPRING: pgettext("part of a year", "spring %(year)s"),
        YearPart.SUMMER: pgettext("part of a year", "summer %(year)s"),
        YearPart.AUTUMN: pgettext("part of a year", "autumn %(year)s"),
        YearPart.WINTER: pgettext("part of a year", "winter %(year)s"),
        YearPart.EARLY: pgettext("part of a year", "early %(year)s"),
        YearPart.MID: pgettext("part of a year", "mid-%(year)s"),
        YearPart.LATE: pgettext("part of a year", "late %(year)s"),
    }
    return texts[part] % {"year": year}


def _day(day: date) -> str:
    return f"{day.day} {month_name(day.month)} {day.year}"


def format_partial_date(value: PartialDate | None) -> str:
    """The date as a person says it, in the active language; "" when unknown. A season or a part
    of a year as the source named it ("summer 2012"), a Hijri year with the Gregorian days it
    spans ("1433 AH (26 November 2011 – 14 November 2012)"): never the bare year, which would
    claim a precision the source gave differently."""
    if value is None:
        return ""
    if value.part is not None:
        return year_part(value.part, value.year)
    if value.hijri_year is not None:
        return pgettext("Hijri year", "%(hijri)s AH (%(first)s – %(last)s)") % {
            "hijri": value.hijri_year, "first": _day(value.earliest()), "last": _day(value.latest())}
    if value.month is None:
        return str(value.year)
    if value.day is None:
        return f"{month_name(value.month)} {value.year}"
    return f"{value.day} {month_name(value.month)} {value.year}"


@register.filter
def partial_date(value: PartialDate | None) -> SafeString:
    """A `<time>` element: the spoken form for people, the ISO form (at its own precision) for
    machines. Unknown dates render as an explicit "date unknown"."""
    if value is None:
        return format_html('<span class="muted">{}</span>', pgettext("date", "date unknown"))
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), format_partial_date(value))


# Record fields that hold a partial date in its stored form (`2012-22`): a record's history keeps
# the stored text, and a person reads "summer 2012".
DATE_FIELDS = frozenset({"birth_date", "event_date"})


@register.filter
def stored_value(value: object, field: str) -> object:
    """A value of a record's history as a person reads it: a stored date spoken; anything else as is."""
    if field in DATE_FIELDS and isinstance(value, str) and value:
        try:
            return format_partial_date(PartialDate.parse(value))
        except ValueError:
            return value
    return value
