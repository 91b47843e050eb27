"""Open a delimited text file (CSV, semicolon- or tab-separated) safely: what it is, how it is encoded
and separated, and its rows one by one, each with the row number a spreadsheet shows.

What it guards against, each with a message naming the file and row:
- files that are not text at all (an Excel workbook, a PDF, /dev/zero) — recognised by their first
  bytes, never called "Windows Arabic";
- encodings: UTF-8 (with or without a byte order mark) and UTF-16 are recognised; anything else must
  be declared (`encoding=`). A byte that is not valid in the encoding is reported at its own row;
- separators: comma, semicolon, tab or bar, recognised from the header (or declared);
- an unclosed quote, which would otherwise swallow every following row into one cell;
- hostile sizes: a line, a cell or a header longer than `Limits` allows stops the read in bounded
  memory and time.
A row that the CSV grammar refuses (text after a closing quote) comes back as a `BrokenRow` so the
caller can quarantine it: it is never dropped."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from athar.errors import InputError

DELIMITERS: dict[str, str] = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "bars"}


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds that no real records file comes near; a file past them is refused with a message."""

    max_line_chars: int = 1_000_000
    max_cell_chars: int = 1_000_000
    max_columns: int = 2_000
    # A quoted cell over more lines than this is a quote left open, not a long testimony.
    max_lines_per_row: int = 2_000


LIMITS = Limits()
# Process-wide in the csv module; the reader checks the real bound itself (see `_check_cell`).
csv.field_size_limit(max(csv.field_size_limit(), LIMITS.max_cell_chars + 1))

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Excel workbook (.xls) or another Office file"),
    (b"%PDF", "a PDF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"SQLite format 3\x00", "an SQLite database"),
)


@dataclass(frozen=True, slots=True)
class BrokenRow:
    """A row the CSV grammar refused, kept as the text of its line(s)."""

    text: str
    reason: str


def sniff_kind(head: bytes) -> str | None:
    """What a file is from its first bytes: "xlsx", "ods", another description, or None for text."""
    if head.startswith(codecs.BOM_UTF16_LE) or head.startswith(codecs.BOM_UTF16_BE):
        return None
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            if kind == "zip":
                if b"xl/" in head or b"[Content_Types].xml" in head and b"opendocument" not in head:
                    return "xlsx"
                if b"opendocument.spreadsheet" in head:
                    return "ods"
                return "a zip archive"
            return kind
    if _utf16_without_bom(head):
        return None
    # A stray NUL in one cell (a broken export) is that row's problem; a file full of them is not text.
    if head.count(0) > max(4, len(head) // 200):
        return "a binary file"
    controls = sum(1 for byte in head if byte < 32 and byte not in b"\t\n\r\x0c")
    if controls > 32 and controls / len(head) > 0.01:
        return "a binary file"
    return None


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 saved without a byte order mark: one NUL in every pair for Latin text and digits."""
    sample = head[:4096]
    if len(sample) < 4:
        return None
    odd, even = sample[1::2], sample[0::2]
    if odd.count(0) > 0.3 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.3 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def detect_encoding(head: bytes) -> tuple[str, str]:
    """(codec, description) of a text file from its first bytes; UTF-8 unless a mark says otherwise."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", "UTF-8"
    if head.startswith(codecs.BOM_UTF16_LE) or head.startswith(codecs.BOM_UTF16_BE):
        return "utf-16", "UTF-16"
    if codec := _utf16_without_bom(head):
        return codec, "UTF-16"
    return "utf-8", "UTF-8"


def _encoding_hint(head: bytes) -> str:
    """Excel on an Arabic Windows saves "CSV" as Windows-1256. Saying so tells the person what to
    change; reading it anyway would be a guess (cp720 and Mac Arabic exist too)."""
    try:
        text = head.decode("cp1256", errors="ignore")
    except LookupError:  # pragma: no cover - cp1256 ships with Python
        return ""
    if any("\u0621" <= ch <= "\u064a" for ch in text):
        return (" but looks like Windows Arabic (Windows-1256): save it as CSV UTF-8, "
                "or import it with --encoding cp1256")
    return ": save it as CSV UTF-8, or declare its encoding with --encoding"


def _pick_delimiter(header_line: str, wanted: frozenset[str]) -> str:
    """The separator that splits the header into the most cells; one whose header holds a column
    the caller needs (record_id) wins."""
    best, best_score = ",", (False, 0)
    for delimiter in DELIMITERS:
        cells = next(csv.reader([header_line], delimiter=delimiter), [])
        keys = {"".join(ch for ch in c.casefold() if ch.isalnum()) for c in cells}
        score = (bool(keys & wanted), len(cells))
        if score > best_score:
            best, best_score = delimiter, score
    return best


class _Lines:
    """Physical lines of a text stream, each bounded, counting lines and keeping those of the row
    being read (for the unclosed-quote check and for a row the grammar refuses)."""

    def __init__(self, handle: io.TextIOBase, file: str, limits: Limits, encoding: str) -> None:
        self.handle, self.file, self.limits, self.encoding = handle, file, limits, encoding
        self.row = 1
        self.current: list[str] = []

    def __iter__(self) -> Iterator[str]:
        while True:
            try:
                line = self.handle.readline(self.limits.max_line_chars + 1)
            except UnicodeDecodeError:  # surrogateescape covers bad bytes, not a character cut short
                raise InputError("the file ends in the middle of a character: it is not valid "
                                 f"{self.encoding}", file=self.file, row=self.row) from None
            if not line:
                return
            if len(line) > self.limits.max_line_chars:
                raise InputError(f"a line longer than {self.limits.max_line_chars:,} characters: "
                                 "this is not a records file, or it is broken", file=self.file, row=self.row)
            self.current.append(line)
            if len(self.current) > self.limits.max_lines_per_row:
                raise _unclosed_quote(self.file, self.row, len(self.current))
            yield line


def _unclosed_quote(file: str, row: int, lines: int) -> InputError:
    return InputError(f'a quote (") opened in this row is not closed where the row ends: the following '
                      f"{lines - 1} lines would be read into one cell. Close or remove the quote",
                      file=file, row=row)


def _looks_like_rows(cells: list[str], delimiter: str, columns: int) -> bool:
    """A cell holding lines that are themselves rows of the file (as many cells as the header)."""
    if columns < 2:
        return False
    for cell in cells:
        if "\n" not in cell and "\r" not in cell:
            continue
        for line in cell.splitlines()[1:]:
            if len(next(csv.reader([line], delimiter=delimiter), [])) == columns:
                return True
    return False


# surrogateescape turns each byte the codec could not decode into U+DC80..U+DCFF.
_UNDECODABLE = re.compile("[\udc80-\udcff]")


def _has_undecodable(cells: list[str]) -> bool:
    return _UNDECODABLE.search("".join(cells)) is not None


@dataclass
class DelimitedFile:
    """How a file was read, for the person importing it: "UTF-16, separated by semicolons"."""

    encoding: str
    delimiter: str

    @property
    def description(self) -> str:
        return f"{self.encoding}, separated by {DELIMITERS.get(self.delimiter, repr(self.delimiter))}"


def read_delimited(path: Path, *, encoding: str | None = None, delimiter: str | None = None,
                   wanted_columns: frozenset[str] = frozenset({"recordid"}), limits: Limits = LIMITS,
                   ) -> Iterator[tuple[int, list[str] | BrokenRow | DelimitedFile]]:
    """Yield `(1, DelimitedFile)`, then `(1, header cells)`, then `(row number, cells or BrokenRow)`
    for every non-blank row. Raises InputError when the file itself cannot be used."""
    name = str(path)
    try:
        binary = path.open("rb")
    except FileNotFoundError:
        raise InputError("file not found", file=name) from None
    except IsADirectoryError:
        raise InputError("this is a directory, not a file", file=name) from None
    except OSError as exc:
        raise InputError(f"cannot open file ({exc.strerror})", file=name) from None
    with binary:
        head = binary.read(1 << 16)
        if encoding is None:
            kind = sniff_kind(head)
            if kind is not None:
                raise InputError(f"this is {kind}, not a CSV file", file=name)
            codec, described = detect_encoding(head)
        else:
            try:
                codec = codecs.lookup(encoding).name
            except LookupError:
                raise InputError(f"unknown encoding {encoding!r}", file=name) from None
            codec, described = ("utf-8-sig" if codec == "utf-8" else codec), codec.upper()
        binary.seek(0)
        text = io.TextIOWrapper(binary, encoding=codec, errors="surrogateescape", newline="")
        lines = _Lines(text, name, limits, described)
        iterator = iter(lines)
        first = next(iterator, None)
        if first is None or not first.strip("\ufeff\r\n"):
            raise InputError("the file is empty; expected a header row", file=name)
        if delimiter is None:
            delimiter = _pick_delimiter(first.lstrip("\ufeff"), wanted_columns)
        elif len(delimiter) != 1:
            raise InputError("the separator must be one character (--delimiter ';')", file=name)
        yield 1, DelimitedFile(described, delimiter)

        def chained() -> Iterator[str]:
            yield first
            yield from iterator

        reader = csv.reader(chained(), delimiter=delimiter, strict=True)
        columns = 0
        row = 1
        while True:
            lines.row = row
            lines.current = []
            try:
                cells = next(reader, None)
            except csv.Error as exc:
                if row == 1:
                    raise InputError(f"the header row is not valid CSV ({exc})", file=name, row=1) from None
                if len(lines.current) > 1:
                    raise _unclosed_quote(name, row, len(lines.current)) from None
                reason = str(exc).replace("field larger than field limit",
                                          "a cell longer than the limit")
                yield row, BrokenRow("".join(lines.current), f"malformed CSV: {reason}")
                row += 1
                continue
            except UnicodeDecodeError:  # pragma: no cover - surrogateescape decodes everything
                raise InputError(f"the file is not valid {described}", file=name, row=row) from None
            if cells is None:
                return
            if _has_undecodable(cells):
                raise InputError(f"the file is not valid {described}{_encoding_hint(head)}", file=name, row=row)
            if cells and max(map(len, cells)) > limits.max_cell_chars:
                raise InputError(f"a cell longer than {limits.max_cell_chars:,} characters", file=name, row=row)
            if row == 1:
                if len(cells) > limits.max_columns:
                    raise InputError(f"the header has {len(cells):,} columns; at most {limits.max_columns:,} "
                                     "are read", file=name, row=1)
                columns = len(cells)
                cells[0] = cells[0].lstrip("\ufeff")
            elif len(lines.current) > 1 and _looks_like_rows(cells, delimiter, columns):
                raise _unclosed_quote(name, row, len(lines.current))
            yield row, cells
            row += 1
