"""Private files: what athar writes is readable by the account that runs athar, and nobody else.

The registry, its SQLite write-ahead log, linkage outputs (features.parquet, run.duckdb, pairs.csv,
clusters.csv) and DuckDB's spill files all hold names, national IDs and places of detention. Three
layers keep them private:

- `use_private_umask()` at the start of every athar process (the CLI, the web app's settings): every
  file created afterwards — by athar, SQLite, DuckDB or Arrow alike — is 0600 and every directory
  0700, with no window between creating a file and restricting it;
- `private_directory(path)` for the directories athar owns (the data directory, `--out`): made 0700,
  and tightened to 0700 when they already exist;
- `tighten(path)` for files left by an earlier version or another tool (`athar init` runs it over
  the data directory).

Limits: a file or directory owned by another account cannot be tightened (PermissionError), and
none of this protects against the account itself, an administrator (root), or a copy of the disk:
that is what full-disk encryption and field encryption are for (docs/security.md).

Pure Python: no Django, so `athar link` and the linkage package use it too."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

__all__ = [
    "PRIVATE_DIRECTORY_MODE",
    "PRIVATE_FILE_MODE",
    "PRIVATE_UMASK",
    "private_directory",
    "remove_old_runs",
    "tighten",
    "use_private_umask",
]

PRIVATE_UMASK = 0o077
PRIVATE_FILE_MODE = 0o600
PRIVATE_DIRECTORY_MODE = 0o700


def use_private_umask() -> int:
    """Make every file this process creates from now on 0600 (directories 0700); return the
    previous umask. Called as early as possible: before the database is opened."""
    return os.umask(PRIVATE_UMASK)


def private_directory(path: str | Path) -> Path:
    """Create `path` (and missing parents) as 0700, or tighten it to 0700 when it exists.

    Parents that already exist keep their mode: they may be a shared folder such as /srv."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIRECTORY_MODE)
    if stat.S_IMODE(path.stat().st_mode) != PRIVATE_DIRECTORY_MODE:
        path.chmod(PRIVATE_DIRECTORY_MODE)
    return path


def tighten(path: str | Path) -> int:
    """Make `path` private: 0700 for directories, 0600 for files, recursively; symbolic links are
    left alone (never followed). Returns how many modes were changed."""
    path = Path(path)
    changed = 0
    for current in [path, *(path.rglob("*") if path.is_dir() and not path.is_symlink() else [])]:
        if current.is_symlink():
            continue
        mode = stat.S_IMODE(current.stat().st_mode)
        wanted = PRIVATE_DIRECTORY_MODE if current.is_dir() else mode & PRIVATE_FILE_MODE
        if mode != wanted:
            current.chmod(wanted)
            changed += 1
    return changed


def remove_old_runs(parent: str | Path, *, keep: int) -> list[Path]:
    """Delete all but the `keep` newest run folders directly under `parent` (newest by name, which
    for athar's runs is a UTC timestamp); return what was removed. `keep=0` removes them all."""
    parent = Path(parent)
    if not parent.is_dir():
        return []
    runs = sorted((p for p in parent.iterdir() if p.is_dir() and not p.is_symlink()), key=lambda p: p.name)
    doomed = runs[: max(len(runs) - max(keep, 0), 0)]
    for run in doomed:
        shutil.rmtree(run)
    return doomed
