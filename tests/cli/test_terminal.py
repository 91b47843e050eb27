"""Nothing from the data reaches the terminal as a control sequence (athar.cli.terminal.safe): errors
naming a file's column, the sources an import created, search results."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from athar.cli import main


def test_an_error_naming_a_hostile_column_prints_no_escape(write_csv, tmp_path) -> None:
    path = write_csv("records.csv", [["source", "record_id", "full_name", "n\x1b[2J", "n\x1b[2J"],
                                     ["s", "1", "a", "b", "c"]])
    result = CliRunner(mix_stderr=False).invoke(main, ["link", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code != 0
    assert "column n\\x1b[2J: duplicate column" in result.stderr
    assert "\x1b" not in result.stderr


@pytest.mark.django_db
def test_import_quarantines_a_hostile_source_name_without_printing_its_escape_codes(write_csv) -> None:
    path = write_csv("records.csv", [["source", "record_id", "full_name"],
                                     ["ngo\x1b]0;pwned\x07", "R-1", "محمد الحسن"]])
    result = CliRunner(mix_stderr=False).invoke(main, ["import", "records", "--quiet", str(path)])
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout + result.stderr and "\x07" not in result.stdout + result.stderr
    # The reader refuses control characters in any value: the row waits in quarantine, and the
    # terminal hears only where it was and why.
    assert "row 2, column source: control characters in the value" in result.stdout
    assert "quarantined 1 (of 1 rows)" in result.stdout
