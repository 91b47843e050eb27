import pytest

from athar.errors import InputError
from athar.estimation import HistoriesFileError, read_histories


def _write(tmp_path, text):
    path = tmp_path / "histories.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_it_reads_histories_per_stratum(tmp_path):
    path = _write(tmp_path, "A,B,C,governorate\n1,0,0,Homs\n1,1,0,Homs\n0,0,1,Idlib\n1,0,0,Homs\n")
    strata = read_histories(path, ["A", "B", "C"], stratum="governorate")
    assert set(strata) == {"Homs", "Idlib"}
    assert dict(strata["Homs"].counts) == {(1, 0, 0): 2, (1, 1, 0): 1}
    assert strata["Idlib"].observed == 1


def test_it_names_file_row_and_column_of_a_bad_cell_and_counts_the_rest(tmp_path):
    path = _write(tmp_path, "A,B,C\n1,0,0\n1,yes,0\n0,0,\n")
    with pytest.raises(HistoriesFileError) as caught:
        read_histories(path, ["A", "B", "C"])
    assert str(caught.value) == f"{path}, row 3, column B: expected 0 or 1 (and 1 more problem)"
    assert [(p.row, p.column) for p in caught.value.problems] == [(3, "B"), (4, "C")]


def test_a_missing_list_column_is_named(tmp_path):
    path = _write(tmp_path, "A,B,D\n1,0,0\n")
    with pytest.raises(InputError, match=r"row 1, column C: missing column"):
        read_histories(path, ["A", "B", "C"])


def test_a_person_on_no_list_is_an_error(tmp_path):
    path = _write(tmp_path, "A,B,C\n1,0,0\n0,0,0\n")
    with pytest.raises(InputError, match=r"row 3: a person on no list"):
        read_histories(path, ["A", "B", "C"])


def test_two_lists_are_not_enough(tmp_path):
    path = _write(tmp_path, "A,B\n1,0\n")
    with pytest.raises(InputError, match="3 to 6 list columns, got 2"):
        read_histories(path, ["A", "B"])


def test_an_empty_stratum_cell_is_an_error(tmp_path):
    path = _write(tmp_path, "A,B,C,period\n1,0,0,2012\n1,1,0,\n")
    with pytest.raises(InputError, match="row 3, column period: empty stratum"):
        read_histories(path, ["A", "B", "C"], stratum="period")
