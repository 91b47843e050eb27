"""`athar bench linkage` end to end on small sets (no Gaza, no baseline), and its result files."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from athar.cli import main
from athar.cli.bench_linkage import INCREMENTAL_COLUMNS


def test_it_prints_accuracy_identifying_records_and_incremental_timing_and_writes_dated_results(
        tmp_path: Path) -> None:
    results = tmp_path / "results"
    result = CliRunner().invoke(main, ["bench", "linkage", "--sizes", "600", "--challenges", "names-only",
                                       "--challenge-persons", "150", "--no-gaza", "--no-baseline",
                                       "--workdir", str(tmp_path / "work"), "--results-dir", str(results)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    accuracy = [line for line in lines if line.startswith("| synthetic 600 records") and "| athar |" in line]
    assert len(accuracy) == 1
    precision, recall, f1 = (float(cell) for cell in accuracy[0].strip("| ").split(" | ")[-3:])
    assert 0.5 < precision <= 1 and 0.3 < recall <= 1 and 0 < f1 <= 1
    assert any(line.startswith("| names-only (") for line in lines)
    (json_file,) = results.glob("*-linkage.json")
    (md_file,) = results.glob("*-linkage.md")
    document = json.loads(json_file.read_text(encoding="utf-8"))
    assert document["command"].startswith("athar bench linkage --sizes 600")
    rows = document["tables"]["Pairwise accuracy"]
    assert [r["data"].split(" (")[0] for r in rows] == ["synthetic 600 records", "names-only"]
    assert rows[0]["f1"] == round(f1, 4)
    # CPU time of each run's process, besides its wall time (a shared machine's load moves the latter).
    assert all(row["cpu_s"] > 0 for row in rows)
    person = document["tables"]["Identifying and thin records"]
    assert len(person) == 1 and 0 < person[0]["identifying_f1"] <= 1
    assert "| synthetic 600 records" in md_file.read_text(encoding="utf-8")
    # Where the time went, per stage, for each athar run; the stages add up to no more than the total.
    stages = document["tables"]["athar's stages (seconds)"]
    assert [r["data"].split(" (")[0] for r in stages] == ["synthetic 600 records", "names-only"]
    for row in stages:
        parts = [row[c] for c in ("read", "features", "train", "predict", "write_pairs", "cluster", "person_pass",
                                  "cluster_merge", "write_clusters", "write_features")]
        assert all(v >= 0 for v in parts) and 0 < sum(parts) <= row["total"] + 0.05
    assert "Where athar's time went" in result.output
    assert "best guess" not in result.output and "ceiling" not in result.output


def test_a_second_run_on_the_same_day_does_not_overwrite_the_first(tmp_path: Path) -> None:
    args = ["bench", "linkage", "--sizes", "none", "--challenges", "none", "--no-gaza", "--workdir",
            str(tmp_path / "work"), "--results-dir", str(tmp_path / "results")]
    for _ in range(2):
        assert CliRunner().invoke(main, args).exit_code == 0
    assert len(list((tmp_path / "results").glob("*.json"))) == 2


def test_sizes_none_runs_no_synthetic_set_and_bad_options_are_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["bench", "linkage", "--sizes", "none", "--challenges", "none", "--no-gaza",
                                       "--workdir", str(tmp_path), "--no-results"])
    assert result.exit_code == 0, result.output
    assert "synthetic" not in result.output and not any(tmp_path.iterdir())
    bad = CliRunner().invoke(main, ["bench", "linkage", "--sizes", "5", "--no-gaza", "--workdir", str(tmp_path)])
    assert bad.exit_code != 0 and "at least 10" in bad.output
    unknown = CliRunner().invoke(main, ["bench", "linkage", "--challenges", "febrl", "--workdir", str(tmp_path)])
    assert unknown.exit_code != 0 and "unknown challenge" in unknown.output


def test_the_fair_baseline_romanises_names_and_reports_the_threshold_it_chose(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["bench", "linkage", "--sizes", "none", "--challenges", "names-only",
                                       "--challenge-persons", "150", "--no-gaza", "--workdir", str(tmp_path),
                                       "--no-results"])
    assert result.exit_code == 0, result.output
    rows = [line for line in result.output.splitlines()
            if line.startswith("| names-only") and ("| athar |" in line or "| plain Splink" in line)]
    assert len(rows) == 3
    plain, fair = rows[1], rows[2]
    assert "| plain Splink |" in plain and "best threshold 0." in fair
    # Across scripts the plain configuration finds nothing; romanised names it does.
    assert float(plain.strip("| ").split(" | ")[-1]) == 0.0
    assert float(fair.strip("| ").split(" | ")[-1]) > 0.3


def test_against_times_one_new_record_against_an_existing_run(tmp_path: Path) -> None:
    from athar import synth
    from athar.linkage.pipeline import link

    data = synth.generate(300, seed=3, out_dir=tmp_path / "synth")
    run = tmp_path / "run"
    link([data.records_csv], run)
    result = CliRunner().invoke(main, ["bench", "linkage", "--sizes", "none", "--challenges", "none", "--no-gaza",
                                       "--against", str(run), "--incremental-repeats", "1",
                                       "--workdir", str(tmp_path / "work"), "--results-dir", str(tmp_path / "res")])
    assert result.exit_code == 0, result.output
    (row,) = [line for line in result.output.splitlines() if line.startswith("| existing run of ")]
    cells = row.strip("| ").split(" | ")
    assert cells[0] == f"existing run of {data.n_records:,} records"
    got = dict(zip(INCREMENTAL_COLUMNS[1:], (float(c) for c in cells[1:]), strict=True))
    assert got["command_s"] > 0 and got["command_cpu_s"] > 0 and got["command_first_s"] > 0 and got["cpu_s"] > 0
    assert got["wall_s"] >= got["loading_s"] + got["matching_s"] - 0.05 and got["peak_rss_mb"] > 0
    assert 0 < got["warm_match_s"] < got["wall_s"] and 0 < got["warm_match_cpu_s"] < got["cpu_s"]
    matching_s = got["matching_s"]
    (json_file,) = (tmp_path / "res").glob("*-linkage.json")
    document = json.loads(json_file.read_text(encoding="utf-8"))
    assert str(run) not in document["command"], "a path of this machine in the result file"
    assert document["tables"]["One new record against an existing run"][0]["matching_s"] == matching_s
    assert list(document["tables"]) == ["One new record against an existing run"]  # no empty tables
    assert "## Pairwise accuracy" not in (tmp_path / "res" / json_file.name).with_suffix(".md").read_text("utf-8")
    bad = CliRunner().invoke(main, ["bench", "linkage", "--sizes", "none", "--challenges", "none", "--no-gaza",
                                    "--against", str(tmp_path / "synth"), "--no-results"])
    assert bad.exit_code != 0 and "run.json" in bad.output


def test_without_workdir_the_temporary_directory_is_removed_at_the_end(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    result = CliRunner().invoke(main, ["bench", "linkage", "--sizes", "none", "--challenges", "none", "--no-gaza",
                                       "--no-results"])
    assert result.exit_code == 0, result.output
    assert "removed at the end" in result.output
    assert not list(tmp_path.glob("athar-bench-*"))
