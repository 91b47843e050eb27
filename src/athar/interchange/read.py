"""Read records CSVs (spec section 1) without losing a row.

Every data row becomes a `RecordRow`. Values that cannot be understood (a date like `12/2012`,
an unknown event type) leave the field empty and add a `RowProblem`; the verbatim row is always
kept in `raw`. Callers decide: the importer quarantines rows with problems, the linker uses what it
can and reports the rest. Problems that make the whole file unusable raise `InputError`.
Row numbers are those a spreadsheet shows: the header is row 1."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from athar.errors import InputError
from athar.interchange.dates import PartialDate
from athar.interchange.schema import COLUMNS, REQUIRED_COLUMNS, EventType, Sex

_SEX_VALUES = {
    "m": Sex.MALE, "male": Sex.MALE, "ذكر": Sex.MALE, "h": Sex.MALE,
    "f": Sex.FEMALE, "female": Sex.FEMALE, "أنثى": Sex.FEMALE, "انثى": Sex.FEMALE,
}
_KEY_COLUMNS = frozenset(REQUIRED_COLUMNS)
csv.field_size_limit(10_000_000)


@dataclass(frozen=True, slots=True)
class RowProblem:
    file: str
    row: int
    column: str | None
    reason: str

    def describe(self) -> str:
        return InputError(self.reason, file=self.file, row=self.row, column=self.column).describe()


@dataclass(slots=True)
class RecordRow:
    file: str
    row: int
    raw: dict[str, str]
    source: str = ""
    record_id: str = ""
    full_name: str | None = None
    first_name: str | None = None
    father_name: str | None = None
    grandfather_name: str | None = None
    family_name: str | None = None
    mother_name: str | None = None
    mother_family_name: str | None = None
    sex: Sex | None = None
    birth_date: PartialDate | None = None
    age: int | None = None
    birth_place: str | None = None
    national_id: str | None = None
    governorate: str | None = None
    event_type: EventType | None = None
    event_date: PartialDate | None = None
    event_place: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str]:
        return (self.source, self.record_id)

    @property
    def is_usable(self) -> bool:
        """A row without its key cannot be referred to, so nothing can use it."""
        return not any(p.column in _KEY_COLUMNS for p in self.problems)

    @property
    def is_clean(self) -> bool:
        return not self.problems


@dataclass
class ReadResult:
    rows: list[RecordRow]
    columns: list[str]

    @property
    def problems(self) -> list[RowProblem]:
        return [p for r in self.rows for p in r.problems]


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


def _parse_row(file: str, row_number: int, raw: dict[str, str], default_source: str | None) -> RecordRow:
    rec = RecordRow(file=file, row=row_number, raw=raw)

    def problem(column: str | None, reason: str) -> None:
        rec.problems.append(RowProblem(file, row_number, column, reason))

    rec.record_id = _clean(raw.get("record_id")) or ""
    if not rec.record_id:
        problem("record_id", "record_id is empty")
    rec.source = _clean(raw.get("source")) or (default_source or "")
    if not rec.source:
        problem("source", "source is empty and no default source was given")
    for column in ("full_name", "first_name", "father_name", "grandfather_name", "family_name",
                   "mother_name", "mother_family_name", "birth_place", "national_id", "governorate",
                   "event_place"):
        setattr(rec, column, _clean(raw.get(column)))
    if sex := _clean(raw.get("sex")):
        rec.sex = _SEX_VALUES.get(sex.lower())
        if rec.sex is None:
            problem("sex", "sex must be M, F or empty")
    for column in ("birth_date", "event_date"):
        if text := _clean(raw.get(column)):
            try:
                setattr(rec, column, PartialDate.parse(text))
            except ValueError as exc:
                problem(column, str(exc))
    if age := _clean(raw.get("age")):
        # isdecimal, not isdigit: "²" is a digit that int() refuses; Arabic-Indic "٢٧" is decimal.
        if age.isdecimal() and 0 <= int(age) <= 120:
            rec.age = int(age)
        else:
            problem("age", "age must be a whole number of years between 0 and 120")
    if event_type := _clean(raw.get("event_type")):
        try:
            rec.event_type = EventType(event_type.lower())
        except ValueError:
            problem("event_type", "unknown event type; expected one of " + ", ".join(e.value for e in EventType))
    if not any(getattr(rec, c) for c in ("full_name", "first_name", "family_name")):
        # Not fatal: a row may identify someone by ID alone, but a caseworker should know.
        pass
    rec.extra = {k: v for k, v in raw.items() if k not in COLUMNS and v}
    return rec


def _encoding_hint(path: Path) -> str:
    """Excel on an Arabic Windows saves "CSV" as Windows-1256. Saying so tells the person what to
    change; reading it anyway would be a guess (cp720 and Mac Arabic exist too)."""
    try:
        with path.open("rb") as handle:
            text = handle.read(1 << 20).decode("cp1256")
    except (OSError, UnicodeDecodeError):
        return ""
    if any("\u0621" <= ch <= "\u064a" for ch in text):
        return " but looks like Windows Arabic (Windows-1256)"
    return ""


def _name_blank_columns(header: list[str]) -> list[str]:
    """Give a column with an empty header cell a name from its position ("(column 5)").

    Spreadsheets often export unnamed columns; with two of them, every cell of the first would be
    overwritten by the second in the row's mapping and lost without a word."""
    return [h or f"(column {position})" for position, h in enumerate(header, start=1)]


def _open_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    name = str(path)
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except FileNotFoundError:
        raise InputError("file not found", file=name) from None
    except OSError as exc:
        raise InputError(f"cannot open file ({exc.strerror})", file=name) from None
    with handle:
        reader = csv.reader(handle)
        row_number = 1
        try:
            header = next(reader, None)
            if header is None:
                raise InputError("the file is empty; expected a header row", file=name)
            header = _name_blank_columns([h.strip() for h in header])
            missing = [c for c in REQUIRED_COLUMNS if c not in header]
            # `source` may be supplied by the caller; record_id never can.
            if "record_id" in missing:
                raise InputError("missing required column", file=name, row=1, column="record_id")
            duplicates = sorted({h for h in header if header.count(h) > 1 and h})
            if duplicates:
                raise InputError("duplicate column in header", file=name, row=1, column=duplicates[0])
            yield 1, {"__header__": header}
            for values in reader:
                row_number += 1
                if not any(v.strip() for v in values):
                    continue  # blank line: nothing to keep
                if len(values) > len(header):
                    raw = dict(zip(header, values[: len(header)], strict=True))
                    raw["__overflow__"] = ",".join(values[len(header):])
                else:
                    raw = dict(zip(header, values + [""] * (len(header) - len(values)), strict=True))
                yield row_number, raw
        except UnicodeDecodeError:
            raise InputError("the file is not valid UTF-8" + _encoding_hint(path) + ": save it as CSV UTF-8",
                             file=name, row=row_number + 1) from None
        except csv.Error as exc:
            raise InputError(f"malformed CSV ({exc})", file=name, row=row_number + 1) from None


def read_records(path: str | Path, *, default_source: str | None = None) -> ReadResult:
    """Read one records CSV. Raises InputError when the file itself cannot be used."""
    path = Path(path)
    rows: list[RecordRow] = []
    columns: list[str] = []
    for row_number, raw in _open_rows(path):
        if row_number == 1:
            columns = list(raw["__header__"])
            if "source" not in columns and not default_source:
                raise InputError("missing column source and no default source given", file=str(path),
                                 row=1, column="source")
            continue
        rec = _parse_row(str(path), row_number, raw, default_source)
        if "__overflow__" in raw:
            rec.problems.append(RowProblem(str(path), row_number, None,
                                           "the row has more cells than the header"))
        rows.append(rec)
    return ReadResult(rows=rows, columns=columns)


def read_many(paths: Iterable[str | Path], *, default_source: str | None = None) -> ReadResult:
    """Read several files as one set; a key repeated across or within files is a problem of
    the later row (the first stays usable)."""
    rows: list[RecordRow] = []
    columns: list[str] = []
    seen: dict[tuple[str, str], RecordRow] = {}
    for path in paths:
        result = read_records(path, default_source=default_source)
        columns += [c for c in result.columns if c not in columns]
        for rec in result.rows:
            if rec.is_usable:
                first = seen.get(rec.key)
                if first is not None:
                    rec.problems.append(RowProblem(
                        rec.file, rec.row, "record_id",
                        f"duplicate key (source, record_id): already in {first.file} row {first.row}"))
                else:
                    seen[rec.key] = rec
            rows.append(rec)
    return ReadResult(rows=rows, columns=columns)
