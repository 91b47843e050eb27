from pathlib import Path

import pytest

from athar.errors import InputError
from athar.interchange import EventType, PartialDate, Sex, read_many, read_records


def write(tmp_path: Path, text: str, name: str = "list.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_it_reads_typed_fields_and_keeps_the_raw_row(tmp_path):
    path = write(tmp_path, "\ufeffrecord_id,source,full_name,sex,birth_date,event_type,event_date,note\n"
                           "1,fam,محمد أحمد الحسن,M,1985,arrest,2012-06,seen at checkpoint\n")
    [row] = read_records(path).rows
    assert row.key == ("fam", "1")
    assert row.full_name == "محمد أحمد الحسن"
    assert row.sex is Sex.MALE
    assert row.birth_date == PartialDate(1985)
    assert row.event_type is EventType.ARREST
    assert row.extra == {"note": "seen at checkpoint"}
    assert row.raw["full_name"] == "محمد أحمد الحسن"
    assert row.is_clean


def test_it_reports_bad_values_with_row_and_column_and_keeps_the_row(tmp_path):
    path = write(tmp_path, "record_id,source,birth_date,age,sex,event_type\n"
                           "1,fam,13/1985,abc,X,kidnap\n")
    [row] = read_records(path).rows
    columns = {p.column for p in row.problems}
    assert columns == {"birth_date", "age", "sex", "event_type"}
    assert all(p.row == 2 and p.file == str(path) for p in row.problems)
    assert row.is_usable and not row.is_clean
    assert row.raw["birth_date"] == "13/1985"


def test_it_uses_the_default_source_only_where_the_cell_is_empty(tmp_path):
    path = write(tmp_path, "record_id,source\n1,\n2,ngo\n")
    rows = read_records(path, default_source="family").rows
    assert [r.source for r in rows] == ["family", "ngo"]


def test_it_marks_a_row_without_key_as_unusable(tmp_path):
    path = write(tmp_path, "record_id,source,full_name\n,fam,x\n")
    [row] = read_records(path).rows
    assert not row.is_usable
    assert row.problems[0].describe().endswith("row 2, column record_id: record_id is empty")


def test_it_reports_duplicate_keys_across_files(tmp_path):
    a = write(tmp_path, "record_id,source\n1,fam\n", "a.csv")
    b = write(tmp_path, "record_id,source\n1,fam\n", "b.csv")
    rows = read_many([a, b]).rows
    assert rows[0].is_usable
    assert not rows[1].is_usable
    assert "already in" in rows[1].problems[0].reason


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "the file is empty"),
        ("full_name\nx\n", "column record_id"),
        ("record_id\n1\n", "column source"),
    ],
)
def test_it_refuses_files_it_cannot_use(tmp_path, content, expected):
    with pytest.raises(InputError, match=expected):
        read_records(write(tmp_path, content))


def test_it_names_the_row_of_an_encoding_error(tmp_path):
    path = write(tmp_path, "record_id,source,full_name\n1,fam,Ahmad\n2,fam,أحمد\n", encoding="cp1256")
    with pytest.raises(InputError, match="not valid UTF-8"):
        read_records(path)


def test_it_refuses_a_missing_file(tmp_path):
    with pytest.raises(InputError, match="file not found"):
        read_records(tmp_path / "nope.csv")


def test_it_says_when_a_file_looks_like_windows_arabic(tmp_path):
    path = write(tmp_path, "record_id,source,full_name\n1,fam,محمد الحسن\n", encoding="cp1256")
    with pytest.raises(InputError, match=r"not valid UTF-8 but looks like Windows Arabic \(Windows-1256\)"):
        read_records(path)


def test_it_keeps_every_cell_of_columns_without_a_header(tmp_path):
    # Two unnamed columns: the first one's cells used to be overwritten by the second's.
    path = write(tmp_path, "record_id,source,full_name,,\n1,fam,Ali,seen 2013,Adra\n")
    result = read_records(path)
    [row] = result.rows
    assert row.raw == {"record_id": "1", "source": "fam", "full_name": "Ali",
                       "(column 4)": "seen 2013", "(column 5)": "Adra"}
    assert row.extra == {"(column 4)": "seen 2013", "(column 5)": "Adra"}
    assert result.columns == ["record_id", "source", "full_name", "(column 4)", "(column 5)"]


def test_it_keeps_a_header_cell_with_a_comma_as_one_column(tmp_path):
    path = write(tmp_path, 'record_id,source,"notes, family"\n1,fam,x\n')
    assert read_records(path).columns == ["record_id", "source", "notes, family"]


@pytest.mark.parametrize(("age", "expected"), [("27", 27), ("٢٧", 27), ("²", None), ("27.0", None)])
def test_it_reads_ages_in_any_decimal_digits_and_reports_the_rest(tmp_path, age, expected):
    [row] = read_records(write(tmp_path, f"record_id,source,age\n1,fam,{age}\n")).rows
    assert row.age == expected
    assert [p.column for p in row.problems] == ([] if expected is not None else ["age"])


def test_it_previews_a_file_and_suggests_fields_for_its_columns(tmp_path):
    from athar.interchange import preview_records

    path = write(tmp_path, "رقم,الاسم الكامل,تاريخ الاعتقال,ملاحظات,Name\n1,محمد,2013,x,y\n\n2,عمر,2014,,\n3,a,,,\n")
    preview = preview_records(path, rows=2)
    assert preview.columns == ["رقم", "الاسم الكامل", "تاريخ الاعتقال", "ملاحظات", "Name"]
    assert preview.rows == [["1", "محمد", "2013", "x", "y"], ["2", "عمر", "2014", "", ""]]
    # Each field is suggested once: the second name column is left for the person to decide.
    assert preview.suggestions == {"رقم": "record_id", "الاسم الكامل": "full_name",
                                   "تاريخ الاعتقال": "event_date", "ملاحظات": "", "Name": ""}
    saved = preview_records(path, mapping={"Name": "full_name", "الاسم الكامل": ""})
    assert (saved.suggestions["Name"], saved.suggestions["الاسم الكامل"]) == ("full_name", "")
