"""The reader on files that used to lose or merge rows without a word (issue 11), and on hostile
ones: every case names the file and row, and nothing is read past a limit."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from athar.errors import InputError
from athar.interchange import read_records
from athar.interchange.delimited import Limits, read_delimited

HEADER = "record_id,source,full_name,event_type\n"


def write(tmp_path: Path, data: bytes, name: str = "list.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_it_names_the_row_of_an_unclosed_quote_instead_of_swallowing_the_rows_after_it(tmp_path):
    rows = "".join(f"R-{i},ngo,Name {i},arrest\n" for i in range(4, 9))
    path = write(tmp_path, (HEADER + "R-1,ngo,Ali,arrest\nR-2,ngo,Omar,arrest\n"
                            'R-3,ngo,"Khaled,arrest\n' + rows).encode())
    with pytest.raises(InputError, match=r"row 4: a quote \(\"\) opened in this row is not closed") as caught:
        read_records(path)
    assert caught.value.row == 4


def test_it_names_the_row_of_a_quote_closed_rows_later(tmp_path):
    # The quote of row 3 is "closed" by the one in row 6: rows 4 and 5 would vanish into a name.
    path = write(tmp_path, (HEADER + 'R-1,ngo,"Sami,arrest\nR-2,ngo,Ali,arrest\nR-3,ngo,Omar,arrest\n'
                            'R-4,ngo,"Maher",arrest\n').encode())
    with pytest.raises(InputError, match="not closed") as caught:
        read_records(path)
    assert caught.value.row == 2


def test_it_keeps_a_real_multi_line_cell(tmp_path):
    path = write(tmp_path, (HEADER + 'R-1,ngo,"Ali\nHasan",arrest\nR-2,ngo,Omar,arrest\n').encode())
    rows = read_records(path).rows
    assert [r.record_id for r in rows] == ["R-1", "R-2"]
    assert rows[0].full_name == "Ali\nHasan"
    assert [r.row for r in rows] == [2, 3]


def test_it_quarantines_a_row_the_csv_grammar_refuses_and_reads_the_rest(tmp_path):
    path = write(tmp_path, (HEADER + 'R-1,ngo,"Ali" Hasan,arrest\nR-2,ngo,Omar,arrest\n').encode())
    rows = read_records(path).rows
    assert [r.row for r in rows] == [2, 3]
    assert not rows[0].is_usable and "malformed CSV" in rows[0].problems[0].reason
    assert rows[0].raw == {"(line as written)": 'R-1,ngo,"Ali" Hasan,arrest'}
    assert rows[1].record_id == "R-2" and rows[1].is_clean


@pytest.mark.parametrize(("separator", "described"), [(";", "semicolons"), ("\t", "tabs")])
def test_it_recognises_semicolons_and_tabs_and_says_so(tmp_path, separator, described):
    text = HEADER.replace(",", separator) + separator.join(["R-1", "ngo", "Ali, Hasan", "arrest"]) + "\n"
    result = read_records(write(tmp_path, text.encode()))
    assert [r.full_name for r in result.rows] == ["Ali, Hasan"]
    assert result.description == f"UTF-8, separated by {described}"


def test_it_takes_a_declared_separator(tmp_path):
    path = write(tmp_path, b"record_id|source\nR-1|ngo\n")
    assert read_records(path, delimiter="|").rows[0].key == ("ngo", "R-1")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_it_recognises_utf16_with_or_without_a_byte_order_mark(tmp_path, encoding):
    text = HEADER + "R-1,ngo,محمد الحسن,اعتقال\n"
    result = read_records(write(tmp_path, text.encode(encoding)))
    assert [(r.record_id, r.full_name, r.event_type) for r in result.rows] == [("R-1", "محمد الحسن", "arrest")]
    assert result.description.startswith("UTF-16")


def test_it_reads_a_declared_encoding(tmp_path):
    path = write(tmp_path, (HEADER + "R-1,ngo,محمد,arrest\n").encode("cp1256"))
    assert read_records(path, encoding="cp1256").rows[0].full_name == "محمد"


def test_it_matches_header_names_whatever_their_case_and_spacing(tmp_path):
    path = write(tmp_path, b"Record_ID, Source ,Full Name,EVENT-TYPE\nR-1,ngo,Ali,arrest\n")
    result = read_records(path)
    [row] = result.rows
    assert (row.record_id, row.source, row.full_name, row.event_type) == ("R-1", "ngo", "Ali", "arrest")
    assert row.raw["Record_ID"] == "R-1"  # the raw row keeps the header as written
    assert result.fields["full_name"] == "Full Name"


def test_it_refuses_two_columns_that_mean_the_same_field(tmp_path):
    with pytest.raises(InputError, match="two columns would be read as record_id"):
        read_records(write(tmp_path, b"record_id,Record ID,source\n1,2,ngo\n"))


@pytest.mark.parametrize(("data", "kind"), [
    (b"PK\x03\x04\x14\x00\x06\x00[Content_Types].xml xl/workbook.xml", "Excel workbook"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old Excel workbook"),
    (b"%PDF-1.7\n", "a PDF document"),
    (bytes(range(256)) * 4, "a binary file"),
])
def test_it_recognises_a_file_that_is_not_text_instead_of_calling_it_windows_arabic(tmp_path, data, kind):
    with pytest.raises(InputError) as caught:
        read_records(write(tmp_path, data, "list.csv"))
    assert kind in str(caught.value)
    assert "Windows" not in str(caught.value)


def test_it_reports_a_bad_byte_at_its_own_row(tmp_path):
    lines = [HEADER.encode()] + [f"R-{i},ngo,Ali,arrest\n".encode() for i in range(2, 7)]
    lines.append(b"R-7,ngo," + "محمد".encode("cp1256") + b",arrest\n")
    with pytest.raises(InputError, match="not valid UTF-8 but looks like Windows Arabic") as caught:
        read_records(write(tmp_path, b"".join(lines)))
    assert caught.value.row == 7


def test_it_refuses_a_huge_header_quickly(tmp_path):
    header = ",".join(f"c{i}" for i in range(100_000))
    started = time.perf_counter()
    with pytest.raises(InputError, match="100,002 columns"):
        read_records(write(tmp_path, f"record_id,source,{header}\n".encode()))
    assert time.perf_counter() - started < 20  # a limit, not a timing: it used to take minutes


def test_it_finds_a_duplicate_among_many_header_cells(tmp_path):
    header = ",".join(f"c{i}" for i in range(1500)) + ",c7"
    with pytest.raises(InputError, match="duplicate column in header") as caught:
        read_records(write(tmp_path, f"record_id,source,{header}\n".encode()))
    assert caught.value.column == "c7"


def test_it_stops_at_a_line_past_the_limit(tmp_path):
    path = write(tmp_path, HEADER.encode() + b"R-1,ngo," + b"a" * 2000 + b",arrest\n")
    with pytest.raises(InputError, match="a line longer than 1,000 characters") as caught:
        list(read_delimited(path, limits=Limits(max_line_chars=1000)))
    assert caught.value.row == 2


def test_it_stops_reading_dev_zero_at_once():
    zero = Path("/dev/zero")
    if not zero.exists():
        pytest.skip("no /dev/zero on this system")
    with pytest.raises(InputError, match="binary file"):
        read_records(zero)


def test_it_stops_at_a_cell_spanning_too_many_lines(tmp_path):
    body = 'R-1,ngo,"' + "word\n" * 50
    with pytest.raises(InputError, match="not closed"):
        list(read_delimited(write(tmp_path, (HEADER + body).encode()), limits=Limits(max_lines_per_row=20)))


def test_it_puts_a_value_with_terminal_escapes_in_quarantine(tmp_path):
    path = write(tmp_path, (HEADER + "R-1,ngo\x1b]0;pwned\x07,Ali,arrest\n").encode())
    [row] = read_records(path).rows
    assert not row.is_usable
    assert row.problems[0].column == "source" and "control characters" in row.problems[0].reason


def test_a_stray_nul_byte_puts_its_row_in_quarantine_not_the_whole_file(tmp_path):
    path = write(tmp_path, (HEADER + "R-1,ngo,Ali\x00,arrest\nR-2,ngo,Omar,arrest\n").encode())
    first, second = read_records(path).rows
    assert first.problems[0].column == "full_name" and "control characters" in first.problems[0].reason
    assert second.is_clean


def test_direction_marks_around_arabic_are_left_out_of_the_fields_but_kept_in_the_raw_row(tmp_path):
    name = "\u202bمحمد الحسن\u202c"  # an embedding as Word leaves it around right-to-left text
    path = write(tmp_path, (HEADER + f"R-1,ngo,{name},arrest\nR-2,\u202engo,Omar,arrest\n").encode())
    first, second = read_records(path).rows
    assert first.is_clean and first.full_name == "محمد الحسن" and first.raw["full_name"] == name
    assert second.is_clean and second.source == "ngo"  # an override cannot make a source look like another
