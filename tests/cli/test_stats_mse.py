"""`athar stats mse` as interchange spec §7 describes it."""

import json

import pytest
from click.testing import CliRunner

from athar.cli import main

# Cormack, Chang & Smith (2000), Table 3b (see tests/estimation/test_fit.py), one row per person.
INJURY_DEATHS = {(1, 1, 1): 72, (1, 1, 0): 5, (1, 0, 1): 29, (1, 0, 0): 54, (0, 1, 1): 24, (0, 1, 0): 3,
                 (0, 0, 1): 14}


def _write(tmp_path, stratum=None):
    lines = ["deaths,ntof,wcc" + (",period" if stratum else "")]
    for history, count in INJURY_DEATHS.items():
        for k in range(count):
            cells = [str(v) for v in history] + ([stratum[k % len(stratum)]] if stratum else [])
            lines.append(",".join(cells))
    path = tmp_path / "histories.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_it_prints_one_json_object_as_the_spec_says(tmp_path):
    result = CliRunner().invoke(main, ["stats", "mse", str(_write(tmp_path)), "--lists", "deaths,ntof,wcc",
                                       "--format", "json", "--single-model"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert {"observed", "estimate", "lower", "upper", "model", "strata"} <= set(out)
    assert out["observed"] == 201
    assert (out["estimate"], out["lower"], out["upper"]) == (221.9, 210.3, 236.2)
    assert out["model"] == "lists deaths, ntof, wcc; dependence between ntof with wcc"
    assert out["strata"] == []


def test_it_reports_each_stratum(tmp_path):
    path = _write(tmp_path, stratum=["2012", "2013"])
    result = CliRunner().invoke(main, ["stats", "mse", str(path), "--lists", "deaths,ntof,wcc",
                                       "--stratum", "period", "--format", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert [s["stratum"] for s in out["strata"]] == ["2012", "2013"]
    assert sum(s["observed"] for s in out["strata"]) == out["observed"] == 201
    assert out["estimate"] == pytest.approx(sum(s["estimate"] for s in out["strata"]), abs=0.2)


def test_the_text_report_states_it_is_a_minimum(tmp_path):
    result = CliRunner().invoke(main, ["stats", "mse", str(_write(tmp_path)), "--lists", "deaths,ntof,wcc"])
    assert result.exit_code == 0
    assert "persons observed on at least one list: 201" in result.output
    assert "a minimum, not a census" in result.output


def test_a_bad_cell_stops_with_one_line_naming_file_row_and_column(tmp_path):
    path = tmp_path / "histories.csv"
    path.write_text("A,B,C\n1,0,0\n1,2,0\n", encoding="utf-8")
    result = CliRunner(mix_stderr=False).invoke(main, ["stats", "mse", str(path), "--lists", "A,B,C"])
    assert result.exit_code == 2
    assert result.stderr == f"athar: error: {path}, row 3, column B: expected 0 or 1\n"
    assert result.stdout == ""


def test_too_few_lists_is_refused(tmp_path):
    result = CliRunner(mix_stderr=False).invoke(main, ["stats", "mse", str(_write(tmp_path)),
                                                       "--lists", "deaths,ntof"])
    assert result.exit_code == 2
    assert "3 to 6 list columns, got 2" in result.stderr
