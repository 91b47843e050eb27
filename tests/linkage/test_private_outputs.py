"""`athar link --out` keeps its outputs private: names and IDs never in a world-readable file, and
DuckDB spills into a private directory with an unpredictable name."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from athar.cli import main
from athar.linkage import engine, pipeline

HEADER = ["source", "record_id", "full_name", "birth_date", "sex"]
ROWS = [HEADER, ["s1", "1", "محمد أحمد الحسن", "1985", "M"], ["s2", "7", "Mohammad Ahmad Al-Hasan", "1985", "M"],
        ["s1", "2", "خالد عمر درويش", "1970", "M"]]


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The operator's usual umask (022): athar must not depend on a stricter one."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_every_output_of_link_is_private(write_csv, tmp_path: Path, open_umask: None,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "RUN_DB_MIN_RECORDS", 1)  # write run.duckdb for a tiny run too
    records = write_csv("records.csv", [*ROWS, ["s2", "8", "Khaled Omar Darwish", "1970-13-45", "M"]])
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["link", str(records), "--out", str(out)])
    assert result.exit_code == 0, result.output
    names = {p.name for p in out.iterdir()}
    assert {"pairs.csv", "clusters.csv", "features.parquet", "run.duckdb", "model.json", "problems.csv"} <= names
    assert _mode(out) == 0o700
    assert {p.name: _mode(p) for p in out.iterdir()} == dict.fromkeys(names, 0o600)


def test_an_existing_open_output_directory_is_made_private(write_csv, tmp_path: Path, open_umask: None) -> None:
    out = tmp_path / "out"
    out.mkdir(mode=0o755)
    result = CliRunner().invoke(main, ["link", str(write_csv("records.csv", ROWS)), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert _mode(out) == 0o700


def test_duckdb_spills_into_a_private_directory_with_an_unpredictable_name(open_umask: None) -> None:
    first = Path(engine.spill_directory())
    try:
        assert first.is_dir() and _mode(first) == 0o700
        assert first.parent == Path(tempfile.gettempdir())
        assert first.name != f"athar-duckdb-{os.getpid()}"
        assert engine.spill_directory() == str(first)  # one per process while it exists
        con = engine.connect()
        try:
            setting = con.execute("SELECT current_setting('temp_directory')").fetchall()[0][0]
        finally:
            con.close()
        assert setting == str(first)
    finally:
        first.rmdir()
    second = Path(engine.spill_directory())
    try:
        assert second != first  # made again, under a new name
    finally:
        second.rmdir()


def test_the_spill_directory_is_removed_when_the_process_ends(tmp_path: Path) -> None:
    # A process that opens a connection without an Engine and exits without closing it.
    script = ("from athar.linkage import engine\n"
              "con = engine.connect()\n"
              "d = engine.spill_directory()\n"
              "open(d + '/spilled.tmp', 'w').write('names')\n"
              "print(d)\n")
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True)
    spilled = Path(done.stdout.strip())
    assert spilled.parent == tmp_path and spilled.name.startswith("athar-duckdb-")
    assert not spilled.exists()
