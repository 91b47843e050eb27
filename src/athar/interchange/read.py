"""Read records CSVs (spec section 1) without losing a row.

Every data row becomes a `RecordRow`. Values that cannot be understood (a date like `12/2012`,
an unknown event type) leave the field empty and add a `RowProblem`; the verbatim row is always
kept in `raw`. Callers decide: the importer quarantines rows with problems, the linker uses what it
can and reports the rest. Problems that make the whole file unusable raise `InputError`.
Row numbers are those a spreadsheet shows: the header is row 1."""

from __future__ import annotations

import contextlib
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

from athar.errors import InputError
from athar.interchange.dates import DateOrder, PartialDate, fold, read_date
from athar.interchange.delimited import BrokenRow, DelimitedFile, read_delimited, sniff_kind
from athar.interchange.schema import COLUMNS, HEADER_SUGGESTIONS, REQUIRED_COLUMNS, EventType, Sex
from athar.interchange.vocabulary import read_event_type, read_sex

_KEY_COLUMNS = frozenset(REQUIRED_COLUMNS)
_DATE_COLUMNS = ("birth_date", "event_date")
_TEXT_COLUMNS = ("full_name", "first_name", "father_name", "grandfather_name", "family_name", "mother_name",
                 "mother_family_name", "birth_place", "national_id", "governorate", "event_place")
# Control characters (C0 but tab and line breaks, DEL, C1): never part of a name, an id or a place;
# a row holding one (a terminal escape, a broken export) goes to quarantine.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Bidi embeddings, overrides and isolates: Arabic text pasted from word processors carries them, and
# they would reorder what a page shows. Left out of the fields read (the raw row keeps them).
_BIDI_FORMATTING = re.compile("[\u202a-\u202e\u2066-\u2069]")
OVERFLOW = "(cells beyond the header)"
UNPARSED = "(line as written)"


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
    # athar field -> the header cell it was read from ("record_id" -> "Record ID").
    fields: dict[str, str] = field(default_factory=dict)
    # How the file was read, for the person importing it ("UTF-16, separated by semicolons").
    description: str = ""

    @property
    def problems(self) -> list[RowProblem]:
        return [p for r in self.rows for p in r.problems]

    @property
    def unmapped_columns(self) -> list[str]:
        """Header cells not read as any field: kept verbatim as extra attributes."""
        mapped = set(self.fields.values())
        return [c for c in self.columns if c not in mapped]


def header_key(column: str) -> str:
    """A header cell as compared with athar's field names: case, spaces and punctuation ignored,
    so `Record ID`, `record-id` and `RECORD_ID` are all `record_id`."""
    return "".join(ch for ch in column.casefold() if ch.isalnum())


_FIELD_KEYS = {header_key(c): c for c in COLUMNS}
_SUGGESTIONS = {header_key(fold(words)): name for name, all_words in HEADER_SUGGESTIONS.items()
                for words in all_words}


def suggest_field(column: str) -> str | None:
    """The field a header cell probably means (`الاسم الكامل` -> full_name, `DOB` -> birth_date), or
    None. A suggestion for a person to confirm, never applied on its own."""
    key = header_key(fold(column))
    if key in _FIELD_KEYS:
        return _FIELD_KEYS[key]
    if key in _SUGGESTIONS:
        return _SUGGESTIONS[key]
    # "الاسم الكامل للمعتقل": the longest known name the cell starts with.
    for known in sorted(_SUGGESTIONS, key=len, reverse=True):
        if len(known) >= 4 and key.startswith(known):
            return _SUGGESTIONS[known]
    return None


def match_columns(header: list[str], mapping: Mapping[str, str] | None = None, *,
                  file: str | None = None) -> dict[str, str]:
    """athar field -> header cell. A declared `mapping` (header cell -> field, "" to keep a column
    verbatim) comes first; other cells are matched by `header_key`. Raises InputError for a mapping
    that names an unknown field, and for two columns read as one field."""
    fields: dict[str, str] = {}
    taken: set[str] = set()
    declared = dict(mapping or {})
    by_key = {header_key(k): v for k, v in declared.items()}
    for cell in header:
        target = declared.get(cell, by_key.get(header_key(cell)))
        if target is None:
            continue
        taken.add(cell)
        if not target:
            continue
        if target not in COLUMNS:
            raise InputError(f"the column mapping reads a column as {target!r}, which is not a field of the "
                             "records format", file=file, row=1, column=cell)
        if target in fields:
            raise InputError(f"two columns would be read as {target}: {fields[target]!r} and {cell!r}",
                             file=file, row=1, column=cell)
        fields[target] = cell
    for cell in header:
        target = _FIELD_KEYS.get(header_key(cell))
        if cell in taken or target is None:
            continue
        if target in fields:
            raise InputError(f"two columns would be read as {target}: {fields[target]!r} and {cell!r}",
                             file=file, row=1, column=cell)
        fields[target] = cell
    return fields


def _name_blank_columns(header: list[str]) -> list[str]:
    """Give a column with an empty header cell a name from its position ("(column 5)").

    Spreadsheets often export unnamed columns; with two of them, every cell of the first would be
    overwritten by the second in the row's mapping and lost without a word."""
    return [h or f"(column {position})" for position, h in enumerate(header, start=1)]


def _parse_row(file: str, row_number: int, raw: dict[str, str], fields: Mapping[str, str],
               default_source: str | None, date_order: DateOrder | None) -> RecordRow:
    rec = RecordRow(file=file, row=row_number, raw=raw)

    def problem(column: str | None, reason: str) -> None:
        rec.problems.append(RowProblem(file, row_number, column, reason))

    def cell(name: str) -> str | None:
        column = fields.get(name)
        if column is None:
            return None
        value = raw[column]
        if max(value, default="\x00") >= "\u202a":  # cheap guard: only text beyond U+202A can hold them
            value = _BIDI_FORMATTING.sub("", value)
        return value.strip() or None

    if _CONTROL.search("".join(raw.values())):  # one search per row; columns only when found
        for column, value in raw.items():
            if _CONTROL.search(value):
                problem(column, "control characters in the value (a terminal escape or a broken export)")
    rec.record_id = cell("record_id") or ""
    if not rec.record_id:
        problem("record_id", "record_id is empty")
    rec.source = cell("source") or (default_source or "")
    if not rec.source:
        problem("source", "source is empty and no default source was given")
    for column in _TEXT_COLUMNS:
        setattr(rec, column, cell(column))
    if sex := cell("sex"):
        rec.sex = read_sex(sex)
        if rec.sex is None:
            problem("sex", "sex must be M, F (or ذكر, أنثى) or empty")
    for column in _DATE_COLUMNS:
        if text := cell(column):
            try:
                setattr(rec, column, read_date(text, order=date_order))
            except ValueError as exc:  # AmbiguousDateError too: reported, never guessed
                problem(column, str(exc))
    if age := cell("age"):
        # isdecimal, not isdigit: "²" is a digit that int() refuses; Arabic-Indic "٢٧" is decimal.
        if age.isdecimal() and 0 <= int(age) <= 120:
            rec.age = int(age)
        else:
            problem("age", "age must be a whole number of years between 0 and 120")
    if event_type := cell("event_type"):
        rec.event_type = read_event_type(event_type)
        if rec.event_type is None:
            problem("event_type", "unknown event type; expected one of " + ", ".join(e.value for e in EventType)
                    + " (or the Arabic word, such as اعتقال)")
    mapped = set(fields.values())
    rec.extra = {k: v for k, v in raw.items() if k not in mapped and v}
    return rec


def _table(path: Path, *, encoding: str | None, delimiter: str | None, sheet: str | None,
           ) -> Iterator[tuple[int, list[str] | BrokenRow | DelimitedFile | str]]:
    """The rows of a CSV or an Excel workbook, recognised from the file's first bytes."""
    try:
        with path.open("rb") as handle:
            head = handle.read(1 << 16)
    except (FileNotFoundError, IsADirectoryError, OSError):
        head = b""  # read_delimited names the problem
    if encoding is None and sniff_kind(head) == "xlsx":
        from athar.interchange.xlsx import read_xlsx

        return read_xlsx(path, sheet=sheet)
    return read_delimited(path, encoding=encoding, delimiter=delimiter)


@dataclass
class Preview:
    """The header and first rows of a file, for a person choosing its column mapping."""

    columns: list[str]
    rows: list[list[str]]
    description: str
    suggestions: dict[str, str]  # header cell -> suggested field ("" when none)


def preview_records(path: str | Path, *, rows: int = 5, encoding: str | None = None, delimiter: str | None = None,
                    sheet: str | None = None, mapping: Mapping[str, str] | None = None) -> Preview:
    """Read the header and the first `rows` non-blank rows, and suggest a field for each column (a
    saved `mapping` first, then `suggest_field`). Raises InputError when the file cannot be read;
    a missing record_id column is not an error here: choosing it is what the mapping is for."""
    path = Path(path)
    header: list[str] = []
    sample: list[list[str]] = []
    description = ""
    for _, cells in _table(path, encoding=encoding, delimiter=delimiter, sheet=sheet):
        if isinstance(cells, DelimitedFile | str):
            description = cells.description if isinstance(cells, DelimitedFile) else cells
        elif not header:
            header = _name_blank_columns([h.strip() for h in cells])  # type: ignore[union-attr]
            duplicates = [h for h, n in Counter(header).items() if n > 1]
            if duplicates:
                raise InputError("duplicate column in header", file=str(path), row=1, column=duplicates[0])
        elif isinstance(cells, BrokenRow):
            sample.append([cells.text.rstrip("\r\n")] + [""] * (len(header) - 1))
        elif any(c.strip() for c in cells):
            sample.append((list(cells) + [""] * len(header))[: len(header)])
        if len(sample) >= rows:
            break
    if not header:
        raise InputError("the file is empty; expected a header row", file=str(path))
    suggestions: dict[str, str] = {}
    taken: set[str] = set()
    for column in header:
        field_name = (mapping or {}).get(column)
        if field_name is None:
            field_name = suggest_field(column) or ""
        if field_name in taken:
            field_name = ""
        taken.add(field_name)
        suggestions[column] = field_name
    return Preview(columns=header, rows=sample, description=description, suggestions=suggestions)


def read_records(path: str | Path, *, default_source: str | None = None, date_order: DateOrder | None = None,
                 encoding: str | None = None, delimiter: str | None = None,
                 mapping: Mapping[str, str] | None = None, sheet: str | None = None) -> ReadResult:
    """Read one records file (CSV or .xlsx). Raises InputError when the file itself cannot be used.

    `date_order` is the declared order of numeric dates (03/04/2013); `encoding` and `delimiter`
    override what is recognised; `mapping` maps the file's header cells to athar's fields (see
    `match_columns`); `sheet` chooses a workbook's sheet."""
    path = Path(path)
    name = str(path)
    rows: list[RecordRow] = []
    header: list[str] = []
    fields: dict[str, str] = {}
    description = ""
    for row_number, cells in _table(path, encoding=encoding, delimiter=delimiter, sheet=sheet):
        if isinstance(cells, DelimitedFile | str):
            description = cells.description if isinstance(cells, DelimitedFile) else cells
            continue
        if not header:
            header = _name_blank_columns([h.strip() for h in cells])  # type: ignore[union-attr]
            duplicates = [h for h, n in Counter(header).items() if n > 1]
            if duplicates:
                raise InputError("duplicate column in header", file=name, row=1, column=duplicates[0])
            fields = match_columns(header, mapping, file=name)
            # `source` may be supplied by the caller; record_id never can.
            if "record_id" not in fields:
                raise InputError(f"missing required column (read as {description}; header cells: "
                                 f"{len(header)})", file=name, row=1, column="record_id")
            if "source" not in fields and not default_source:
                raise InputError("missing column source and no default source given", file=name,
                                 row=1, column="source")
            continue
        if isinstance(cells, BrokenRow):
            rec = RecordRow(file=name, row=row_number, raw={UNPARSED: cells.text.rstrip("\r\n")})
            rec.problems.append(RowProblem(name, row_number, None, cells.reason))
            rec.problems.append(RowProblem(name, row_number, "record_id", "the row could not be split into cells"))
            rows.append(rec)
            continue
        if not any(v.strip() for v in cells):
            continue  # blank line: nothing to keep
        if len(cells) > len(header):
            raw = dict(zip(header, cells[: len(header)], strict=True))
            raw[OVERFLOW] = ",".join(cells[len(header):])
        else:
            raw = dict(zip(header, cells + [""] * (len(header) - len(cells)), strict=True))
        rec = _parse_row(name, row_number, raw, fields, default_source, date_order)
        if OVERFLOW in raw:
            rec.problems.append(RowProblem(name, row_number, None, "the row has more cells than the header"))
        rows.append(rec)
    if not header:
        raise InputError("the file is empty; expected a header row", file=name)
    return ReadResult(rows=rows, columns=header, fields=fields, description=description)


_DATE_ORDER: ContextVar[DateOrder | None] = ContextVar("athar_date_order", default=None)


@contextlib.contextmanager
def declared_date_order(order: DateOrder | None) -> Iterator[None]:
    """Within the block, `read_many` reads numeric dates in `order` unless told otherwise: how
    `athar link --date-order` reaches the reader through the linkage pipeline, which takes paths."""
    token = _DATE_ORDER.set(order)
    try:
        yield
    finally:
        _DATE_ORDER.reset(token)


def read_many(paths: Iterable[str | Path], *, default_source: str | None = None,
              date_order: DateOrder | None = None) -> ReadResult:
    """Read several files as one set; a key repeated across or within files is a problem of
    the later row (the first stays usable). `date_order` defaults to the `declared_date_order`."""
    date_order = date_order or _DATE_ORDER.get()
    rows: list[RecordRow] = []
    columns: list[str] = []
    fields: dict[str, str] = {}
    seen: dict[tuple[str, str], RecordRow] = {}
    for path in paths:
        result = read_records(path, default_source=default_source, date_order=date_order)
        columns += [c for c in result.columns if c not in columns]
        for name, column in result.fields.items():
            fields.setdefault(name, column)
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
    return ReadResult(rows=rows, columns=columns, fields=fields)
