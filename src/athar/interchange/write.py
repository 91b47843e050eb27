"""Write the outputs of `athar link` (spec section 2): pairs.csv and clusters.csv.

Every text cell athar writes to a CSV is neutralised against formula injection: a spreadsheet
(Excel, LibreOffice, Google Sheets) runs a cell that begins with `=`, `+`, `-`, `@`, a tab or a
carriage return as a formula, and `=HYPERLINK(...)` in a record id would send a caseworker's click,
or the sheet's contents, to an attacker. Such a cell is written with a leading apostrophe
(`=SUM(A1)` becomes `'=SUM(A1)`), which spreadsheets show as text; a cell that itself begins with an
apostrophe gets one more, so the escape is reversible and athar's own readers undo it
(`restore_cell`, `restore_sql`). Numbers (match_probability, match_weight, score) are written as they
are: a negative weight is a number, not a formula."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"
_ESCAPED_PREFIXES = (*FORMULA_PREFIXES, ESCAPE)


def neutralise_cell(value: str) -> str:
    """`value` as a spreadsheet shows it as text: an apostrophe before a formula-leading value."""
    return ESCAPE + value if value.startswith(_ESCAPED_PREFIXES) else value


def restore_cell(value: str) -> str:
    """The value `neutralise_cell` was given (athar's readers of its own CSV outputs)."""
    return value[1:] if value.startswith(ESCAPE) and value[1:2] and value[1:].startswith(_ESCAPED_PREFIXES) else value


def _sql_char_list(prefixes: tuple[str, ...]) -> str:
    return ", ".join(f"chr({ord(c)})" for c in prefixes)


def neutralise_sql(column: str) -> str:
    """DuckDB SQL for `neutralise_cell(column)`, for outputs written by COPY."""
    return (f"CASE WHEN left({column}, 1) IN ({_sql_char_list(_ESCAPED_PREFIXES)}) "
            f"THEN chr({ord(ESCAPE)}) || {column} ELSE {column} END")


def restore_sql(column: str) -> str:
    """DuckDB SQL for `restore_cell(column)`, for outputs read back with read_csv."""
    return (f"CASE WHEN left({column}, 1) = chr({ord(ESCAPE)}) AND substr({column}, 2, 1) IN "
            f"({_sql_char_list(_ESCAPED_PREFIXES)}) THEN substr({column}, 2) ELSE {column} END")


PAIR_COLUMNS: tuple[str, ...] = ("source_l", "record_id_l", "source_r", "record_id_r", "match_probability")
CLUSTER_COLUMNS: tuple[str, ...] = ("source", "record_id", "cluster_id")


def write_pairs(path: str | Path, pairs: Iterable[Mapping[str, object]],
                extra_columns: Sequence[str] = ()) -> int:
    """Write scored pairs; returns how many rows were written. Text cells are neutralised."""
    count = 0
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([*PAIR_COLUMNS, *extra_columns])
        for pair in pairs:
            writer.writerow([_cell(pair[c]) for c in PAIR_COLUMNS] + [_cell(pair.get(c, "")) for c in extra_columns])
            count += 1
    return count


def write_clusters(path: str | Path, clusters: Iterable[tuple[str, str, str]]) -> int:
    """Write (source, record_id, cluster_id) rows; returns how many were written. Cells are
    neutralised."""
    count = 0
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CLUSTER_COLUMNS)
        for row in clusters:
            writer.writerow([neutralise_cell(v) for v in row])
            count += 1
    return count


def _cell(value: object) -> object:
    """Text neutralised, numbers as they are."""
    return neutralise_cell(value) if isinstance(value, str) else value
