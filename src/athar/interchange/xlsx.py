"""Read a records table from an Excel workbook (.xlsx), the way data managers receive lists.

One sheet is read: the only sheet that holds data, or the one named with `sheet=`. Cells become
text as a person sees them (12345.0 typed as a number is "12345"; a date cell is its ISO date), so
the rest of the reader treats a workbook exactly like a CSV. Refused with a message naming the file,
sheet, row and column: a workbook that cannot be opened, several sheets with data and none chosen,
an empty sheet, merged cells in the header row (a merged title over two columns hides which column
is which). Formulas are read as their last computed value, never evaluated.

Limits: .xls (Excel 97-2003) and .ods are not read; save them as .xlsx or CSV UTF-8."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from athar.errors import InputError
from athar.interchange.delimited import LIMITS, Limits

_CELL_REF = re.compile(r"^([A-Z]+)(\d+)$")


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def _column_letters(column: int) -> str:
    letters = ""
    while column:
        column, remainder = divmod(column - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _merged_header_ranges(worksheet: Any) -> list[str]:
    """Merged ranges that touch row 1. Read-only worksheets do not parse merges, so the sheet's XML
    is streamed (mergeCells comes after the data) with elements freed as they pass."""
    # openpyxl's own parser (defusedxml's when installed; expat >= 2.4 bounds entity expansion).
    from openpyxl.xml.functions import iterparse

    found = []
    # openpyxl keeps the sheet's archive member behind a private method; this is its one use here.
    with worksheet._get_source() as source:
        for _, element in iterparse(source, events=("end",)):
            if element.tag.endswith("}mergeCell"):
                ref = element.get("ref", "")
                start = ref.split(":")[0]
                match = _CELL_REF.match(start)
                if match and match[2] == "1":
                    found.append(ref)
            element.clear()
    return found


def read_xlsx(path: Path, *, sheet: str | None = None, limits: Limits = LIMITS,
              ) -> Iterator[tuple[int, list[str] | str]]:
    """Yield `(1, description)`, `(1, header cells)`, then `(row number, cells)` for every row."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    name = str(path)
    try:
        # A file object, not the path: openpyxl refuses a workbook whose name does not end in .xlsx.
        handle = path.open("rb")
        workbook = load_workbook(handle, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError) as exc:
        raise InputError(f"cannot open the Excel workbook ({type(exc).__name__})", file=name) from None
    try:
        if sheet is not None:
            if sheet not in workbook.sheetnames:
                raise InputError(f"the workbook has no sheet named {sheet!r}; its sheets are "
                                 + ", ".join(repr(s) for s in workbook.sheetnames), file=name)
            worksheet: Any = workbook[sheet]
        else:
            with_data = [ws for ws in workbook.worksheets if _has_data(ws)]
            if len(with_data) > 1:
                raise InputError(f"the workbook has {len(with_data)} sheets with data ("
                                 + ", ".join(repr(ws.title) for ws in with_data)
                                 + "): choose one with --sheet NAME", file=name)
            worksheet = with_data[0] if with_data else workbook.worksheets[0]
        where = f"{name}, sheet {worksheet.title!r}"
        yield 1, f"Excel workbook, sheet {worksheet.title!r}"
        worksheet.reset_dimensions()  # never trust a declared size (A1:XFD1048576)
        rows = worksheet.iter_rows()
        header_cells = next(rows, None)
        if header_cells is None or not any(_cell_text(c.value).strip() for c in header_cells):
            raise InputError("the sheet is empty; expected a header row in row 1", file=where, row=1)
        if getattr(header_cells[0], "row", 1) != 1:
            raise InputError("row 1 is empty; expected the header row there", file=where, row=1)
        header = [_cell_text(c.value) for c in header_cells]
        while header and not header[-1].strip():
            header.pop()
        if len(header) > limits.max_columns:
            raise InputError(f"the header has {len(header):,} columns; at most {limits.max_columns:,} are read",
                             file=where, row=1)
        merged = _merged_header_ranges(worksheet)
        if merged:
            first_column = _CELL_REF.match(merged[0].split(":")[0])
            raise InputError(f"merged cells in the header row ({', '.join(merged)}): unmerge them so that "
                             "each column has its own name", file=where, row=1,
                             column=first_column[1] if first_column else None)
        yield 1, header
        for cells in rows:
            real = [c for c in cells if getattr(c, "row", None) is not None]
            if not real:
                continue
            row_number: int = real[0].row
            values = [""] * len(header)
            overflow: list[str] = []
            for cell in real:
                text = _cell_text(cell.value)
                column: int = cell.column
                if len(text) > limits.max_cell_chars:
                    raise InputError(f"a cell longer than {limits.max_cell_chars:,} characters", file=where,
                                     row=row_number, column=_column_letters(column))
                if column <= len(header):
                    values[column - 1] = text
                elif text:
                    overflow.append(text)
            yield row_number, values + overflow
    finally:
        workbook.close()
        handle.close()


def _has_data(worksheet: Any) -> bool:
    worksheet.reset_dimensions()
    for cells in worksheet.iter_rows(max_row=50):
        if any(_cell_text(c.value).strip() for c in cells if getattr(c, "value", None) is not None):
            return True
    return False
