"""Fuzzing the importer (issue 11 §7): 0 crashes, 0 silent drops — every row of a file is imported,
updated, skipped as already present or quarantined, or the file is refused as a whole."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from athar.errors import InputError
from athar.imports.models import QuarantinedRow
from athar.imports.services import import_records
from athar.registry.models import Record

pytestmark = pytest.mark.django_db

HEADER = ["record_id", "source", "full_name", "sex", "birth_date", "age", "event_type", "event_date"]
CELL = st.one_of(
    st.text(alphabet=list("aZ7 مح,;\"\n=-@/٣\x1b"), max_size=10),
    st.sampled_from(["", "R-1", "R-2", "ngo", "M", "ذكر", "1985", "13/1985", "صيف 2012", "03/04/2013",
                     "اعتقال", "kidnap", "٢٧", "200", "م" * 301]),
)
ROW = st.lists(CELL, min_size=1, max_size=9)


def _import(rows: list[list[str]], name: str) -> tuple[object, int]:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows)
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / name
        path.write_text(buffer.getvalue(), encoding="utf-8")
        try:
            return import_records(path, default_source="fuzz"), len([r for r in rows if any(c.strip() for c in r)])
        except InputError as error:
            return error, 0


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(ROW, max_size=10), st.lists(ROW, max_size=10))
def test_every_row_is_accounted_for(first: list[list[str]], second: list[list[str]]) -> None:
    with transaction.atomic():
        for rows, name in ((first, "a.csv"), (second, "b.csv")):
            records_before = Record.objects.count()
            quarantined_before = QuarantinedRow.objects.count()
            report, written = _import(rows, name)
            if isinstance(report, InputError):
                assert report.file is not None
                assert (Record.objects.count(), QuarantinedRow.objects.count()) == (records_before,
                                                                                     quarantined_before)
                continue
            if report.already_imported:  # type: ignore[attr-defined]
                continue
            assert report.row_count == written  # type: ignore[attr-defined]
            assert (report.imported + report.updated + report.skipped  # type: ignore[attr-defined]
                    + report.quarantined) == written  # type: ignore[attr-defined]
            assert Record.objects.count() == records_before + report.imported  # type: ignore[attr-defined]
            assert QuarantinedRow.objects.count() == quarantined_before + report.quarantined  # type: ignore[attr-defined]
        transaction.set_rollback(True)
