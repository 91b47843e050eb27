"""Column mapping files: which of a file's columns is which field of the records format.

A mapping is a JSON object `{"Name of detainee": "full_name", "ID": "record_id", "Notes": ""}` or a
CSV with the header `column,field`, one line per column. An empty field keeps the column verbatim
as an extra attribute without reading it. Fields are checked against the records format; columns
are matched to the file's header as written, or ignoring case, spaces and punctuation."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from athar.errors import InputError
from athar.interchange.schema import COLUMNS


def read_mapping(path: str | Path) -> dict[str, str]:
    """Read a mapping file; raises InputError naming the file, line and entry that is wrong."""
    path = Path(path)
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError("mapping file not found", file=name) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the mapping file ({type(exc).__name__}); save it as UTF-8", file=name) from None
    mapping: dict[str, str] = {}
    if text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"not valid JSON ({exc.msg})", file=name, row=exc.lineno) from None
        if not all(isinstance(k, str) and isinstance(v, str | None) for k, v in data.items()):
            raise InputError('expected an object of "column": "field" strings', file=name)
        mapping = {k: v or "" for k, v in data.items()}
    else:
        rows = list(csv.reader(text.splitlines()))
        if not rows or [c.strip().casefold() for c in rows[0][:2]] != ["column", "field"]:
            raise InputError("expected a JSON object or a CSV with the header column,field", file=name, row=1)
        for row in rows[1:]:
            if not any(c.strip() for c in row):
                continue
            mapping[row[0].strip()] = row[1].strip() if len(row) > 1 else ""
    for column, field in mapping.items():
        if field and field not in COLUMNS:
            raise InputError(f"{field!r} is not a field of the records format; fields are "
                             + ", ".join(COLUMNS), file=name, column=column)
    return mapping
