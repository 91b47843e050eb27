"""Long commands show their progress on stderr, never on stdout (which scripts read: link's
summary, pairs.csv and clusters.csv keep the spec's form), and `--quiet` silences it."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from tests.factories import make_record, make_source

from athar.cli import main
from athar.cli.progress import StageProgress

RECORDS = [["source", "record_id", "full_name", "birth_date", "sex"],
           ["s1", "1", "محمد أحمد الحسن", "1985", "M"], ["s2", "7", "Mohammad Ahmad Al-Hasan", "1985", "M"],
           ["s1", "2", "خالد عمر درويش", "1970", "M"]]


def _invoke(args: list[str]) -> Any:
    result = CliRunner(mix_stderr=False).invoke(main, args)
    assert result.exit_code == 0, result.stderr
    return result


def test_link_shows_its_steps_on_stderr_and_keeps_stdout_to_the_summary(write_csv: Any, tmp_path: Path) -> None:
    path = write_csv("records.csv", RECORDS)
    result = _invoke(["link", str(path), "--out", str(tmp_path / "out")])
    assert "linking: building features" in result.stderr
    assert result.stdout.startswith("3 records, ") and result.stdout.count("\n") == 1
    assert "\r" not in result.stdout and "linking" not in result.stdout
    with (tmp_path / "out" / "clusters.csv").open(encoding="utf-8", newline="") as handle:
        assert next(csv.reader(handle)) == ["source", "record_id", "cluster_id"]


def test_link_quiet_prints_no_progress(write_csv: Any, tmp_path: Path) -> None:
    path = write_csv("records.csv", RECORDS)
    result = _invoke(["link", str(path), "--out", str(tmp_path / "out"), "--quiet"])
    assert result.stderr == ""
    assert result.stdout.startswith("3 records, ")


@pytest.mark.django_db
def test_resolve_shows_the_export_the_linking_and_the_moves(settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path
    family, ngo = make_source("family_reports"), make_source("ngo_list")
    make_record("F-1", source=family, first_name="محمد", father_name="أحمد", family_name="الحسن")
    make_record("N-1", source=ngo, first_name="Mohammad", father_name="Ahmad", family_name="Al-Hasan")
    result = _invoke(["resolve"])
    for stage in ("exporting records", "linking: ", "moving records to their persons"):
        assert stage in result.stderr, stage
    assert "linking" not in result.stdout and "\r" not in result.stdout
    assert result.stdout.startswith("2 records, ")


@pytest.mark.django_db
def test_resolve_quiet_prints_no_progress(settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path
    make_record("F-1", source=make_source("family_reports"), first_name="محمد", family_name="الحسن")
    result = _invoke(["resolve", "--quiet"])
    assert result.stderr == ""


def test_a_stage_bar_follows_the_steps_and_draws_nothing_when_quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    err = io.StringIO()
    monkeypatch.setattr("sys.stderr", err)
    with StageProgress() as progress:
        progress("linking: reading records", 0, 7)
        progress("linking: clustering", 5, 7)
        progress("moving records to their persons", 10, 10)
    text = err.getvalue()
    assert "linking: reading records" in text and "moving records to their persons" in text
    assert "/10" in text and "/7" in text
    quiet_err = io.StringIO()
    monkeypatch.setattr("sys.stderr", quiet_err)
    with StageProgress(quiet=True) as progress:
        progress("linking: reading records", 0, 7)
    assert quiet_err.getvalue() == ""


def test_bad_input_to_link_leaves_stderr_with_its_one_line_error(write_csv: Any, tmp_path: Path) -> None:
    path = write_csv("bad.csv", [["source", "full_name"], ["s1", "x"]])
    result = CliRunner(mix_stderr=False).invoke(main, ["link", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code != 0
    assert len(result.stderr.strip().splitlines()) == 1 and "column record_id" in result.stderr
