"""The values of two records as the source wrote them, for an explanation a person reads.

The features a run scores on are canonical ASCII forms (`muhammad`, `mi-235`): right for
comparing, wrong for showing — a caseworker reading an Arabic explanation must see محمد and
فرع فلسطين, the cells of the list, not a romanised key. A run records its input files in
run.json (`inputs`: path, size, modification time); this module reads them again and returns,
for each compared field, the cells of the two records that fed it (a name part as the full name
wrote it, the birth date or age, the event place and date...).

What it cannot do: show the written values once an input file has moved or changed since the
run (the caller falls back to the run's canonical forms and says so); reading the files again
takes as long as reading them for the run did (seconds on a million rows)."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from athar.interchange import RecordRow, read_records
from athar.linkage import extra_columns, features, wording
from athar.linkage.labels import Key


@dataclass(frozen=True, slots=True)
class InputFile:
    path: str
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: str | Path) -> InputFile:
        resolved = Path(path).resolve()
        stat = resolved.stat()
        return cls(str(resolved), stat.st_size, stat.st_mtime_ns)

    def unchanged(self) -> bool:
        try:
            stat = os.stat(self.path)
        except OSError:
            return False
        return stat.st_size == self.size and stat.st_mtime_ns == self.mtime_ns

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "size": self.size, "mtime_ns": self.mtime_ns}


def inputs_from_run(run: dict[str, Any]) -> list[InputFile] | None:
    """The input files a run.json lists, or None when it lists none (a run of an older athar)."""
    listed = run.get("inputs")
    if not isinstance(listed, list) or not listed:
        return None
    try:
        return [InputFile(str(i["path"]), int(i["size"]), int(i["mtime_ns"])) for i in listed]
    except (KeyError, TypeError, ValueError):
        return None


def _join(*values: str | None) -> str | None:
    parts = [v.strip() for v in values if v and v.strip()]
    return " / ".join(parts) or None


def _as_in(part: str | None, full_name: str | None) -> str | None:
    """A name part as the full name spells it: the parser lower-cases Latin letters and drops
    hyphens and apostrophes (`Al-Hasan` → `alhasan`). Letters are matched ignoring case and
    everything that is not a letter or digit; the span of the full name they cover is returned."""
    if not part or not full_name or part in full_name:
        return part
    wanted = "".join(ch for ch in part.lower() if ch.isalnum())
    kept = [(i, ch) for i, ch in enumerate(full_name.lower()) if ch.isalnum()]
    letters = "".join(ch for _i, ch in kept)
    at = letters.find(wanted) if wanted else -1
    if at < 0:
        return part
    return full_name[kept[at][0]:kept[at + len(wanted) - 1][0] + 1]


def field_values(row: RecordRow, columns: Mapping[str, str], *, family_first: bool = False) -> dict[str, str | None]:
    """What each comparison (by output column) compared in `row`, as written; `columns`: the
    header cell each athar field was read from (`ReadResult.fields`)."""
    raw = row.raw

    def cell(name: str) -> str | None:
        column = columns.get(name)
        value = raw.get(column, "") if column is not None else ""
        return value.strip() or None

    written = [_as_in(part, row.full_name) for part in features.name_parts(row, family_first=family_first).written]
    values: dict[str, str | None] = {
        "given": written[0], "father": written[1], "grandfather": written[2], "family": written[3],
        "mother": _join(cell("mother_name"), cell("mother_family_name")),
        "birth": cell("birth_date") or (f"{cell('age')}{wording.AGE_MARK}" if cell("age") else None),
        "place": _join(cell("birth_place"), cell("governorate")),
        "event_place_key": _join(cell("event_place"), cell("event_date")),
        "arrest_date": cell("event_date"),
        "national_id": cell("national_id"),
        "sex": cell("sex"),
    }
    # Extra columns compared with `--compare`: their comparison is named after the feature column.
    for column, value in row.extra.items():
        values.setdefault(extra_columns.ExtraColumn(column).feature, value.strip() or None)
    return values


def written_values(inputs: Sequence[InputFile], keys: Sequence[Key]) -> dict[Key, dict[str, str | None]] | None:
    """For each of `keys`, its fields as written; None when an input file moved or changed."""
    if not all(f.unchanged() for f in inputs):
        return None
    wanted = set(keys)
    every_row: list[RecordRow] = []
    found: dict[Key, tuple[RecordRow, Mapping[str, str]]] = {}
    for f in inputs:
        result = read_records(f.path)
        every_row.extend(result.rows)
        found.update((r.key, (r, result.fields)) for r in result.rows if r.key in wanted)
    if set(found) != wanted:
        return None
    # Whether a source writes full names family name first is decided on all its rows, as the run did.
    name_order = features.NameOrder.of(every_row)
    return {key: field_values(row, columns, family_first=name_order.family_first(row))
            for key, (row, columns) in found.items()}
