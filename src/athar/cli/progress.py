"""Progress bars for long commands, on stderr (stdout stays what scripts read), silenced by `--quiet`.

The services and the linker report progress through a plain callback, `progress(stage, done,
total)` (`athar.linkage.Progress`): they know nothing of terminals. `StageProgress` turns those
calls into tqdm bars, one per stage: a stage is the text before the first ":" ("linking: scoring
pairs" and "linking: clustering" are steps of one bar whose label follows the step). The same
library as `athar import records`' bar.

What it cannot do: show progress inside one step of a library that reports none (Splink's scoring of
the blocked pairs is one step of "linking")."""

from __future__ import annotations

import sys
from types import TracebackType
from typing import Any


class StageProgress:
    """A callable `(stage, done, total)` drawing a bar per stage on stderr; `quiet` draws nothing."""

    def __init__(self, *, quiet: bool = False) -> None:
        self.quiet = quiet
        self._bar: Any = None
        self._stage = ""

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.quiet:
            return
        key = stage.partition(":")[0]
        if self._bar is None or key != self._stage or total != self._bar.total:
            self.close()
            from tqdm import tqdm

            self._stage = key
            unit = " steps" if ":" in stage else " items"
            self._bar = tqdm(total=max(total, 0), desc=stage, file=sys.stderr, leave=False, dynamic_ncols=True,
                             unit=unit)
        elif self._bar.desc != stage:
            self._bar.set_description_str(stage, refresh=False)
        self._bar.update(max(done - self._bar.n, 0))

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def __enter__(self) -> StageProgress:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
