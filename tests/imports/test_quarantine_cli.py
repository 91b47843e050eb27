"""`athar quarantine list|show|export`: quarantined rows can be found again, read and fixed."""

from __future__ import annotations

import csv
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from athar.audit.models import AuditEvent
from athar.cli import main
from athar.imports.quarantine import neutralise
from athar.imports.services import import_records

pytestmark = pytest.mark.django_db(transaction=True)

WriteCsv = Callable[[str, list[list[str]]], Path]
HEADER = ["record_id", "source", "full_name", "birth_date"]


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["quarantine", *args])
    return result.exit_code, result.output


@pytest.fixture
def batch(write_csv: WriteCsv) -> int:
    report = import_records(write_csv("list.csv", [
        HEADER, ["R-1", "ngo", "محمد الحسن", "1985"], ["R-2", "ngo", "=HYPERLINK(\"x\")", "13/1985"],
        ["R-3", "ngo", "سامر", "85"]]))
    assert report.batch is not None
    return report.batch.pk


def test_it_lists_locations_and_reasons_without_content(batch: int) -> None:
    code, output = _run("list")
    assert code == 0, output
    lines = [line for line in output.splitlines() if "\tbatch " in line]
    assert len(lines) == 2
    assert lines[0].endswith(f"batch {batch}\tlist.csv, row 3, column birth_date: "
                             "not a real date: no such month, or no such day in that month")
    assert "row 4, column birth_date: expected a four-digit year" in lines[1]
    assert "سامر" not in output and "HYPERLINK" not in output


def test_it_hides_resolved_rows_unless_asked(batch: int, write_csv: WriteCsv) -> None:
    import_records(write_csv("fixed.csv", [HEADER, ["R-3", "ngo", "سامر", "1985"]]))
    assert len([ln for ln in _run("list")[1].splitlines() if "\tbatch " in ln]) == 1
    code, output = _run("list", "--all")
    assert "(resolved by batch" in output


def test_it_shows_one_row_as_read_and_audits_it(batch: int) -> None:
    from athar.imports.models import QuarantinedRow

    row = QuarantinedRow.objects.get(row_number=4)
    code, output = _run("show", str(row.pk))
    assert code == 0, output
    assert "full_name: سامر" in output and "birth_date: 85" in output
    assert AuditEvent.objects.filter(action="view", target_type="quarantined_row", target_id=str(row.pk)).exists()
    code, output = _run("show", "99999")
    assert code != 0 and "no quarantined row 99999" in output


def test_it_exports_rows_with_formulas_neutralised_readable_by_the_owner_only(batch: int, tmp_path: Path) -> None:
    out = tmp_path / "quarantine.csv"
    code, output = _run("export", "--out", str(out))
    assert code == 0, output
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["row_number"] for r in rows] == ["3", "4"]
    assert rows[0]["full_name"] == "'=HYPERLINK(\"x\")"
    assert rows[1]["full_name"] == "سامر"
    assert AuditEvent.objects.filter(action="export", target_type="quarantine").exists()


@pytest.mark.parametrize(("value", "expected"), [
    ("=1+1", "'=1+1"), ("+9639", "'+9639"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
    ("\rx", "'\rx"), ("محمد", "محمد"), ("a=b", "a=b"), ("", ""),
])
def test_it_neutralises_formula_leading_cells(value: str, expected: str) -> None:
    assert neutralise(value) == expected
