"""`athar init` creates or upgrades the registry in a fixed place, never the current directory, and
everything it writes is private (0700 directories, 0600 files). Real processes: the test process's
own Django is set up on pytest-django's test database."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
ATHAR = str(Path(sys.executable).parent / "athar")


def _environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ATHAR_", "DJANGO_", "XDG_"))}
    env["HOME"] = str(tmp_path / "home")
    return {**env, **extra}


def _run(args: list[str], env: dict[str, str], cwd: Path, *, umask: int = 0o022) -> subprocess.CompletedProcess[str]:
    cwd.mkdir(parents=True, exist_ok=True)
    old = os.umask(umask)  # the operator's own umask, inherited by the process: athar must not rely on it
    try:
        return subprocess.run(args, capture_output=True, text=True, env=env, cwd=cwd,  # noqa: S603
                              timeout=120, check=False)
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_it_creates_the_registry_in_the_per_user_default_and_says_where(tmp_path: Path) -> None:
    env = _environment(tmp_path)
    result = _run([ATHAR, "init"], env, tmp_path / "somewhere")
    assert result.returncode == 0, result.stderr
    data_dir = tmp_path / "home" / ".local" / "share" / "athar"
    assert f"SQLite database {data_dir / 'athar.sqlite3'}" in result.stdout
    assert "Created the registry" in result.stdout
    assert (data_dir / "athar.sqlite3").is_file()
    assert list((tmp_path / "somewhere").iterdir()) == []  # nothing in the current directory


def test_it_finds_the_same_registry_from_another_directory(tmp_path: Path) -> None:
    env = _environment(tmp_path, XDG_DATA_HOME=str(tmp_path / "xdg"))
    assert _run([ATHAR, "init"], env, tmp_path / "office").returncode == 0
    again = _run([ATHAR, "init"], env, tmp_path / "elsewhere")
    assert again.returncode == 0, again.stderr
    assert "up to date" in again.stdout
    assert str(tmp_path / "xdg" / "athar" / "athar.sqlite3") in again.stdout
    search = _run([ATHAR, "search", "محمد"], env, tmp_path / "third")
    assert search.returncode == 0, search.stderr  # the registry is there (empty), not "not set up"
    assert not (tmp_path / "third" / "var").exists()


def test_it_is_idempotent_and_keeps_the_secret_key(tmp_path: Path) -> None:
    env = _environment(tmp_path, ATHAR_DATA_DIR=str(tmp_path / "data"))
    assert _run([ATHAR, "init"], env, tmp_path).returncode == 0
    key = (tmp_path / "data" / "secret_key").read_text(encoding="utf-8")
    second = _run([ATHAR, "init"], env, tmp_path)
    assert second.returncode == 0
    assert "The registry is up to date: nothing to do." in second.stdout
    assert (tmp_path / "data" / "secret_key").read_text(encoding="utf-8") == key


def test_it_writes_every_file_private_whatever_the_umask(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    env = _environment(tmp_path, ATHAR_DATA_DIR=str(data_dir))
    assert _run([ATHAR, "init"], env, tmp_path, umask=0o000).returncode == 0
    assert _mode(data_dir) == 0o700
    files = [p for p in data_dir.rglob("*") if p.is_file()]
    assert {p.name for p in files} >= {"athar.sqlite3", "secret_key", "registry.json"}
    assert {p.name: _mode(p) for p in files} == {p.name: 0o600 for p in files}


def test_the_write_ahead_log_is_private_while_the_database_is_open(tmp_path: Path) -> None:
    # The -wal and -shm files exist only while a connection is open, and hold the latest writes.
    data_dir = tmp_path / "data"
    env = _environment(tmp_path, ATHAR_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="athar.web.settings")
    script = (
        "import django, stat\nfrom pathlib import Path\ndjango.setup()\n"
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    c.execute('CREATE TABLE t (x text)'); c.execute(\"INSERT INTO t VALUES ('x')\")\n"
        "    for p in sorted(Path(connection.settings_dict['NAME']).parent.glob('athar.sqlite3*')):\n"
        "        print(p.name, oct(stat.S_IMODE(p.stat().st_mode)))\n")
    result = _run([sys.executable, "-c", script], env, tmp_path, umask=0o000)
    assert result.returncode == 0, result.stderr
    modes = dict(line.split() for line in result.stdout.splitlines())
    assert modes == {"athar.sqlite3": "0o600", "athar.sqlite3-shm": "0o600", "athar.sqlite3-wal": "0o600"}


def test_it_makes_an_earlier_versions_files_private(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    env = _environment(tmp_path, ATHAR_DATA_DIR=str(data_dir))
    assert _run([ATHAR, "init"], env, tmp_path).returncode == 0
    data_dir.chmod(0o755)
    (data_dir / "athar.sqlite3").chmod(0o644)
    (data_dir / "linkage" / "link-1").mkdir(parents=True)
    (data_dir / "linkage" / "link-1" / "pairs.csv").write_text("x", encoding="utf-8")
    (data_dir / "linkage" / "link-1" / "pairs.csv").chmod(0o644)
    result = _run([ATHAR, "init"], env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "private" in result.stdout
    assert _mode(data_dir) == 0o700
    assert _mode(data_dir / "athar.sqlite3") == 0o600
    assert _mode(data_dir / "linkage" / "link-1") == 0o700
    assert _mode(data_dir / "linkage" / "link-1" / "pairs.csv") == 0o600


def test_it_refuses_a_relative_data_directory(tmp_path: Path) -> None:
    result = _run([ATHAR, "init"], _environment(tmp_path, ATHAR_DATA_DIR="var"), tmp_path)
    assert result.returncode == 2
    assert "ATHAR_DATA_DIR must be an absolute path" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "var").exists()


def test_it_marks_the_registry_as_a_real_one(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    env = _environment(tmp_path, ATHAR_DATA_DIR=str(data_dir))
    assert _run([ATHAR, "init"], env, tmp_path).returncode == 0
    demo = _run([ATHAR, "demo", "--no-serve", "--records", "10"], env, tmp_path)
    assert demo.returncode == 2
    assert "refusing to add synthetic people to a real registry" in demo.stderr


def test_it_brings_the_search_index_up_to_date_after_an_import_and_an_upgrade(tmp_path: Path) -> None:
    """An upgrade that changes the search keys re-keys every record at `athar init`, not during the
    first person's search."""
    import sqlite3

    env = _environment(tmp_path, ATHAR_DATA_DIR=str(tmp_path / "data"))
    assert _run([ATHAR, "init"], env, tmp_path).returncode == 0
    records = tmp_path / "records.csv"
    records.write_text("record_id,source,full_name\nF-1,family_reports,محمد أحمد الحسن\n"
                       "N-1,ngo_list,Mohammad Ahmad Al-Hasan\n", encoding="utf-8")
    imported = _run([ATHAR, "import", "records", str(records)], env, tmp_path)
    assert imported.returncode == 0, imported.stderr
    first = _run([ATHAR, "init"], env, tmp_path)
    assert first.returncode == 0, first.stderr
    assert "Search index: 2 record(s) indexed" in first.stdout
    # What an upgrade of the name engine leaves: entries keyed by another version of the keys.
    with sqlite3.connect(tmp_path / "data" / "athar.sqlite3") as db:
        db.execute("UPDATE search_indexedrecord SET fingerprint = 'an-earlier-version'")
    upgraded = _run([ATHAR, "init"], env, tmp_path)
    assert "Search index: 2 record(s) indexed" in upgraded.stdout
    with sqlite3.connect(tmp_path / "data" / "athar.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM search_indexedrecord WHERE fingerprint = 'an-earlier-version'"
                          ).fetchone() == (0,)
    assert "Search index" not in _run([ATHAR, "init"], env, tmp_path).stdout  # nothing left to do
