"""The reasons of the reader (athar.interchange, which never imports Django and so speaks English) in
the reader's language, for the import pages.

The pure tier's messages are the contract of the command line and stay as they are; this module
recognises them by their wording and gives each its translation, with the numbers and column names
it carries. A reason it does not know (a new message, or Python's own CSV error after "malformed
CSV:") is shown in English rather than hidden: tests/imports/test_reasons.py fails when the reader
gains a message this table does not know."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Row-level and file-level reasons written without a value inside them.
_EXACT: dict[str, Promise] = {
    "record_id is empty": gettext_lazy("record_id is empty"),
    "source is empty and no default source was given":
        gettext_lazy("source is empty and no default source was given"),
    "sex must be M, F (or ذكر, أنثى) or empty": gettext_lazy("sex must be M, F (or ذكر, أنثى) or empty"),
    "age must be a whole number of years between 0 and 120":
        gettext_lazy("age must be a whole number of years between 0 and 120"),
    "control characters in the value (a terminal escape or a broken export)":
        gettext_lazy("control characters in the value (a terminal escape or a broken export)"),
    "duplicate column in header": gettext_lazy("duplicate column in header"),
    "the file is empty; expected a header row": gettext_lazy("the file is empty; expected a header row"),
    "missing column source and no default source given":
        gettext_lazy("missing column source and no default source given"),
    "the sheet is empty; expected a header row in row 1":
        gettext_lazy("the sheet is empty; expected a header row in row 1"),
    "row 1 is empty; expected the header row there": gettext_lazy("row 1 is empty; expected the header row there"),
    "file not found": gettext_lazy("file not found"),
    "a day needs a month": gettext_lazy("a day needs a month"),
    "expected a date": gettext_lazy("expected a date"),
    "expected a date as YYYY, YYYY-MM or YYYY-MM-DD": gettext_lazy("expected a date as YYYY, YYYY-MM or YYYY-MM-DD"),
    "expected a four-digit year (a two-digit year could be 19xx or 20xx)":
        gettext_lazy("expected a four-digit year (a two-digit year could be 19xx or 20xx)"),
    "year out of range 1800-2100": gettext_lazy("year out of range 1800-2100"),
    "year out of range 1800-2100 (a Hijri year? write it as 1433 هـ or 1433 AH)":
        gettext_lazy("year out of range 1800-2100 (a Hijri year? write it as 1433 هـ or 1433 AH)"),
    "expected a month of one or two digits": gettext_lazy("expected a month of one or two digits"),
    "the date does not start with the year, as the declared order ymd says":
        gettext_lazy("the date does not start with the year, as the declared order ymd says"),
    "ambiguous date: day and month could be either way round; declare the order with --date-order dmy or mdy":
        gettext_lazy("ambiguous date: day and month could be either way round; declare the order of the "
                     "source's dates (day first or month first)"),
    "neither the first nor the second number is a month":
        gettext_lazy("neither the first nor the second number is a month"),
    "not a real date: no such month, or no such day in that month":
        gettext_lazy("not a real date: no such month, or no such day in that month"),
    "expected a date such as 2013-05-12, 12/05/2013, 12 May 2013, أيار 2013, summer 2012 or 1433 هـ":
        gettext_lazy("expected a date such as 2013-05-12, 12/05/2013, 12 May 2013, أيار 2013, summer 2012 "
                     "or 1433 هـ"),
    "only Hijri years are read (1433 هـ), not Hijri months or days":
        gettext_lazy("only Hijri years are read (1433 هـ), not Hijri months or days"),
    "a season or part of a year takes a year only (summer 2012)":
        gettext_lazy("a season or part of a year takes a year only (summer 2012)"),
    "expected a day, a month name and a four-digit year (12 May 2013)":
        gettext_lazy("expected a day, a month name and a four-digit year (12 May 2013)"),
    "expected at most a day, a month and a year": gettext_lazy("expected at most a day, a month and a year"),
    "a season, a part of a year or a Hijri year has no month":
        gettext_lazy("a season, a part of a year or a Hijri year has no month"),
    "a date is either a part of a Gregorian year or a Hijri year":
        gettext_lazy("a date is either a part of a Gregorian year or a Hijri year"),
    "the Gregorian year does not match the Hijri year": gettext_lazy("the Gregorian year does not match the Hijri year"),
    "the separator must be one character (--delimiter ';')": gettext_lazy("the separator must be one character"),
    "this is a directory, not a file": gettext_lazy("this is a directory, not a file"),
}

# Reasons that carry a number, a column name or an encoding: (pattern, translation with the same names).
_PATTERNS: list[tuple[re.Pattern[str], Callable[[], str]]] = [
    (re.compile(r"unknown event type; expected one of .*"),
     lambda: _("unknown event type; expected one of the event types of the records format, in English or "
               "Arabic (such as arrest or اعتقال)")),
    (re.compile(r"year (?P<year>\d+) out of range 1800-2100"), lambda: _("year %(year)s out of range 1800-2100")),
    (re.compile(r"month (?P<month>\d+) out of range 1-12"), lambda: _("month %(month)s out of range 1-12")),
    (re.compile(r"day (?P<day>\d+) out of range 1-(?P<last>\d+)"), lambda: _("day %(day)s out of range 1-%(last)s")),
    (re.compile(r"the month is out of range 1-12 for the date order (?P<order>\w+)"),
     lambda: _("the month is out of range 1-12 for the date order %(order)s")),
    (re.compile(r"Hijri years can be read from (?P<first>\d+) to (?P<last>\d+) AH"),
     lambda: _("Hijri years can be read from %(first)s to %(last)s AH")),
    (re.compile(r"missing required column \(read as (?P<found>.*)\)"),
     lambda: _("missing required column (read as %(found)s)")),
    (re.compile(r"merged cells in the header row \((?P<cells>[^)]*)\): .*"),
     lambda: _("merged cells in the header row (%(cells)s): unmerge them so that each column has its own name")),
    (re.compile(r"the file is not valid (?P<encoding>[\w -]+?) but looks like Windows Arabic .*"),
     lambda: _("the file is not valid %(encoding)s but looks like Windows Arabic (Windows-1256): save it in "
               "Excel with Save As, CSV UTF-8, and upload it again")),
    (re.compile(r"the file is not valid (?P<encoding>[\w -]+?)(?P<hint>: .*)?"),
     lambda: _("the file is not valid %(encoding)s: save it in Excel with Save As, CSV UTF-8, and upload it "
               "again")),
    (re.compile(r"this is (?P<kind>.+), not a CSV file"), lambda: _("this is %(kind)s, not a CSV file")),
    (re.compile(r"a cell longer than (?P<limit>[\d,]+) characters"),
     lambda: _("a cell longer than %(limit)s characters")),
    (re.compile(r"the header has (?P<columns>[\d,]+) columns; at most (?P<limit>[\d,]+) are read"),
     lambda: _("the header has %(columns)s columns; at most %(limit)s are read")),
    (re.compile(r"malformed CSV: (?P<detail>.*)"), lambda: _("malformed CSV (%(detail)s)")),
]


def reason_in_language(reason: str) -> str:
    """`reason` in the active language; the English text itself when it is not a known reason."""
    known = _EXACT.get(reason)
    if known is not None:
        return str(known)
    for pattern, translation in _PATTERNS:
        match = pattern.fullmatch(reason)
        if match:
            return translation() % {k: v or "" for k, v in match.groupdict().items()}
    return reason


def where_in_language(*, file: str | None, row: int | None, column: str | None) -> str:
    """"file, row N, column C" in the active language (empty when nothing is known)."""
    parts = []
    if file:
        parts.append(file)
    if row is not None:
        parts.append(_("row %(row)s") % {"row": row})
    if column:
        parts.append(_("column %(column)s") % {"column": column})
    return _(", ").join(parts)
