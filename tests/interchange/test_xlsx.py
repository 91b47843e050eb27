"""Excel workbooks: read like a CSV, refused with file, sheet, row and column when they cannot be."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from athar.errors import InputError
from athar.interchange import PartialDate, read_records


def workbook(tmp_path: Path, sheets: dict[str, list[list[object]]], name: str = "list.xlsx") -> Path:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def test_it_reads_a_sheet_as_text_as_a_person_sees_it(tmp_path):
    path = workbook(tmp_path, {"List": [
        ["Record ID", "source", "full_name", "national_id", "birth_date", "event_type", "event_date"],
        [17, "ngo", "محمد الحسن", 2010123456.0, 1985, "اعتقال", datetime(2013, 4, 12)],  # noqa: DTZ001
        [None, None, None, None, None, None, None],
        ["18", "ngo", "Omar", None, "summer 1990", "arrest", "12/05/2013"],
    ]})
    result = read_records(path)
    first, second = result.rows
    assert (first.record_id, first.national_id, first.birth_date) == ("17", "2010123456", PartialDate(1985))
    assert (first.event_type, first.event_date) == ("arrest", PartialDate(2013, 4, 12))
    assert second.row == 4  # the empty row 3 is skipped, row numbers are the sheet's
    assert [p.column for p in second.problems] == ["event_date"]  # 12/05/2013 is ambiguous
    assert result.description == "Excel workbook, sheet 'List'"


def test_it_reads_a_workbook_whatever_its_file_name(tmp_path):
    path = workbook(tmp_path, {"S": [["record_id", "source"], ["1", "ngo"]]}, name="list.csv")
    assert read_records(path).rows[0].key == ("ngo", "1")


def test_it_refuses_merged_header_cells_naming_sheet_row_and_column(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "List"
    sheet.append(["record_id", "source", "name", None])
    sheet.append(["1", "ngo", "Ali", "Hasan"])
    sheet.merge_cells("C1:D1")
    path = tmp_path / "merged.xlsx"
    book.save(path)
    with pytest.raises(InputError, match="merged cells in the header row") as caught:
        read_records(path)
    assert (caught.value.file, caught.value.row, caught.value.column) == (f"{path}, sheet 'List'", 1, "C")


def test_it_refuses_an_empty_sheet(tmp_path):
    with pytest.raises(InputError, match="the sheet is empty") as caught:
        read_records(workbook(tmp_path, {"Empty": []}))
    assert caught.value.row == 1 and "sheet 'Empty'" in str(caught.value)


def test_it_asks_which_sheet_when_several_hold_data(tmp_path):
    sheets = {"2013": [["record_id", "source"], ["1", "ngo"]], "2014": [["record_id", "source"], ["2", "ngo"]],
              "notes": []}
    path = workbook(tmp_path, sheets)
    with pytest.raises(InputError, match=r"2 sheets with data \('2013', '2014'\): choose one with --sheet"):
        read_records(path)
    assert read_records(path, sheet="2014").rows[0].record_id == "2"
    with pytest.raises(InputError, match="no sheet named 'x'"):
        read_records(path, sheet="x")


def test_it_reads_the_one_sheet_with_data_among_empty_ones(tmp_path):
    path = workbook(tmp_path, {"cover": [], "data": [["record_id", "source"], ["1", "ngo"]]})
    assert read_records(path).rows[0].record_id == "1"


def test_it_refuses_a_broken_workbook(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"[Content_Types].xml xl/" + b"\x00" * 200)
    with pytest.raises(InputError, match="cannot open the Excel workbook"):
        read_records(path)


def test_it_marks_cells_beyond_the_header(tmp_path):
    path = workbook(tmp_path, {"S": [["record_id", "source"], ["1", "ngo", "stray"]]})
    [row] = read_records(path).rows
    assert row.problems[0].reason == "the row has more cells than the header"
