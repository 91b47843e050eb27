"""`athar bench mse` never overwrites an earlier result file of the same day."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from athar.cli import main


def test_a_second_run_of_the_day_gets_its_own_files(tmp_path: Path) -> None:
    for _ in range(2):
        result = CliRunner(mix_stderr=False).invoke(
            main, ["bench", "mse", "--seeds", "1", "--first-seed", "3", "--out", str(tmp_path)])
        assert result.exit_code == 0, result.output
    names = {p.name for p in tmp_path.iterdir()}
    first = next(n for n in names if n.endswith(".md") and not n.endswith("-2.md"))
    assert names == {first, first.replace(".md", ".json"), first.replace(".md", "-2.md"),
                     first.replace(".md", "-2.json")}
