"""The export file: the records' interchange columns plus the person's public id, every cell
neutralised against spreadsheet formulas (a value such as `=HYPERLINK(...)` stays text)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook

from athar.interchange import COLUMNS, neutralise_cell
from athar.registry.models import Record

HEADER: tuple[str, ...] = ("person_id", *COLUMNS)


def record_row(record: Record) -> list[str]:
    values = {
        "person_id": record.person.public_id if record.person is not None else "",
        "source": record.source.name,
        "birth_date": str(record.birth_date) if record.birth_date else "",
        "event_date": str(record.event_date) if record.event_date else "",
        "age": "" if record.age is None else str(record.age),
    }
    return [neutralise_cell(values[c] if c in values else str(getattr(record, c) or "")) for c in HEADER]


def write_csv(rows: Iterable[Sequence[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows)
    # A byte-order mark so that spreadsheet programs read the Arabic as UTF-8.
    return buffer.getvalue().encode("utf-8-sig")


def write_xlsx(rows: Iterable[Sequence[str]]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("records")
    sheet.append(list(HEADER))
    for row in rows:
        sheet.append(list(row))  # every value a string: openpyxl then never writes a formula
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


WRITERS = {"csv": write_csv, "xlsx": write_xlsx}
