"""A dry run says what an import would do — new, changed, unchanged, quarantined — and writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from athar.audit.models import AuditEvent
from athar.imports.models import QuarantinedRow
from athar.imports.services import import_records
from athar.registry.models import ImportBatch, Record, RecordRevision, Source

pytestmark = pytest.mark.django_db

WriteCsv = Callable[[str, list[list[str]]], Path]
HEADER = ["record_id", "source", "full_name", "birth_date"]


def _counts() -> tuple[int, ...]:
    return (Record.objects.count(), ImportBatch.objects.count(), QuarantinedRow.objects.count(),
            RecordRevision.objects.count(), Source.objects.count(), AuditEvent.objects.count())


def test_it_counts_new_changed_unchanged_and_quarantined_rows_and_writes_nothing(write_csv: WriteCsv) -> None:
    import_records(write_csv("a.csv", [HEADER, ["1", "ngo", "Ali", "1980"], ["2", "ngo", "Omar", "1981"]]))
    before = _counts()
    corrected = write_csv("b.csv", [HEADER, ["1", "ngo", "Ali", "1980"], ["2", "ngo", "Omar Hasan", "1981"],
                                    ["3", "ngo", "Sami", "1982"], ["4", "ngo", "Maher", "13/1982"],
                                    ["5", "other", "Rami", ""]])
    report = import_records(corrected, dry_run=True)
    assert (report.imported, report.updated, report.skipped, report.quarantined) == (2, 1, 1, 1)
    assert report.sources_created == ["other"]
    assert report.summary() == ("imported 2, skipped as already present 1, quarantined 1 (of 5 rows), "
                                "updated 1")
    assert _counts() == before
    assert report.batch is None

    real = import_records(corrected)
    assert (real.imported, real.updated, real.skipped, real.quarantined) == (2, 1, 1, 1)


def test_a_dry_run_of_a_file_already_imported_says_so(write_csv: WriteCsv) -> None:
    path = write_csv("a.csv", [HEADER, ["1", "ngo", "Ali", "1980"]])
    first = import_records(path)
    report = import_records(path, dry_run=True)
    assert report.already_imported and report.batch == first.batch
