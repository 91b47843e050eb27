"""`athar synth` on the command line."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from athar.cli import main


def test_it_writes_files_and_says_where(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["synth", "--records", "300", "--seed", "3", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "300 records" in result.output
    assert str(tmp_path / "records.csv") in result.output
    assert (tmp_path / "truth.csv").exists() and (tmp_path / "families.csv").exists()


def test_it_requires_a_positive_count(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["synth", "--records", "0", "--out", str(tmp_path)])
    assert result.exit_code != 0
