"""`athar names score` as ../shared/spec/interchange.md §5 specifies it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from athar.cli import main


def _pairs(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pairs.csv"
    path.write_text(text, encoding="utf-8")
    return path


PAIRS = ("\ufeffpair_id,name_a,name_b,note\n"
         "p1,محمد أحمد الحسن,Mohammed Ahmed el-Hassan,ignored\n"
         "p2,محمد,محمود,\n"
         "p3,!!!,Ali,\n")


def test_it_scores_every_pair_in_input_order_with_a_same_flag_at_the_default_threshold(tmp_path):
    result = CliRunner(mix_stderr=False).invoke(main, ["names", "score", str(_pairs(tmp_path, PAIRS))])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "pair_id,score,same"
    rows = [line.split(",") for line in lines[1:]]
    assert [r[0] for r in rows] == ["p1", "p2", "p3"]
    assert float(rows[0][1]) >= 0.9 and rows[0][2] == "1"
    assert float(rows[1][1]) < 0.75 and rows[1][2] == "0"  # محمد and محمود are two names
    assert all(0.0 <= float(r[1]) <= 1.0 for r in rows)


def test_a_name_without_letters_scores_zero_with_a_warning_naming_the_pair_not_the_name(tmp_path):
    result = CliRunner(mix_stderr=False).invoke(main, ["names", "score", str(_pairs(tmp_path, PAIRS))])
    assert "p3,0.0000,0" in result.stdout
    assert "pair p3" in result.stderr and "Ali" not in result.stderr


def test_it_writes_to_a_file_with_out(tmp_path):
    out = tmp_path / "scores.csv"
    result = CliRunner(mix_stderr=False).invoke(main, ["names", "score", str(_pairs(tmp_path, PAIRS)), "--out", str(out)])
    assert result.exit_code == 0
    assert out.read_text(encoding="utf-8").splitlines()[0] == "pair_id,score,same"
    assert "p1" not in result.stdout


def test_a_missing_column_stops_with_one_line_and_a_non_zero_exit(tmp_path):
    result = CliRunner(mix_stderr=False).invoke(main, ["names", "score", str(_pairs(tmp_path, "pair_id,name_a\n1,Ali\n"))])
    assert result.exit_code != 0
    assert result.stderr.strip().count("\n") == 0 and "name_b" in result.stderr


@pytest.mark.parametrize("engine", ["names", "linker"])
def test_both_engines_tell_a_transliteration_from_another_name(engine, tmp_path):
    text = "pair_id,name_a,name_b\n1,ريتشارد واين,Richard Wayne\n2,ريتشارد واين,Hagop Kevorkian\n"
    result = CliRunner(mix_stderr=False).invoke(main, ["names", "score", str(_pairs(tmp_path, text)), "--engine", engine])
    rows = [line.split(",") for line in result.stdout.splitlines()[1:]]
    assert float(rows[0][1]) > float(rows[1][1])
    assert rows[0][2] == "1" and rows[1][2] == "0"
