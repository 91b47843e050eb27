"""athar.files: private directories, tightening what an earlier version left open, old runs removed."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from athar.files import private_directory, remove_old_runs, tighten, use_private_umask


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def test_the_private_umask_makes_new_files_0600_and_directories_0700(tmp_path: Path) -> None:
    previous = use_private_umask()
    try:
        (tmp_path / "f").write_text("x", encoding="utf-8")
        (tmp_path / "d").mkdir()
    finally:
        os.umask(previous)
    assert _mode(tmp_path / "f") == 0o600
    assert _mode(tmp_path / "d") == 0o700


def test_it_creates_a_private_directory_with_its_parents(tmp_path: Path) -> None:
    path = private_directory(tmp_path / "a" / "b")
    assert path == tmp_path / "a" / "b"
    assert _mode(path) == 0o700


def test_it_tightens_an_existing_open_directory(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir(mode=0o755)
    (tmp_path / "out").chmod(0o755)
    private_directory(tmp_path / "out")
    assert _mode(tmp_path / "out") == 0o700


def test_tighten_makes_files_0600_and_directories_0700_and_counts_them(tmp_path: Path) -> None:
    (tmp_path / "run" / "sub").mkdir(parents=True)
    for name, mode in [("run/a.csv", 0o644), ("run/sub/b.parquet", 0o666), ("run/ok", 0o600)]:
        (tmp_path / name).write_text("x", encoding="utf-8")
        (tmp_path / name).chmod(mode)
    (tmp_path / "run").chmod(0o755)
    (tmp_path / "run" / "sub").chmod(0o775)
    assert tighten(tmp_path / "run") == 4
    assert [_mode(tmp_path / n) for n in ("run", "run/sub", "run/a.csv", "run/sub/b.parquet", "run/ok")] == [
        0o700, 0o700, 0o600, 0o600, 0o600]
    assert tighten(tmp_path / "run") == 0


def test_tighten_never_follows_a_symbolic_link(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("x", encoding="utf-8")
    outside.chmod(0o644)
    (tmp_path / "run").mkdir(mode=0o700)
    (tmp_path / "run" / "link").symlink_to(outside)
    tighten(tmp_path / "run")
    assert _mode(outside) == 0o644


def test_it_keeps_only_the_newest_runs(tmp_path: Path) -> None:
    for name in ["link-20260101T000000Z", "link-20260301T000000Z", "link-20260201T000000Z"]:
        (tmp_path / name).mkdir()
        (tmp_path / name / "pairs.csv").write_text("x", encoding="utf-8")
    removed = remove_old_runs(tmp_path, keep=1)
    assert sorted(p.name for p in removed) == ["link-20260101T000000Z", "link-20260201T000000Z"]
    assert [p.name for p in tmp_path.iterdir()] == ["link-20260301T000000Z"]
    remove_old_runs(tmp_path, keep=0)
    assert list(tmp_path.iterdir()) == []
    assert remove_old_runs(tmp_path / "missing", keep=0) == []
