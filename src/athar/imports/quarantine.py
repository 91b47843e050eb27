"""Reading the quarantine back: rows that could not go into the registry, listed, shown and
exported so they can be fixed and imported again.

Exports are written for spreadsheets, so every cell that a spreadsheet would run as a formula
(starting with = + - @, a tab or a carriage return) is prefixed with an apostrophe: a name typed as
`=HYPERLINK(...)` in a source stays text. Listing names locations and reasons only; showing and
exporting give the verbatim rows (personal data) and are audited."""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.db.models import QuerySet

from athar.audit.models import Action
from athar.audit.services import record_event
from athar.imports.models import QuarantinedRow

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LOCATION_COLUMNS = ("quarantine_id", "batch", "file_name", "row_number", "column", "reason")


def neutralise(value: str) -> str:
    """A cell that a spreadsheet will show as text, never run as a formula."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def quarantined_rows(*, batch: int | None = None, include_resolved: bool = False) -> QuerySet[QuarantinedRow]:
    rows = QuarantinedRow.objects.all()
    if batch is not None:
        rows = rows.filter(batch_id=batch)
    if not include_resolved:
        rows = rows.filter(resolved_by_batch__isnull=True)
    return rows.order_by("batch_id", "row_number", "id")


def show_row(pk: int, *, actor: Any) -> QuarantinedRow:
    """One quarantined row with its verbatim content; the viewing is audited."""
    row = QuarantinedRow.objects.get(pk=pk)
    record_event(actor=actor, action=Action.VIEW, target_type="quarantined_row", target_id=pk)
    return row


def export_rows(rows: Iterable[QuarantinedRow], out: Path, *, actor: Any) -> int:
    """Write rows to a CSV (UTF-8 with BOM, for Excel) readable only by its owner: the location and
    reason columns, then every column of the rows as read. Returns the number of rows; audited."""
    rows = list(rows)
    columns: list[str] = []
    seen: set[str] = set()
    for row in rows:
        for column in row.raw:
            if column not in seen:
                seen.add(column)
                columns.append(column)
    descriptor = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([neutralise(c) for c in (*LOCATION_COLUMNS, *columns)])
        for row in rows:
            location = [str(row.pk), str(row.batch_id), row.file_name, str(row.row_number), row.column, row.reason]
            writer.writerow([neutralise(v) for v in (*location, *(str(row.raw.get(c, "")) for c in columns))])
    record_event(actor=actor, action=Action.EXPORT, target_type="quarantine",
                 details={"rows": len(rows), "batches": sorted({r.batch_id for r in rows})[:50]})
    return len(rows)
