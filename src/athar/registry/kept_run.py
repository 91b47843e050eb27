"""The linkage run kept after every resolve, for matching new things against the registry between
two resolves: a family's request (athar.tracing) and an import's new records (athar.review.incoming).

`athar resolve` removes its working folder when it ends (ATHAR_KEEP_LINKAGE_RUNS is 0 by default).
Matching one record against the registry with the linker's incremental path needs the run's
model.json, features.parquet and clusters.csv (and run.duckdb for large registries, scoring.json
when the run wrote it: the model compiled to SQL, which saves compiling it for every match), so
`link_registry` keeps those in DATA_DIR/matcher/<run id>/, replacing the previous run. They are hard
links where the file system allows (no copy, no extra space), copies otherwise. They hold the
registry's names in the linker's form, as the database does, so they stay in the private data
directory (0700, files 0600); `athar backup` does not carry them (the next resolve makes them again).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from django.conf import settings

from athar.files import private_directory
from athar.linkage.pipeline import CLUSTERS_FILE, FEATURES_FILE, MODEL_FILE, PLAN_FILE, RUN_DB_FILE

REQUIRED_FILES = (MODEL_FILE, FEATURES_FILE, CLUSTERS_FILE)
OPTIONAL_FILES = (RUN_DB_FILE, PLAN_FILE)


def kept_runs_parent() -> Path:
    return Path(settings.DATA_DIR) / "matcher"


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system, or one without hard links
        shutil.copy2(source, target)


def keep_run(run_dir: Path, run_id: str) -> Path:
    """Keep the files of `run_dir` that matching needs as the one kept run; return its folder. The
    previous run stays in place until the new one is complete (staged, then renamed)."""
    parent = private_directory(kept_runs_parent())
    target = parent / run_id
    staging = parent / f".{run_id}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(mode=0o700)
    for name in REQUIRED_FILES:
        _link_or_copy(run_dir / name, staging / name)
    for name in OPTIONAL_FILES:
        if (run_dir / name).is_file():
            _link_or_copy(run_dir / name, staging / name)
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    for other in parent.iterdir():
        if other.is_dir() and other != target:
            shutil.rmtree(other, ignore_errors=True)
    return target


def kept_run() -> Path | None:
    """The run kept by the last resolve, if any."""
    parent = kept_runs_parent()
    if not parent.is_dir():
        return None
    runs = [p for p in parent.iterdir() if p.is_dir() and not p.name.startswith(".")
            and all((p / name).is_file() for name in REQUIRED_FILES)]
    return max(runs, key=lambda p: p.stat().st_mtime) if runs else None


def latest_run_dir() -> Path | None:
    """The kept run; else the newest working folder `athar resolve` left (ATHAR_KEEP_LINKAGE_RUNS),
    for a registry resolved before runs were kept."""
    kept = kept_run()
    if kept is not None:
        return kept
    base = Path(settings.DATA_DIR) / "linkage"
    runs = sorted(p for p in base.glob("link-*/link") if (p / MODEL_FILE).is_file())
    return runs[-1] if runs else None


def run_id_of(run_dir: Path) -> str:
    """`link-…/link` (a resolve's working folder) is named by its parent; a kept run by itself."""
    return run_dir.parent.name if run_dir.name == "link" else run_dir.name
