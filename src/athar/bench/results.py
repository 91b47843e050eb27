"""Dated benchmark result files: `<dir>/<YYYY-MM-DD>-<kind>[-n].json` and `.md`.

A benchmark run writes what it measured, with the command line and the machine it ran on, to
two files: JSON for tools and a Markdown table for people. Nothing is narrated in docs or
docstrings any more; a later run adds new files and never overwrites an earlier one."""

from __future__ import annotations

import json
import os
import platform
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from athar import __version__


@dataclass(frozen=True)
class ResultFile:
    json_path: Path
    markdown_path: Path


def free_stem(directory: Path, stem: str) -> str:
    """`stem`, or `stem-2`, `stem-3`, ...: the first whose .json and .md do not exist yet."""
    candidate, n = stem, 1
    while (directory / f"{candidate}.json").exists() or (directory / f"{candidate}.md").exists():
        n += 1
        candidate = f"{stem}-{n}"
    return candidate


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return str(value)
    return "" if value is None else str(value).replace("|", "\\|")


def markdown_table(rows: list[dict[str, Any]], columns: list[str]) -> str:
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(_cell(row.get(c)) for c in columns) + " |" for row in rows]
    return "\n".join(lines)


def write_results(directory: Path, kind: str, *, command: str, tables: dict[str, tuple[list[str], list[dict[str, Any]]]],
                  notes: list[str] | None = None, now: datetime | None = None) -> ResultFile:
    """Write one run's tables (title → (columns, rows)) as `<date>-<kind>.json` and `.md`."""
    moment = now or datetime.now(UTC)
    directory.mkdir(parents=True, exist_ok=True)
    stem = free_stem(directory, f"{moment:%Y-%m-%d}-{kind}")
    machine: dict[str, Any] = {"python": platform.python_version(), "system": platform.system(), "cpus": os.cpu_count(),
               # Other work on a shared machine slows every timing: say how busy it was.
               "load_average_1_5_15_min": [round(v, 2) for v in os.getloadavg()]}
    document = {"kind": kind, "created": moment.isoformat(timespec="seconds"), "command": command,
                "athar_version": __version__, "machine": machine, "notes": notes or [],
                "tables": {title: rows for title, (_columns, rows) in tables.items()}}
    json_path, md_path = directory / f"{stem}.json", directory / f"{stem}.md"
    json_path.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    parts = [f"# {kind}, {moment:%Y-%m-%d %H:%M} UTC", "", "```", command, "```", "",
             f"athar {__version__}, Python {machine['python']}, {machine['cpus']} CPUs, load average "
             f"{' / '.join(str(v) for v in machine['load_average_1_5_15_min'])} (1 / 5 / 15 min) at the end", ""]
    for title, (columns, rows) in tables.items():
        parts += [f"## {title}", "", markdown_table(rows, columns), ""]
    if notes:
        parts += ["## Notes", "", *[f"- {n}" for n in notes], ""]
    md_path.write_text("\n".join(parts), encoding="utf-8")
    return ResultFile(json_path, md_path)
