"""The README's first hour, followed as a new data manager would, on a fresh data directory: create
the registry, create an account, import the sample file (day-first dates, Arabic event types),
resolve, search across scripts. Every step is the installed `athar` command in its own process; no
step needs ../shared or a running server."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "docs" / "examples" / "records-sample.csv"
ATHAR = Path(sys.executable).with_name("athar")

pytestmark = pytest.mark.slow


def _athar(data_dir: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ATHAR_", "DJANGO_"))}
    env.update(ATHAR_DATA_DIR=str(data_dir), LANG="C.UTF-8")
    return subprocess.run([str(ATHAR), *args], input=stdin, capture_output=True, text=True, env=env,
                          cwd=data_dir.parent, timeout=600, check=False)


def test_the_readme_walkthrough_works_on_a_fresh_registry(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for step in ("athar init", "athar users add", "athar import records docs/examples/records-sample.csv",
                 "athar resolve", "athar search"):
        assert step in readme, f"the README no longer shows `{step}`"
    data = tmp_path / "registry"

    init = _athar(data, "init")
    assert init.returncode == 0, init.stderr
    assert str(data) in init.stdout

    user = _athar(data, "users", "add", "omar", "--role", "data_manager", "--password-stdin",
                  stdin="a long passphrase for omar\n")
    assert user.returncode == 0, user.stderr

    imported = _athar(data, "import", "records", str(SAMPLE), "--date-order", "dmy")
    assert imported.returncode == 0, imported.stderr
    assert "imported 11, skipped as already present 0, quarantined 0 (of 11 rows)" in imported.stdout

    resolved = _athar(data, "resolve")
    assert resolved.returncode == 0, resolved.stderr

    found = _athar(data, "search", "Mhd Wasim Al-Kamal", "--format", "csv")
    assert found.returncode == 0, found.stderr
    rows = list(csv.DictReader(io.StringIO(found.stdout)))
    # The Latin query finds the Arabic records (cross-script), each already resolved into a person.
    assert {"FR-1", "NGO-7", "T-3"} <= {r["record_id"] for r in rows}, rows
    assert all(r["person_id"] for r in rows)
    assert "FR-2" not in {r["record_id"] for r in rows}
    # The four-part Arabic name and its Latin form (same mother, birth year, arrest month and place)
    # are one person after `athar resolve`, on a registry far too small to train a model on.
    person = {r["record_id"]: r["person_id"] for r in rows}
    assert person["FR-1"] == person["NGO-7"], rows
