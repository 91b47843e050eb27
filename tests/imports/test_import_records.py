"""import_records: clean rows in verbatim, bad rows quarantined, the same file twice adds nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from athar.errors import InputError
from athar.imports.models import QuarantinedRow
from athar.imports.services import import_records
from athar.interchange import PartialDate
from athar.registry.models import Event, FateClaim, ImportBatch, Record, Source

pytestmark = pytest.mark.django_db

HEADER = ["record_id", "source", "full_name", "sex", "birth_date", "event_type", "event_date", "event_place",
          "phone_of_family", "ملاحظات"]
GOOD = [
    ["R-1", "ngo_list_2014", "محمد أحمد الحسن", "M", "1985", "arrest", "2013-04", "Saydnaya", "0944", "شوهد في صيدنايا"],
    ["R-2", "ngo_list_2014", "Khaled  Omar ", "m", "", "death_certificate", "2019-02-11", "", "", ""],
]
BAD_DATE = ["R-3", "ngo_list_2014", "سامر", "M", "13/1985", "", "", "", "", ""]
FIXED_DATE = ["R-3", "ngo_list_2014", "سامر", "M", "1985-12", "", "", "", "", ""]
NO_ID = ["", "ngo_list_2014", "رامي", "", "", "", "", "", "", ""]

WriteCsv = Callable[[str, list[list[str]]], Path]


def test_it_imports_clean_rows_verbatim(write_csv: WriteCsv) -> None:
    report = import_records(write_csv("list.csv", [HEADER, *GOOD]))
    assert (report.imported, report.skipped, report.quarantined) == (2, 0, 0)
    record = Record.objects.get(source__name="ngo_list_2014", record_id="R-1")
    assert record.raw == dict(zip(HEADER, GOOD[0], strict=True))  # extra columns and Arabic, as read
    assert record.full_name == "محمد أحمد الحسن"
    assert record.birth_date == PartialDate(1985)
    assert record.import_batch == report.batch
    second = Record.objects.get(record_id="R-2")
    assert second.raw["full_name"] == "Khaled  Omar "  # raw is verbatim; the parsed field is trimmed
    assert (second.full_name, second.sex) == ("Khaled  Omar", "M")


def test_it_creates_a_new_source_as_other_and_restricted(write_csv: WriteCsv) -> None:
    report = import_records(write_csv("list.csv", [HEADER, *GOOD]))
    source = Source.objects.get(name="ngo_list_2014")
    assert (source.kind, source.sensitivity) == ("other", "restricted")
    assert report.sources_created == ["ngo_list_2014"]


def test_it_derives_events_claims_and_places(write_csv: WriteCsv) -> None:
    import_records(write_csv("list.csv", [HEADER, *GOOD]))
    arrest = Event.objects.get(record__record_id="R-1")
    assert (arrest.event_type, arrest.date, arrest.place_text) == ("arrest", PartialDate(2013, 4), "Saydnaya")
    assert arrest.place is not None and arrest.place.kind == "prison"
    claim = FateClaim.objects.get(record__record_id="R-2")
    assert (claim.fate, claim.claimed_on) == ("deceased", PartialDate(2019, 2, 11))


def test_it_adds_nothing_when_the_same_file_comes_again(write_csv: WriteCsv) -> None:
    path = write_csv("list.csv", [HEADER, *GOOD, BAD_DATE])
    first = import_records(path)
    second = import_records(path)
    assert (first.imported, first.quarantined) == (2, 1)
    assert second.already_imported and second.batch == first.batch
    assert (second.imported, second.skipped, second.quarantined) == (0, 3, 0)
    assert (Record.objects.count(), QuarantinedRow.objects.count(), ImportBatch.objects.count()) == (2, 1, 1)


def test_it_imports_only_the_fixed_row_of_a_corrected_file(write_csv: WriteCsv) -> None:
    first = import_records(write_csv("list.csv", [HEADER, *GOOD, BAD_DATE]))
    corrected = import_records(write_csv("list-corrected.csv", [HEADER, *GOOD, FIXED_DATE]))
    assert (corrected.imported, corrected.skipped, corrected.quarantined) == (1, 2, 0)
    assert Record.objects.get(record_id="R-3").birth_date == PartialDate(1985, 12)
    quarantined = QuarantinedRow.objects.get()
    assert quarantined.batch == first.batch
    assert quarantined.resolved_by_batch == corrected.batch


def test_it_updates_a_corrected_row_and_keeps_the_earlier_one_as_history(write_csv: WriteCsv) -> None:
    first = import_records(write_csv("list.csv", [HEADER, *GOOD]))
    changed = [GOOD[0][:2] + ["محمد احمد الحسن"] + GOOD[0][3:6] + ["2013-05"] + GOOD[0][7:], GOOD[1]]
    report = import_records(write_csv("list-2.csv", [HEADER, *changed]))
    assert (report.imported, report.updated, report.skipped, report.quarantined) == (0, 1, 1, 0)
    record = Record.objects.get(record_id="R-1")
    assert (record.full_name, record.event_date) == ("محمد احمد الحسن", PartialDate(2013, 5))
    assert record.raw == dict(zip(HEADER, changed[0], strict=True))
    [revision] = record.revisions.all()
    assert revision.raw == dict(zip(HEADER, GOOD[0], strict=True))  # the earlier verbatim row
    assert revision.fields["full_name"] == "محمد أحمد الحسن"
    assert revision.import_batch == report.batch and record.import_batch == first.batch
    assert Event.objects.get(record=record).date == PartialDate(2013, 5)
    assert Record.objects.count() == 2


def test_it_quarantines_bad_rows_with_location_and_reason(write_csv: WriteCsv) -> None:
    path = write_csv("list.csv", [HEADER, GOOD[0], BAD_DATE, NO_ID])
    report = import_records(path)
    assert (report.imported, report.quarantined) == (1, 2)
    rows = list(QuarantinedRow.objects.order_by("row_number"))
    assert [(q.file_name, q.row_number, q.column) for q in rows] == [
        ("list.csv", 3, "birth_date"), ("list.csv", 4, "record_id")]
    assert rows[0].reason == "not a real date: no such month, or no such day in that month"
    assert rows[0].raw == dict(zip(HEADER, BAD_DATE, strict=True))
    assert (rows[0].source_name, rows[0].record_id) == ("ngo_list_2014", "R-3")
    assert rows[1].raw["full_name"] == "رامي"
    assert [(p.row, p.column) for p in report.problems] == [(3, "birth_date"), (4, "record_id")]
    assert "سامر" not in rows[0].reason and "12/1985" not in rows[0].reason


def test_it_keeps_date_values_out_of_quarantine_reasons(write_csv: WriteCsv) -> None:
    report = import_records(write_csv("list.csv", [HEADER, ["R-9", "s", "x", "", "1987-02-30", "", "", "", "", ""]]))
    row = QuarantinedRow.objects.get()
    assert row.column == "birth_date"
    assert not any(ch.isdigit() for ch in row.reason.replace("1800-2100", ""))
    assert report.problems[0].reason == row.reason
    assert row.raw["birth_date"] == "1987-02-30"


def test_it_quarantines_every_problem_of_a_row(write_csv: WriteCsv) -> None:
    import_records(write_csv("list.csv", [HEADER, ["R-9", "s", "x", "Q", "1985-13", "", "", "", "", ""]]))
    row = QuarantinedRow.objects.get()
    assert [p["column"] for p in row.problems] == ["sex", "birth_date"]


def test_it_quarantines_a_key_repeated_in_the_file(write_csv: WriteCsv) -> None:
    report = import_records(write_csv("list.csv", [HEADER, GOOD[0], GOOD[0]]))
    assert (report.imported, report.quarantined) == (1, 1)
    row = QuarantinedRow.objects.get()
    assert (row.row_number, row.column) == (3, "record_id")
    assert "already in row 2" in row.reason


def test_it_quarantines_values_too_long_to_store(write_csv: WriteCsv) -> None:
    long_name = "م" * 301
    report = import_records(write_csv("list.csv", [HEADER, ["R-1", "s", long_name, "", "", "", "", "", "", ""]]))
    assert report.quarantined == 1
    row = QuarantinedRow.objects.get()
    assert (row.column, row.reason) == ("full_name", "value longer than 300 characters")
    assert row.raw["full_name"] == long_name


def test_it_uses_the_default_source_for_rows_without_one(write_csv: WriteCsv) -> None:
    rows = [["record_id", "full_name"], ["A-1", "محمد"], ["A-2", "Omar"]]
    report = import_records(write_csv("family.csv", rows), default_source="family_reports",
                            source_kind="family_report")
    assert report.imported == 2
    assert Source.objects.get(name="family_reports").kind == "family_report"
    assert Record.objects.get(record_id="A-1").raw == {"record_id": "A-1", "full_name": "محمد"}


def test_it_refuses_a_file_without_sources(write_csv: WriteCsv) -> None:
    with pytest.raises(InputError) as error:
        import_records(write_csv("family.csv", [["record_id", "full_name"], ["A-1", "محمد"]]))
    assert error.value.column == "source"
    assert ImportBatch.objects.count() == 0


def test_it_reports_progress_up_to_the_row_count(write_csv: WriteCsv) -> None:
    calls: list[tuple[int, int]] = []
    import_records(write_csv("list.csv", [HEADER, *GOOD, BAD_DATE]), progress=lambda d, t: calls.append((d, t)))
    assert calls[-1] == (3, 3)


def test_it_imports_dates_as_syrians_write_them_and_stores_their_span(write_csv: WriteCsv) -> None:
    from athar.interchange import DateOrder, YearPart

    rows = [HEADER,
            ["D-1", "s", "محمد", "M", "1405 هـ", "اعتقال", "صيف 2012", "فرع فلسطين", "", ""],
            ["D-2", "s", "عمر", "M", "٠٣/٠٤/١٩٨٥", "الإفراج", "أواخر 2013", "", "", ""]]
    report = import_records(write_csv("list.csv", rows), date_order=DateOrder.DMY)
    assert (report.imported, report.quarantined) == (2, 0)
    first = Record.objects.get(record_id="D-1")
    assert first.birth_date == PartialDate(1985, hijri_year=1405)
    assert first.event_date == PartialDate(2012, part=YearPart.SUMMER)
    assert (first.event_type, Event.objects.get(record=first).date) == ("arrest", PartialDate(2012, part=YearPart.SUMMER))
    assert Record.objects.filter(event_date="2012-22").count() == 1  # stored at its own precision
    second = Record.objects.get(record_id="D-2")
    assert (second.birth_date, second.event_type) == (PartialDate(1985, 4, 3), "release")
    assert FateClaim.objects.get(record=second).fate == "released"
