"""Shared fixtures, kept small: anything bigger goes to tests/factories.py."""

from __future__ import annotations

import atexit
import csv
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

# Read by athar.web.settings when pytest-django sets Django up, after this module is imported: the
# test run's data directory is a private temporary one, never the tester's own registry
# (~/.local/share/athar), and it goes when the run ends.
if "ATHAR_DATA_DIR" not in os.environ:
    _data_dir = tempfile.mkdtemp(prefix="athar-tests-")
    atexit.register(shutil.rmtree, _data_dir, True)
    os.environ["ATHAR_DATA_DIR"] = _data_dir


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[..., Path]:
    """Write rows (first row: header) as a UTF-8 CSV under tmp_path and return its path."""

    def write(name: str, rows: Sequence[Sequence[str]]) -> Path:
        path = tmp_path / name
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(rows)
        return path

    return write
