"""After every resolve: keep the linker's model for tracing, and match the open requests again.

`athar.registry.linking.link_registry` sends `persons_resolved` once the run's persons are applied
(every `athar resolve`; the demo's linking). This module's receiver:

1. keeps what matching a request needs — the run's model.json, features.parquet, clusters.csv
   (and run.duckdb for large registries) — in DATA_DIR/tracing/matcher/<run id>/, replacing the
   previous one. `athar resolve` removes its working folder when it ends (ATHAR_KEEP_LINKAGE_RUNS
   is 0 by default), and without these files no request could be matched until the next resolve.
   They are hard links where the file system allows (no copy, no extra space), copies otherwise;
   they hold the registry's names in the linker's form, so they stay in the private data
   directory, like the database that holds the same names;
2. matches every open request against the new persons (`rematch_open_requests`): new candidates
   go to the caseworker's queue, flagged on the request list and page; nothing goes to a family.

The returned line (counts only) is printed by `athar resolve`. A failure of the rematch does not
undo the resolve: the line says so, and `athar trace rematch` can be run by hand."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from django.conf import settings

from athar.errors import AtharError
from athar.files import private_directory
from athar.linkage.pipeline import CLUSTERS_FILE, FEATURES_FILE, MODEL_FILE, RUN_DB_FILE

MATCHER_FILES = (MODEL_FILE, FEATURES_FILE, CLUSTERS_FILE)
OPTIONAL_MATCHER_FILES = (RUN_DB_FILE,)


def matcher_parent() -> Path:
    return Path(settings.DATA_DIR) / "tracing" / "matcher"


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system, or one without hard links
        shutil.copy2(source, target)


def keep_matcher(run_dir: Path, run_id: str) -> Path:
    """Keep the files of `run_dir` that matching needs as the one kept run; return its folder."""
    parent = private_directory(matcher_parent())
    target = parent / run_id
    staging = parent / f".{run_id}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(mode=0o700)
    for name in MATCHER_FILES:
        _link_or_copy(run_dir / name, staging / name)
    for name in OPTIONAL_MATCHER_FILES:
        if (run_dir / name).is_file():
            _link_or_copy(run_dir / name, staging / name)
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    for other in parent.iterdir():
        if other.is_dir() and other != target:
            shutil.rmtree(other, ignore_errors=True)
    return target


def kept_matcher() -> Path | None:
    """The run kept by the last resolve, if any."""
    parent = matcher_parent()
    if not parent.is_dir():
        return None
    runs = [p for p in parent.iterdir() if p.is_dir() and not p.name.startswith(".")
            and all((p / name).is_file() for name in MATCHER_FILES)]
    return max(runs, key=lambda p: p.stat().st_mtime) if runs else None


def on_persons_resolved(sender: Any, *, run_id: str, run_dir: Path, **kwargs: Any) -> str:
    from athar.tracing.matching import rematch_open_requests

    try:
        kept = keep_matcher(Path(run_dir), run_id)
        summary = rematch_open_requests(actor=None, run_dir=kept)
    except Exception as error:  # the persons are resolved already: report it, never undo the run
        # The code or the class name only: an exception's message may quote a value.
        code = getattr(error, "code", "") if isinstance(error, AtharError) else ""
        code = code or type(error).__name__
        return f"tracing: open requests NOT matched again ({code}); run `athar trace rematch`"
    return (f"tracing: {summary.requests} open requests matched again: {summary.new_candidates} new candidates "
            f"for {summary.notified} caseworker queues; {len(summary.linked_requests)} requests linked to an "
            f"earlier one")
