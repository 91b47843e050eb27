"""Imports as separate processes on one database file: a second import waits for the first with a
message (never `database is locked`), and an import killed half-way leaves nothing behind."""

from __future__ import annotations

import csv
import fcntl
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ATHAR = str(Path(sys.executable).parent / "athar")


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ATHAR_", "DJANGO_"))}
    env["ATHAR_DATA_DIR"] = str(data_dir)
    return env


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "data"
    code = ("from athar.cli.django_setup import setup_django; setup_django(); "
            "from django.core.management import call_command; call_command('migrate', verbosity=0)")
    subprocess.run([sys.executable, "-c", code], env=_env(directory), check=True, timeout=300)  # noqa: S603
    return directory


def _records_file(path: Path, count: int, prefix: str) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["record_id", "source", "full_name", "event_type", "event_date"])
        for i in range(count):
            writer.writerow([f"{prefix}-{i}", "ngo", f"محمد {i}", "arrest", "2013-05"])
    return path


def _count(data_dir: Path, table: str) -> int:
    with sqlite3.connect(data_dir / "athar.sqlite3") as db:
        return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608 - fixed names


WAITING = "another import is running; waiting for it to finish"


def _stderr_until(process: subprocess.Popen[str], text: str, *, timeout: float) -> str:
    """What the process wrote to stderr up to and including the line holding `text`."""
    assert process.stderr is not None
    deadline = time.monotonic() + timeout
    seen = ""
    while text not in seen:
        assert time.monotonic() < deadline, f"no {text!r} within {timeout} s; stderr so far: {seen!r}"
        line = process.stderr.readline()
        assert line or process.poll() is None, f"ended before saying {text!r}: {seen!r}"
        seen += line
    return seen


def _start(data_dir: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([ATHAR, "import", "records", *args], env=_env(data_dir),  # noqa: S603
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_a_second_import_waits_for_the_first_with_a_message(data_dir: Path, tmp_path: Path) -> None:
    first = _records_file(tmp_path / "a.csv", 300, "A")
    second = _records_file(tmp_path / "b.csv", 300, "B")
    # Hold the lock as a running import would, so that both commands find it taken.
    lock = os.open(data_dir / "athar.sqlite3.import-lock", os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(lock, fcntl.LOCK_EX)
    processes = [_start(data_dir, "--quiet", str(first)), _start(data_dir, "--quiet", str(second))]
    # Wait until each says it is waiting (however long a loaded machine takes to start them), not
    # for a fixed time: a fixed sleep failed when the commands had not reached the lock yet.
    said = [_stderr_until(p, WAITING, timeout=120) for p in processes]
    assert all(p.poll() is None for p in processes)  # both waiting, neither failed
    assert _count(data_dir, "registry_record") == 0
    os.close(lock)
    outputs = [p.communicate(timeout=120) for p in processes]
    for process, (out, err), early in zip(processes, outputs, said, strict=True):
        err = early + err
        assert process.returncode == 0, err
        assert WAITING in err
        assert "Traceback" not in err and "locked" not in err
        assert "imported 300, skipped as already present 0, quarantined 0 (of 300 rows)" in out
    assert _count(data_dir, "registry_record") == 600


def test_two_imports_at_once_both_finish(data_dir: Path, tmp_path: Path) -> None:
    files = [_records_file(tmp_path / f"{p}.csv", 3000, p) for p in "AB"]
    processes = [_start(data_dir, "--quiet", str(f)) for f in files]
    for process in processes:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        assert "Traceback" not in err
    assert _count(data_dir, "registry_record") == 6000


def test_an_import_killed_half_way_leaves_nothing_behind(data_dir: Path, tmp_path: Path) -> None:
    path = _records_file(tmp_path / "big.csv", 30_000, "K")
    process = _start(data_dir, str(path))
    assert process.stderr is not None
    seen = ""
    deadline = time.monotonic() + 240
    # tqdm redraws with carriage returns: read characters, not lines, until rows are being written.
    while "5000/30000" not in seen and "10000/30000" not in seen:
        assert time.monotonic() < deadline and process.poll() is None, seen
        seen += process.stderr.read(1)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL
    assert [_count(data_dir, t) for t in ("registry_record", "registry_importbatch", "registry_event",
                                            "imports_quarantinedrow")] == [0, 0, 0, 0]
    # The next import of the same file is not refused as "already imported".
    again = subprocess.run([ATHAR, "import", "records", "--quiet", str(path)], env=_env(data_dir),  # noqa: S603
                           capture_output=True, text=True, timeout=300, check=False)
    assert again.returncode == 0, again.stderr
    assert "imported 30000," in again.stdout
