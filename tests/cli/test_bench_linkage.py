"""`athar bench linkage` end to end on a small synthetic set (no Gaza, no baseline)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from athar.cli import main


def test_it_prints_accuracy_the_ambiguity_ceiling_and_incremental_timing(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["bench", "linkage", "--sizes", "600", "--no-gaza", "--no-baseline",
                                       "--workdir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    accuracy = [line for line in lines if line.startswith("| synthetic 600 records") and "| athar |" in line]
    assert len(accuracy) == 1
    precision, recall, f1 = (float(cell) for cell in accuracy[0].strip("| ").split(" | ")[-3:])
    assert 0.5 < precision <= 1 and 0.3 < recall <= 1 and 0 < f1 <= 1
    ceiling = [line for line in lines if line.startswith("| synthetic 600 records") and "% )" not in line
               and " of " in line]
    assert len(ceiling) == 1, result.output
    guess = [float(v) for v in ceiling[0].strip("| ").split(" | ")[-1].split(" / ")]
    assert len(guess) == 3 and f1 <= guess[2] <= 1  # nothing beats a perfect linker that guesses well
    assert "link_new wall s" in result.output
    assert (tmp_path / "synth-600-athar" / "clusters.csv").exists()


def test_sizes_none_runs_no_synthetic_set_and_a_bad_size_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["bench", "linkage", "--sizes", "none", "--no-gaza", "--workdir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "synthetic" not in result.output and not any(tmp_path.iterdir())
    bad = CliRunner().invoke(main, ["bench", "linkage", "--sizes", "5", "--no-gaza", "--workdir", str(tmp_path)])
    assert bad.exit_code != 0 and "at least 10" in bad.output
