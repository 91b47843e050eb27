"""`athar synth` fails like every other command: one line naming the directory, no traceback."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from athar.cli import main


def test_it_says_which_directory_it_cannot_write(tmp_path: Path) -> None:
    blocker = tmp_path / "a_file"
    blocker.write_text("not a directory", encoding="utf-8")
    out = blocker / "synth"
    result = CliRunner().invoke(main, ["synth", "--records", "20", "--out", str(out)])
    assert result.exit_code == 2
    assert f"athar: error: cannot write to {out}" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
