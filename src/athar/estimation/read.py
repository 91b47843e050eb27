"""Read a capture-histories CSV (interchange spec §7): one row per observed person, one 0/1 column
per list, optionally a stratum column. Every problem in the file is collected, then reported at once
(file, row, column, reason — never a cell's content beyond the expected 0/1)."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from pathlib import Path

from athar.errors import InputError
from athar.estimation.histories import MAX_LISTS, MIN_LISTS, CaptureHistories


class HistoriesFileError(InputError):
    """The file cannot be used; `problems` lists every problem found (the message names the first)."""

    def __init__(self, problems: list[InputError]) -> None:
        first = problems[0]
        self.problems = problems
        super().__init__(first.reason, file=first.file, row=first.row, column=first.column)

    def describe(self) -> str:
        base = super().describe()
        extra = len(self.problems) - 1
        return base + (f" (and {extra} more problem{'s' if extra > 1 else ''})" if extra > 0 else "")


def read_histories(path: str | Path, lists: list[str], *, stratum: str | None = None
                   ) -> dict[str, CaptureHistories]:
    """Histories per stratum (one stratum named "" when `stratum` is None)."""
    name = str(path)
    if not MIN_LISTS <= len(lists) <= MAX_LISTS:
        raise InputError(f"--lists needs {MIN_LISTS} to {MAX_LISTS} list columns, got {len(lists)}")
    if len(set(lists)) != len(lists):
        raise InputError("--lists names a column twice")
    if stratum is not None and stratum in lists:
        raise InputError("the stratum column cannot also be a list", column=stratum)
    try:
        handle = Path(path).open(encoding="utf-8-sig", newline="")  # noqa: SIM115 (closed by the with below)
    except FileNotFoundError:
        raise InputError("file not found", file=name) from None
    except OSError as exc:
        raise InputError(f"cannot open file ({exc.strerror})", file=name) from None
    problems: list[InputError] = []
    rows: dict[str, Counter[tuple[int, ...]]] = defaultdict(Counter)
    row_number = 1
    with handle:
        reader = csv.reader(handle)
        try:
            header = [h.strip() for h in next(reader, [])]
            if not header:
                raise InputError("the file is empty; expected a header row", file=name)
            for column in [*lists, *([stratum] if stratum else [])]:
                if column not in header:
                    problems.append(InputError("missing column", file=name, row=1, column=column))
            if problems:
                raise HistoriesFileError(problems)
            positions = [header.index(c) for c in lists]
            stratum_at = header.index(stratum) if stratum else None
            for values in reader:
                row_number += 1
                if not any(v.strip() for v in values):
                    continue
                cells = values + [""] * (len(header) - len(values))
                history: list[int] = []
                for column, at in zip(lists, positions, strict=True):
                    value = cells[at].strip()
                    if value not in ("0", "1"):
                        problems.append(InputError("expected 0 or 1" + (", found an empty cell" if not value
                                                                         else ""),
                                                   file=name, row=row_number, column=column))
                    else:
                        history.append(int(value))
                if len(history) == len(lists) and not any(history):
                    problems.append(InputError("a person on no list (all list columns are 0)",
                                               file=name, row=row_number))
                    continue
                label = ""
                if stratum_at is not None:
                    label = cells[stratum_at].strip()
                    if not label:
                        problems.append(InputError("empty stratum", file=name, row=row_number, column=stratum))
                        continue
                if len(history) == len(lists):
                    rows[label][tuple(history)] += 1
        except UnicodeDecodeError:
            raise InputError("the file is not valid UTF-8: save it as CSV UTF-8", file=name,
                             row=row_number + 1) from None
        except csv.Error as exc:
            raise InputError(f"malformed CSV ({exc})", file=name, row=row_number + 1) from None
    if problems:
        raise HistoriesFileError(problems)
    if not rows:
        raise InputError("no persons in the file", file=name)
    return {label: CaptureHistories(tuple(lists), dict(counts)) for label, counts in rows.items()}
