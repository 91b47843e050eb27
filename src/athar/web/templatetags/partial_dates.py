"""Show a partial date at exactly the precision the source gave: "2012", "June 2012", "3 June 2012".

Never "01/06/2012" for a source that said "June 2012": that would invent a day. Month names are
the ones Syrians read: in Arabic the Levantine names (حزيران, not يونيو)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import pgettext

from athar.interchange import PartialDate

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


def format_partial_date(value: PartialDate | None) -> str:
    """The date as a person says it, in the active language; "" when unknown."""
    if value is None:
        return ""
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
