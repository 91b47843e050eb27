"""`athar import records`: prints counts and quarantine locations, exits non-zero only for bad files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

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
    assert f"quarantined: {path}, row 3, column birth_date: expected a date" in output
    assert "imported 1, skipped as already present 0, quarantined 1 (of 2 rows)" in output
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
    path = write_csv("list.csv", [["record_id", "source", "Full Name", "notes", ""],
                                  ["R-1", "ngo", "محمد الحسن", "seen in Adra", ""]])
    code, output = _run(str(path))
    assert code == 0, output
    assert ("note: columns kept verbatim but not read as fields of the records format: "
            "Full Name (did you mean full_name?), notes\n") in output
    assert "note: no name column" in output
    assert "محمد" not in output and "Adra" not in output
    assert Record.objects.get().raw["Full Name"] == "محمد الحسن"


def test_it_says_nothing_about_columns_when_the_header_is_the_records_format(write_csv: WriteCsv) -> None:
    code, output = _run(str(write_csv("list.csv", [HEADER, ["R-1", "ngo", "محمد الحسن", "1985"]])))
    assert code == 0, output
    assert "note:" not in output
