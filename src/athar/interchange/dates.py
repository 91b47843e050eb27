"""Partial dates: a year, a year and month, a full day, a named part of a year ("summer 2012",
"early 2013") or a Hijri year — as sources give them.

"Summer 2012" is not a day; storing it as 2012-01-01 would invent a fact. A PartialDate keeps only
what is known: `earliest()` and `latest()` give the span it denotes, `precision` the finest calendar
unit it names (a season or a Hijri year names no month: its precision is the year).

Two text forms:
- `PartialDate.parse` reads the stored form only: ISO at its precision (`2012`, `2012-06`,
  `2012-06-03`), a part of a year as an EDTF code (`2012-22` summer; 21-24 the seasons, 37-39 the
  first, middle and last third of the year), a Hijri year as `2012-H1433` (the Gregorian year that
  holds most of it, then the Hijri year). `as_text()` writes it; every stored form sorts after the
  year's ISO dates, before the next year.
- `read_date(text, order=...)` reads what people type: day-first and month-first numbers, month
  names in English and Arabic (Levantine كانون الثاني and Egyptian يناير), Arabic-Indic digits,
  seasons and early/mid/late in both languages, Hijri years (`1433 هـ`, `1433 AH`). It never guesses:
  `03/04/2013` without a declared order is refused as ambiguous.

Limits: two-digit years are refused (85 could be 1885 or 1985); Hijri months and days are not read,
only Hijri years (1343-1500 AH, the range of the conversion tables); "winter 2012" is the
meteorological winter that ends in 2012 (December 2011 to February 2012). Error reasons name the
rule, never the value: a birth date is personal data."""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_PART = re.compile(r"^(\d{4})-(2[1-4]|3[7-9])$")
_HIJRI_STORED = re.compile(r"^(\d{4})-H(\d{4})$")
HIJRI_YEARS = (1343, 1500)  # the range hijridate's Umm al-Qura tables cover (1924-2077)


class DatePrecision(StrEnum):
    YEAR = "year"
    MONTH = "month"
    DAY = "day"


class DateOrder(StrEnum):
    """The order of day, month and year in a source's numeric dates, declared by whoever imports it."""

    DMY = "dmy"
    MDY = "mdy"
    YMD = "ymd"


class YearPart(StrEnum):
    """A named stretch of a year. Values are EDTF (ISO 8601-2) season and quadrimester codes."""

    SPRING = "21"
    SUMMER = "22"
    AUTUMN = "23"
    WINTER = "24"
    EARLY = "37"  # January-April
    MID = "38"  # May-August
    LATE = "39"  # September-December


# (first month, last month); winter starts in December of the year before.
_PART_MONTHS: dict[YearPart, tuple[int, int]] = {
    YearPart.SPRING: (3, 5), YearPart.SUMMER: (6, 8), YearPart.AUTUMN: (9, 11), YearPart.WINTER: (12, 2),
    YearPart.EARLY: (1, 4), YearPart.MID: (5, 8), YearPart.LATE: (9, 12),
}


def _hijri_span(hijri_year: int) -> tuple[date, date]:
    from hijridate import Hijri

    if not HIJRI_YEARS[0] <= hijri_year <= HIJRI_YEARS[1] - 1:
        raise ValueError(f"Hijri years can be read from {HIJRI_YEARS[0]} to {HIJRI_YEARS[1] - 1} AH")
    first = Hijri(hijri_year, 1, 1).to_gregorian()
    following = Hijri(hijri_year + 1, 1, 1).to_gregorian()
    return date(first.year, first.month, first.day), date(following.year, following.month, following.day) - \
        timedelta(days=1)


def _gregorian_year_of(hijri_year: int) -> int:
    """The Gregorian year that holds most days of a Hijri year."""
    first, last = _hijri_span(hijri_year)
    if first.year == last.year:
        return first.year
    days_in_first = (date(first.year, 12, 31) - first).days + 1
    days_in_last = (last - date(last.year, 1, 1)).days + 1
    return first.year if days_in_first >= days_in_last else last.year


@dataclass(frozen=True, slots=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None
    part: YearPart | None = None
    hijri_year: int | None = None

    def __post_init__(self) -> None:
        if not 1800 <= self.year <= 2100:
            raise ValueError(f"year {self.year} out of range 1800-2100")
        if self.month is None and self.day is not None:
            raise ValueError("a day needs a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} out of range 1-12")
        if self.day is not None and self.month is not None:
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise ValueError(f"day {self.day} out of range 1-{last}")
        if (self.part is not None or self.hijri_year is not None) and self.month is not None:
            raise ValueError("a season, a part of a year or a Hijri year has no month")
        if self.part is not None and self.hijri_year is not None:
            raise ValueError("a date is either a part of a Gregorian year or a Hijri year")
        if self.hijri_year is not None and self.year != _gregorian_year_of(self.hijri_year):
            raise ValueError("the Gregorian year does not match the Hijri year")

    @classmethod
    def from_hijri_year(cls, hijri_year: int) -> PartialDate:
        """A Hijri year, dated by the Gregorian year that holds most of its days (1433 AH, from
        26 November 2011 to 14 November 2012, is 2012); `earliest`/`latest` keep the exact span."""
        return cls(_gregorian_year_of(hijri_year), hijri_year=hijri_year)

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse the stored form (see the module docstring); raise ValueError with a readable reason.
        For what people type, use `read_date`."""
        text = text.strip()
        if match := _PART.match(text):  # before ISO: 2012-22 is summer, not a 22nd month
            return cls(int(match[1]), part=YearPart(match[2]))
        if match := _ISO.match(text):
            year, month, day = match.groups()
            return cls(int(year), int(month) if month else None, int(day) if day else None)
        if match := _HIJRI_STORED.match(text):
            return cls(int(match[1]), hijri_year=int(match[2]))
        raise ValueError("expected a date as YYYY, YYYY-MM or YYYY-MM-DD")

    @property
    def precision(self) -> DatePrecision:
        if self.day is not None:
            return DatePrecision.DAY
        if self.month is not None:
            return DatePrecision.MONTH
        return DatePrecision.YEAR

    @property
    def is_span(self) -> bool:
        """True for a season, a part of a year or a Hijri year: a stretch named by the source."""
        return self.part is not None or self.hijri_year is not None

    def earliest(self) -> date:
        if self.hijri_year is not None:
            return _hijri_span(self.hijri_year)[0]
        if self.part is not None:
            first = _PART_MONTHS[self.part][0]
            return date(self.year - 1 if self.part is YearPart.WINTER else self.year, first, 1)
        return date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> date:
        if self.hijri_year is not None:
            return _hijri_span(self.hijri_year)[1]
        month = _PART_MONTHS[self.part][1] if self.part is not None else self.month or 12
        return date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def __lt__(self, other: PartialDate) -> bool:
        """Chronological: by the first day the date can be, then by the last (2012 before 2012-06)."""
        return (self.earliest(), -self.latest().toordinal()) < (other.earliest(), -other.latest().toordinal())

    def overlaps(self, other: PartialDate) -> bool:
        """True when both could denote the same day (2012 overlaps 2012-06-03)."""
        return self.earliest() <= other.latest() and other.earliest() <= self.latest()

    def isoformat(self) -> str:
        """ISO 8601 at the date's precision: the year alone for a season or a Hijri year (what the
        linker compares); `as_text()` keeps the season or the Hijri year too."""
        parts = [f"{self.year:04d}"]
        if self.month is not None:
            parts.append(f"{self.month:02d}")
        if self.day is not None:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def as_text(self) -> str:
        """The stored form: `isoformat()`, or `2012-22` (summer 2012), or `2012-H1433`."""
        if self.part is not None:
            return f"{self.year:04d}-{self.part.value}"
        if self.hijri_year is not None:
            return f"{self.year:04d}-H{self.hijri_year:04d}"
        return self.isoformat()

    def __str__(self) -> str:
        return self.as_text()


class AmbiguousDateError(ValueError):
    """A numeric date whose day and month could be either way round (03/04/2013)."""


_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
# Folding for matching words: alef forms, alef maqsura, taa marbuta, tatweel and short vowels.
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ـ": None,
                              **{chr(c): None for c in range(0x064B, 0x0653)}})


def fold(text: str) -> str:
    """Lower-case, Arabic letter variants folded, Arabic-Indic digits as ASCII: for matching words."""
    return text.translate(_ARABIC_DIGITS).translate(_ARABIC_FOLD).casefold()


_MONTH_WORDS: dict[str, int] = {}
for _number, _words in enumerate([
    "january jan كانون الثاني كانون ثاني يناير جانفي",
    "february feb شباط فبراير فيفري",
    "march mar آذار اذار مارس",
    "april apr نيسان أبريل ابريل إبريل افريل",
    "may أيار ايار مايو ماي",
    "june jun حزيران يونيو يونيه جوان",
    "july jul تموز يوليو يوليه جويلية",
    "august aug آب اب أغسطس اغسطس غشت اوت",
    "september sep sept أيلول ايلول سبتمبر",
    "october oct تشرين الأول تشرين اول أكتوبر اكتوبر",
    "november nov تشرين الثاني تشرين ثاني نوفمبر",
    "december dec كانون الأول كانون اول ديسمبر",
], start=1):
    # Two-word Levantine names first so "كانون الثاني" is one month, not "كانون" and a stray word.
    _parts = _words.split()
    _index = 0
    while _index < len(_parts):
        if _parts[_index] in {"كانون", "تشرين"}:
            _MONTH_WORDS[fold(_parts[_index] + " " + _parts[_index + 1])] = _number
            _index += 2
        else:
            _MONTH_WORDS[fold(_parts[_index])] = _number
            _index += 1

_PART_WORDS: dict[str, YearPart] = {fold(w): part for part, words in {
    YearPart.SPRING: "spring ربيع الربيع",
    YearPart.SUMMER: "summer صيف الصيف",
    YearPart.AUTUMN: "autumn fall خريف الخريف",
    YearPart.WINTER: "winter شتاء الشتاء",
    YearPart.EARLY: "early beginning start أوائل اوائل بداية بدايه مطلع أول اول",
    YearPart.MID: "mid middle منتصف أواسط اواسط وسط",
    YearPart.LATE: "late end أواخر اواخر نهاية نهايه آخر اخر",
}.items() for w in words.split()}

# Words that carry nothing: "in summer 2012", "في صيف عام 2012", "end of 2012", "سنة 2012".
_FILLER = {fold(w) for w in ["in", "of", "the", "year", "في", "عام", "سنة", "سنه", "من"]}
_HIJRI_MARKS = {fold(w) for w in ["ah", "h", "هـ", "ه", "هجري", "هجريه", "هجرية"]}
_GREGORIAN_MARKS = {fold(w) for w in ["ad", "ce", "م", "ميلادي", "ميلاديه", "ميلادية"]}
_SEPARATORS = re.compile(r"[\s,،/.\-]+")
_ORDER_HINT = "declare the order with --date-order dmy or mdy"


_TWO_WORD_MONTHS = sorted(((w, n) for w, n in _MONTH_WORDS.items() if " " in w), key=lambda item: -len(item[0]))
_GLUED_MARK = re.compile(r"(\d)(هـ|ه|م|h|ah)\b")


def _tokens(text: str) -> list[str]:
    folded = fold(text.strip())
    # "1433هـ", "2012م": the calendar mark may be glued to the year.
    folded = _GLUED_MARK.sub(r"\1 \2", folded)
    if "كانون" in folded or "تشرين" in folded:
        for words, number in _TWO_WORD_MONTHS:
            if words in folded:
                folded = folded.replace(words, f" m{number} ")
    return [t for t in _SEPARATORS.split(folded) if t and t not in _FILLER]


def _year(token: str) -> int:
    if len(token) != 4:
        raise ValueError("expected a four-digit year (a two-digit year could be 19xx or 20xx)")
    year = int(token)
    if not 1800 <= year <= 2100:
        if HIJRI_YEARS[0] <= year < HIJRI_YEARS[1]:
            raise ValueError("year out of range 1800-2100 (a Hijri year? write it as 1433 هـ or 1433 AH)")
        raise ValueError("year out of range 1800-2100")
    return year


def _numeric(numbers: list[str], order: DateOrder | None) -> PartialDate:
    if len(numbers) == 2:  # month and year, either way round: 5-2013, 2013/5
        first, second = numbers
        year, month = (first, second) if len(first) == 4 else (second, first)
        if len(month) > 2:
            raise ValueError("expected a month of one or two digits")
        return _real(_year(year), int(month), None)
    first, second, third = numbers
    if len(first) == 4:  # year first is never ambiguous in practice: 2013/05/12
        return _real(_year(first), int(second), int(third))
    if len(third) != 4:
        raise ValueError("expected a four-digit year (a two-digit year could be 19xx or 20xx)")
    if order is DateOrder.YMD:
        raise ValueError("the date does not start with the year, as the declared order ymd says")
    a, b = int(first), int(second)
    if order is None:
        if a > 12 >= b:
            order = DateOrder.DMY
        elif b > 12 >= a:
            order = DateOrder.MDY
        elif a == b:
            order = DateOrder.DMY
        elif a <= 12 and b <= 12:
            raise AmbiguousDateError(f"ambiguous date: day and month could be either way round; {_ORDER_HINT}")
        else:
            raise ValueError("neither the first nor the second number is a month")
    day_number, month_number = (a, b) if order is DateOrder.DMY else (b, a)
    if not 1 <= month_number <= 12:
        raise ValueError(f"the month is out of range 1-12 for the date order {order.value}")
    return _real(_year(third), month_number, day_number)


def _real(year: int, month: int | None, day: int | None) -> PartialDate:
    """A PartialDate, with a reason that names the rule rather than the value (a birth date is
    personal data; "day 30 out of range 1-28" would tell a reader the value)."""
    try:
        return PartialDate(year, month, day)
    except ValueError:
        raise ValueError("not a real date: no such month, or no such day in that month") from None


def read_date(text: str, *, order: DateOrder | None = None) -> PartialDate:
    """Read a date as people write it (see the module docstring). `order` is the declared order of
    numeric day-month-year dates; without it a date whose day and month could be swapped raises
    AmbiguousDateError. Raises ValueError with a reason that never repeats the value."""
    return _read_date(text.strip(), order)


@functools.lru_cache(maxsize=65_536)
def _read_date(text: str, order: DateOrder | None) -> PartialDate:
    # Cached: a list repeats its dates (thousands of rows say "2013"); PartialDate is immutable.
    if _PART.match(text) or _HIJRI_STORED.match(text):  # athar's own stored forms (a registry export)
        return PartialDate.parse(text)
    if (match := _ISO.match(text)) is not None:
        year, month, day = match.groups()
        return _real(_year(year), int(month) if month else None, int(day) if day else None) if month \
            else PartialDate(_year(year))
    tokens = _tokens(text)
    if not tokens:
        raise ValueError("expected a date")
    hijri = any(t in _HIJRI_MARKS for t in tokens)
    tokens = [t for t in tokens if t not in _HIJRI_MARKS and t not in _GREGORIAN_MARKS]
    numbers = [t for t in tokens if t.isdecimal()]
    months = [_MONTH_WORDS[t] if t in _MONTH_WORDS else int(t[1:]) for t in tokens
              if t in _MONTH_WORDS or re.fullmatch(r"m\d{1,2}", t)]
    parts = [_PART_WORDS[t] for t in tokens if t in _PART_WORDS]
    unknown = [t for t in tokens if not t.isdecimal() and t not in _MONTH_WORDS and t not in _PART_WORDS
               and not re.fullmatch(r"m\d{1,2}", t)]
    if unknown or len(months) > 1 or len(parts) > 1 or (months and parts) or not numbers:
        raise ValueError("expected a date such as 2013-05-12, 12/05/2013, 12 May 2013, أيار 2013, "
                         "summer 2012 or 1433 هـ")
    if hijri:
        if months or parts or len(numbers) != 1 or len(numbers[0]) != 4:
            raise ValueError("only Hijri years are read (1433 هـ), not Hijri months or days")
        return PartialDate.from_hijri_year(int(numbers[0]))
    if parts:
        if len(numbers) != 1:
            raise ValueError("a season or part of a year takes a year only (summer 2012)")
        return PartialDate(_year(numbers[0]), part=parts[0])
    if months:
        years = [n for n in numbers if len(n) == 4]
        days = [n for n in numbers if len(n) <= 2]
        if len(years) != 1 or len(days) > 1 or len(numbers) != len(years) + len(days):
            raise ValueError("expected a day, a month name and a four-digit year (12 May 2013)")
        return _real(_year(years[0]), months[0], int(days[0]) if days else None)
    if len(numbers) == 1:
        digits = numbers[0]
        if len(digits) == 8:
            # 20130512 (ISO's basic form) or 12052013 (a day-first export without separators). Both
            # readings are never real dates at once: a real ISO month makes digits 5-8 a year < 1300.
            if 1800 <= int(digits[:4]) <= 2100:
                try:
                    return _real(_year(digits[:4]), int(digits[4:6]), int(digits[6:]))
                except ValueError:
                    if order is DateOrder.YMD:
                        raise
            return _numeric([digits[:2], digits[2:4], digits[4:]], order)
        return PartialDate(_year(numbers[0]))
    if len(numbers) > 3:
        raise ValueError("expected at most a day, a month and a year")
    return _numeric(numbers, order)
