"""Columns beyond the records CSV's own, compared when the user asks (`athar link --compare`).

A records CSV keeps every column it does not define as an extra attribute of the record
(address, phone, detainee number, case number). `--compare COLUMN[:KIND]` adds one comparison
per such column to the model, built with Splink's own comparison library, and EM learns its
weights like any other's. Kinds:

- `text` (default): Jaro-Winkler at 0.95 and 0.88 on the lower-cased text with spaces
  collapsed (an address typed twice);
- `exact`: the same value, with a term-frequency adjustment (a postcode, a village);
- `id`: letters and digits only, the same, or one or two edits apart — a mistyped or two
  swapped characters (a detainee or case number);
- `phone`: digits only, the last nine compared (a country code or a leading 0 written or
  not), the same or one digit apart.

The values are compared as written: nothing here knows Arabic, so an Arabic address and its
Latin transliteration are simply different. A column that no record fills compares as unknown.

What it cannot do: weigh a column whose values EM never sees agree (every pair "unknown"), or
a column in a run that uses the shipped default model (fewer than 500 records): there its
levels keep Splink's starting weights, which the run's report names."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from athar.errors import InputError
from athar.interchange import COLUMNS as RECORD_COLUMNS
from athar.interchange import RecordRow

KINDS = ("text", "exact", "id", "phone")
PREFIX = "extra_"
_SPACES = re.compile(r"\s+")
_NOT_ALNUM = re.compile(r"[^0-9a-z\u0600-\u06ff]+")
_NOT_DIGIT = re.compile(r"\D+")
_EASTERN_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


@dataclass(frozen=True)
class ExtraColumn:
    name: str  # the column's header in the records CSV
    kind: str = "text"

    @property
    def feature(self) -> str:
        """The feature table's column: `extra_` + the header as an SQL-safe identifier."""
        return PREFIX + re.sub(r"[^0-9a-z]+", "_", self.name.lower()).strip("_")

    def spec(self) -> str:
        return f"{self.name}:{self.kind}"

    def normalise(self, value: str | None) -> str | None:
        if not value:
            return None
        text = _SPACES.sub(" ", value.translate(_EASTERN_DIGITS).strip().lower())
        if self.kind == "id":
            text = _NOT_ALNUM.sub("", text)
        elif self.kind == "phone":
            text = _NOT_DIGIT.sub("", text)[-9:]
        return text or None

    def values(self, rows: Sequence[RecordRow]) -> list[str | None]:
        """The column's normalised value in each row."""
        return [self.normalise(row.raw.get(self.name)) for row in rows]

    def comparison(self) -> dict[str, Any]:
        import splink.comparison_library as cl  # here: reading a model's extra columns needs no Splink

        col = self.feature
        if self.kind == "exact":
            creator: Any = cl.ExactMatch(col).configure(term_frequency_adjustments=False)
        elif self.kind == "id":
            creator = cl.DamerauLevenshteinAtThresholds(col, [1, 2])
        elif self.kind == "phone":
            creator = cl.DamerauLevenshteinAtThresholds(col, [1])
        else:
            creator = cl.JaroWinklerAtThresholds(col, [0.95, 0.88])
        comparison: dict[str, Any] = creator.get_comparison("duckdb").as_dict()
        comparison["comparison_description"] = f"{self.name} ({self.kind})"
        return comparison


def parse_compare(specs: Iterable[str]) -> list[ExtraColumn]:
    """`COLUMN[:KIND]` options → columns; every problem reported at once."""
    out: list[ExtraColumn] = []
    problems: list[str] = []
    for spec in specs:
        name, _, kind = spec.partition(":")
        name, kind = name.strip(), (kind.strip().lower() or "text")
        if not name:
            problems.append(f"--compare {spec!r}: no column name")
        elif name in RECORD_COLUMNS:
            problems.append(f"--compare {name}: a column the linker already compares")
        elif kind not in KINDS:
            problems.append(f"--compare {spec}: unknown kind {kind!r} (known: {', '.join(KINDS)})")
        else:
            column = ExtraColumn(name, kind)
            if any(c.feature == column.feature for c in out):
                problems.append(f"--compare {name}: given twice")
            else:
                out.append(column)
    if problems:
        raise InputError("; ".join(problems))
    return out


def from_training(training: dict[str, Any]) -> list[ExtraColumn]:
    """The extra columns a saved model was trained with (`training["compare"]`)."""
    return parse_compare(training.get("compare", []))


def check_present(columns: Sequence[ExtraColumn], rows: Sequence[RecordRow], files: Sequence[str]) -> None:
    """Refuse a column that no input row has (most likely a misspelt header)."""
    seen: set[str] = set()
    for row in rows:
        seen.update(row.raw)
    missing = [c.name for c in columns if c.name not in seen]
    if missing:
        raise InputError(f"--compare {missing[0]}: no such column in the input",
                         file=files[0] if files else None, row=1, column=missing[0])


def add_columns(table: pa.Table, rows: Sequence[RecordRow], columns: Sequence[ExtraColumn]) -> pa.Table:
    """The feature table with one normalised string column per extra column."""
    for column in columns:
        table = table.append_column(column.feature, pa.array(column.values(rows), pa.string()))
    return table
