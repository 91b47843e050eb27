"""Column mapping: a file's own column names read as athar's fields, saved per source for next time."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from athar.errors import InputError
from athar.imports.models import ColumnMapping
from athar.imports.services import import_records
from athar.interchange.mapping import read_mapping
from athar.registry.models import Record

pytestmark = pytest.mark.django_db

WriteCsv = Callable[[str, list[list[str]]], Path]
NGO_HEADER = ["رقم", "الاسم الكامل", "تاريخ الاعتقال", "نوع الحدث", "ملاحظات"]
MAPPING = {"رقم": "record_id", "الاسم الكامل": "full_name", "تاريخ الاعتقال": "event_date",
           "نوع الحدث": "event_type", "ملاحظات": ""}


def test_it_reads_a_mapping_as_json_or_csv(tmp_path):
    as_json = tmp_path / "m.json"
    as_json.write_text(json.dumps(MAPPING, ensure_ascii=False), encoding="utf-8")
    as_csv = tmp_path / "m.csv"
    as_csv.write_text("column,field\n" + "".join(f"{k},{v}\n" for k, v in MAPPING.items()), encoding="utf-8")
    assert read_mapping(as_json) == MAPPING == read_mapping(as_csv)


def test_it_refuses_a_mapping_to_an_unknown_field(tmp_path):
    path = tmp_path / "m.json"
    path.write_text('{"Name": "fullname"}', encoding="utf-8")
    with pytest.raises(InputError, match="'fullname' is not a field of the records format") as caught:
        read_mapping(path)
    assert caught.value.column == "Name"


def test_it_imports_with_a_mapping_and_uses_it_again_for_the_same_source(write_csv: WriteCsv) -> None:
    first = write_csv("ngo.csv", [NGO_HEADER, ["1", "محمد الحسن", "12/2013", "اعتقال", "شوهد"]])
    report = import_records(first, default_source="ngo_2024", mapping=MAPPING)
    assert (report.imported, report.quarantined, report.mapping_origin) == (1, 0, "given")
    record = Record.objects.get()
    assert (record.record_id, record.full_name, record.event_type) == ("1", "محمد الحسن", "arrest")
    assert record.raw["ملاحظات"] == "شوهد"
    assert ColumnMapping.objects.get(source_name="ngo_2024").mapping == MAPPING

    second = write_csv("ngo-2.csv", [NGO_HEADER, ["2", "عمر", "2014", "اعتقال", ""]])
    report = import_records(second, default_source="ngo_2024")
    assert (report.imported, report.mapping_origin) == (1, "saved for source ngo_2024")
    assert Record.objects.get(record_id="2").full_name == "عمر"


def test_it_refuses_a_file_the_mapping_leaves_without_record_id(write_csv: WriteCsv) -> None:
    path = write_csv("ngo.csv", [NGO_HEADER, ["1", "محمد", "", "", ""]])
    with pytest.raises(InputError, match="missing required column") as caught:
        import_records(path, default_source="ngo", mapping={"الاسم الكامل": "full_name"})
    assert (caught.value.row, caught.value.column) == (1, "record_id")
    assert not ColumnMapping.objects.exists()
