"""`athar import records`: prints counts and quarantine locations, exits non-zero only for bad files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from athar.cli import main
from athar.registry.models import Record

pytestmark = pytest.mark.django_db(transaction=True)

WriteCsv = Callable[[str, list[list[str]]], Path]
HEADER = ["record_id", "source", "full_name", "birth_date"]


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["import", "records", "--quiet", *args])
    return result.exit_code, result.output


def test_it_prints_counts_and_quarantine_locations(write_csv: WriteCsv) -> None:
    path = write_csv("list.csv", [HEADER, ["R-1", "ngo", "محمد الحسن", "1985"], ["R-2", "ngo", "سامر", "85"]])
    code, output = _run(str(path))
    assert code == 0, output
    assert f"quarantined: {path}, row 3, column birth_date: expected a four-digit year" in output
    assert "imported 1, skipped as already present 0, quarantined 1 (of 2 rows), updated 0" in output
    assert "new sources: ngo" in output
    assert "سامر" not in output and "محمد" not in output and "85\n" not in output


def test_it_adds_nothing_the_second_time(write_csv: WriteCsv) -> None:
    path = write_csv("list.csv", [HEADER, ["R-1", "ngo", "محمد الحسن", "1985"], ["R-2", "ngo", "سامر", "85"]])
    _run(str(path))
    code, output = _run(str(path))
    assert code == 0
    assert "already imported" in output
    # What happened to the rows the first time, not "already present" for rows that are in quarantine.
    assert "That import brought in 1 rows and quarantined 1" in output
    assert "imported 0, skipped as already present 2, quarantined 0" in output
    assert Record.objects.count() == 1


def test_it_takes_source_and_kind_from_options(write_csv: WriteCsv) -> None:
    path = write_csv("family.csv", [["record_id", "full_name"], ["A-1", "محمد"]])
    code, output = _run(str(path), "--source", "family_2024", "--kind", "family_report")
    assert code == 0, output
    record = Record.objects.select_related("source").get()
    assert (record.source.name, record.source.kind) == ("family_2024", "family_report")


@pytest.mark.parametrize(("content", "message"), [
    (None, "file not found"),
    (b"record_id,source\nR-1,\xff\xfe\n", "not valid UTF-8"),
    (b"", "the file is empty"),
    (b"record_id,full_name\nR-1,x\n", "column source"),
])
def test_it_exits_non_zero_when_the_file_cannot_be_read(tmp_path: Path, content: bytes | None,
                                                         message: str) -> None:
    path = tmp_path / "bad.csv"
    if content is not None:
        path.write_bytes(content)
    code, output = _run(str(path))
    assert code != 0
    assert message in output
    assert "Traceback" not in output
    assert Record.objects.count() == 0


def test_it_says_how_to_set_the_database_up_instead_of_a_traceback(tmp_path: Path,
                                                                   write_csv: WriteCsv) -> None:
    # A real process on a fresh data directory: the test database of pytest-django is migrated.
    import os
    import subprocess
    import sys

    path = write_csv("list.csv", [HEADER, ["R-1", "ngo", "محمد الحسن", "1985"]])
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ATHAR_", "DJANGO_"))}
    env["ATHAR_DATA_DIR"] = str(tmp_path / "fresh")
    result = subprocess.run(  # noqa: S603 — our own CLI, fixed arguments
        [str(Path(sys.executable).parent / "athar"), "import", "records", "--quiet", str(path)],
        capture_output=True, text=True, env=env, timeout=120, check=False)
    assert result.returncode == 2
    assert "the database is not set up" in result.stderr
    assert "run `athar init`" in result.stderr
    assert "Traceback" not in result.stderr


def test_it_names_columns_it_keeps_but_does_not_read(write_csv: WriteCsv) -> None:
    path = write_csv("list.csv", [["record_id", "source", "Name", "notes", ""],
                                  ["R-1", "ngo", "محمد الحسن", "seen in Adra", ""]])
    code, output = _run(str(path))
    assert code == 0, output
    assert ("note: columns kept verbatim but not read as fields of the records format: "
            "Name (maybe full_name: see --mapping), notes\n") in output
    assert "note: no name column" in output
    assert "محمد" not in output and "Adra" not in output
    assert Record.objects.get().raw["Name"] == "محمد الحسن"


def test_it_reads_a_header_whatever_its_case_and_says_so(write_csv: WriteCsv) -> None:
    path = write_csv("list.csv", [["Record_ID", "SOURCE", "Full Name"], ["R-1", "ngo", "محمد الحسن"]])
    code, output = _run(str(path))
    assert code == 0, output
    assert "note: columns read as fields: Record_ID -> record_id, SOURCE -> source, Full Name -> full_name" in output
    assert Record.objects.get().full_name == "محمد الحسن"


def test_it_says_nothing_about_columns_when_the_header_is_the_records_format(write_csv: WriteCsv) -> None:
    code, output = _run(str(write_csv("list.csv", [HEADER, ["R-1", "ngo", "محمد الحسن", "1985"]])))
    assert code == 0, output
    assert "note:" not in output


def test_terminal_escapes_from_the_file_never_reach_the_terminal(write_csv: WriteCsv) -> None:
    path = write_csv("list.csv", [["record_id", "source", "notes\x1b]0;owned\x07"],
                                  ["R-1", "ngo\x1b[2J", "x"], ["R-2", "ngo", "y"]])
    code, output = _run(str(path))
    assert code == 0, output
    assert "\x1b" not in output and "\x07" not in output
    assert "notes\\x1b]0;owned\\x07" in output  # shown, not obeyed
    assert "row 2, column source: control characters in the value" in output
    assert "imported 1, skipped as already present 0, quarantined 1 (of 2 rows)" in output


@pytest.mark.parametrize(("content", "found"), [
    (b"record_id;source;full_name\nR-1;ngo;Ali\n", "note: read as UTF-8, separated by semicolons"),
    ("record_id\tsource\nR-1\tngo\n".encode("utf-16"), "note: read as UTF-16, separated by tabs"),
])
def test_it_says_how_it_read_a_file_that_is_not_comma_separated_utf8(tmp_path: Path, content: bytes,
                                                                     found: str) -> None:
    path = tmp_path / "list.csv"
    path.write_bytes(content)
    code, output = _run(str(path))
    assert code == 0, output
    assert found in output
    assert "imported 1," in output


def test_the_sample_file_of_the_docs_imports_cleanly_with_day_first_dates() -> None:
    sample = Path(__file__).resolve().parents[2] / "docs" / "examples" / "records-sample.csv"
    code, output = _run(str(sample), "--date-order", "dmy")
    assert code == 0, output
    assert "imported 11, skipped as already present 0, quarantined 0 (of 11 rows), updated 0" in output
    record = Record.objects.get(record_id="S-1")
    assert (str(record.event_date), record.event_type, str(record.birth_date)) == ("2013-05-12", "arrest",
                                                                                   "1985-H1405")


def test_without_a_declared_order_the_sample_files_ambiguous_dates_are_reported() -> None:
    sample = Path(__file__).resolve().parents[2] / "docs" / "examples" / "records-sample.csv"
    code, output = _run(str(sample))
    assert code == 0, output
    # 12/05/2013, 03/02/2012, 03/02/2019 and 01/09/2016 could each be read both ways; 05/2013 and
    # 14/07/1990 cannot.
    for row in (2, 5, 7, 8, 11):
        assert f"row {row}, column event_date: ambiguous date" in output
    assert "quarantined 5 (of 11 rows)" in output


def test_it_says_how_the_new_records_stand_against_the_last_linkage_run(tmp_path: Path, settings: Any) -> None:
    from tests.review.test_incoming import NEW_FILE
    from tests.tracing.conftest import RUN_ID, make_registry

    from athar.registry.linking import link_registry

    settings.DATA_DIR = tmp_path / "data"
    make_registry()
    link_registry(Path(settings.DATA_DIR) / "linkage" / RUN_ID, run_id=RUN_ID)
    other = tmp_path / "other.csv"
    other.write_text("source,record_id,full_name\nfamily_reports,FR-20,محمد أحمد خليل الحسن\n", encoding="utf-8")
    _code, unmatched = _run(str(other), "--no-match")
    assert "matching" not in unmatched and Record.objects.get(record_id="FR-20").person_id is None
    path = tmp_path / "new.csv"
    path.write_text(NEW_FILE + "family_reports,FR-12,,,,,,,arrest,2012,\n", encoding="utf-8")
    code, output = _run(str(path))
    assert code == 0
    lines = output.splitlines()
    summary = lines.index("imported 4, skipped as already present 0, quarantined 0 (of 4 rows), updated 0")
    assert lines[summary + 1] == f"matching: matched 1, uncertain 1 (3 pairs sent to review), new 2 (run {RUN_ID})"


def test_without_a_kept_run_it_says_the_records_are_not_matched_yet(write_csv: WriteCsv) -> None:
    path = write_csv("r.csv", [["source", "record_id", "full_name"], ["ngo", "1", "محمد الحسن"]])
    _code, output = _run(str(path))
    assert "matching: not done, the registry has not been resolved yet" in output
