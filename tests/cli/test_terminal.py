"""Nothing from the data reaches the terminal as a control sequence (athar.cli.terminal)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from athar.cli import main
from athar.cli.terminal import printable


@pytest.mark.parametrize(("text", "shown"), [
    ("ngo\x1b[2Jlist", "ngo\ufffd[2Jlist"),
    ("title\x1b]0;x\x07", "title\ufffd]0;x\ufffd"),
    ("over\rwrite", "over\ufffdwrite"),
    ("8-bit\x9b31m", "8-bit\ufffd31m"),
    ("fdp\u202eexe.pdf", "fdpexe.pdf"),
    ("\u2067isolated\u2069", "isolated"),
    ("محمد\u200fالحسن", "محمد\u200fالحسن"),  # Arabic's own direction mark stays
    ("Mhd Hasan", "Mhd Hasan"),
])
def test_it_replaces_control_characters_and_removes_direction_overrides(text: str, shown: str) -> None:
    assert printable(text) == shown


def test_an_error_naming_a_hostile_column_prints_no_escape(write_csv, tmp_path) -> None:
    path = write_csv("records.csv", [["source", "record_id", "full_name", "n\x1b[2J", "n\x1b[2J"],
                                     ["s", "1", "a", "b", "c"]])
    result = CliRunner(mix_stderr=False).invoke(main, ["link", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code != 0
    assert "column n\ufffd[2J: duplicate column" in result.stderr
    assert "\x1b" not in result.stderr


@pytest.mark.django_db
def test_import_prints_a_hostile_source_name_without_its_escape_codes(write_csv) -> None:
    path = write_csv("records.csv", [["source", "record_id", "full_name"],
                                     ["ngo\x1b]0;pwned\x07", "R-1", "محمد الحسن"]])
    result = CliRunner(mix_stderr=False).invoke(main, ["import", "records", "--quiet", str(path)])
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout + result.stderr and "\x07" not in result.stdout + result.stderr
    assert "ngo\ufffd]0;pwned\ufffd" in result.stdout
