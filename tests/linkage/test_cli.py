"""`athar link` and `athar explain` on the command line: contract, bad input, exit codes."""

from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner

from athar.cli import main

HEADER = ["source", "record_id", "full_name", "birth_date", "sex"]
GOOD = [HEADER, ["s1", "1", "محمد أحمد الحسن", "1985", "M"], ["s2", "7", "Mohammad Ahmad Al-Hasan", "1985", "M"],
        ["s1", "2", "خالد عمر درويش", "1970", "M"]]


def _run(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner(mix_stderr=False).invoke(main, args)
    return result.exit_code, result.stdout, result.stderr


def test_a_tiny_run_writes_both_files_with_every_record(write_csv, tmp_path):
    path = write_csv("records.csv", GOOD)
    code, out, err = _run(["link", str(path), "--out", str(tmp_path / "out")])
    assert code == 0, err
    with (tmp_path / "out" / "clusters.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert sorted((r["source"], r["record_id"]) for r in rows) == [("s1", "1"), ("s1", "2"), ("s2", "7")]
    assert "3 records" in out


@pytest.mark.parametrize(("rows", "expected"), [
    ([["source", "full_name"], ["s1", "x"]], "column record_id"),
    ([HEADER, ["s1", "1", "a b", "", ""], ["s1", "1", "c d", "", ""]], "row 3, column record_id"),
    ([HEADER, ["s1", "", "a b", "", ""]], "row 2, column record_id"),
    ([HEADER], "no records"),
    ([], "empty"),
])
def test_bad_input_gives_one_clear_line_and_a_non_zero_exit(write_csv, tmp_path, rows, expected):
    path = write_csv("bad.csv", rows)
    code, _out, err = _run(["link", str(path), "--out", str(tmp_path / "out")])
    assert code != 0
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert str(path) in lines[0] and expected in lines[0]


def test_a_missing_file_and_a_wrong_encoding_are_named(tmp_path):
    code, _out, err = _run(["link", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "out")])
    assert code != 0 and "nope.csv" in err and "not found" in err
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("source,record_id,full_name\ns1,1,Jos\xe9\n".encode("latin-1"))
    code, _out, err = _run(["link", str(latin1), "--out", str(tmp_path / "out")])
    assert code != 0 and "latin1.csv" in err and "UTF-8" in err and "row 2" in err


def test_bad_optional_values_are_reported_and_the_row_is_kept(write_csv, tmp_path):
    rows = [*GOOD, ["s2", "8", "Khaled Omar Darwish", "13/1970", "M"]]  # no 13th month
    path = write_csv("records.csv", rows)
    code, _out, err = _run(["link", str(path), "--out", str(tmp_path / "out")])
    assert code == 0, err
    assert "row 5" in err and "birth_date" in err
    assert "13/1970" not in err  # values are not echoed: they may be personal data
    clusters = (tmp_path / "out" / "clusters.csv").read_text(encoding="utf-8")
    assert "s2,8," in clusters


def test_many_bad_values_are_summed_up_and_all_listed_in_a_file(write_csv, tmp_path):
    bad = [["s3", str(n), f"Khaled Omar Darwish{n}", f"{n + 3}/1970", "M"] for n in range(10, 18)]  # months 13-20
    path = write_csv("records.csv", [*GOOD, *bad])
    out = tmp_path / "out"
    code, _out, err = _run(["link", str(path), "--out", str(out)])
    assert code == 0, err
    assert err.count("warning: ") == 6  # five one by one, then how many more
    assert "3 more values could not be used" in err
    assert f"8 values could not be used (all listed in {out / 'problems.csv'})" in err
    with (out / "problems.csv").open(encoding="utf-8", newline="") as handle:
        listed = list(csv.DictReader(handle))
    assert [(r["row"], r["column"]) for r in listed] == [(str(n), "birth_date") for n in range(5, 13)]
    assert "/1970" not in (out / "problems.csv").read_text(encoding="utf-8")  # never the value
    # A clean re-run into the same directory does not leave the old list behind.
    code, _out, err = _run(["link", str(write_csv("clean.csv", GOOD)), "--out", str(out)])
    assert code == 0 and "could not be used" not in err
    assert not (out / "problems.csv").exists()


def test_bad_threshold_is_refused(write_csv, tmp_path):
    path = write_csv("records.csv", GOOD)
    code, _out, err = _run(["link", str(path), "--out", str(tmp_path / "o"), "--threshold", "1.5"])
    assert code != 0 and "threshold" in err


def test_explain_on_the_command_line(write_csv, tmp_path):
    path = write_csv("records.csv", GOOD)
    out = tmp_path / "out"
    assert _run(["link", str(path), "--out", str(out)])[0] == 0
    code, text, err = _run(["explain", "--out", str(out), "s1:1", "s2:7"])
    assert code == 0, err
    assert "given" in text and "total" in text
    code, text, err = _run(["explain", "--out", str(out), "--lang", "ar", "s1:1", "s2:7"])
    assert code == 0, err
    assert "الاسم" in text and "المجموع" in text and "total" not in text
    code, text, err = _run(["explain", "--out", str(out), "--json", "s1:1", "s2:7"])
    given = next(f for f in json.loads(text)["fields"] if f["comparison"] == "given")
    assert given["field_ar"] == "الاسم" and given["level_ar"] and given["field_en"] == "given name"
    code, _text, err = _run(["explain", "--out", str(out), "s1:1", "s9:9"])
    assert code != 0 and "s9:9" in err


def test_explain_shows_the_names_as_the_records_wrote_them(write_csv, tmp_path):
    path = write_csv("records.csv", GOOD)
    out = tmp_path / "out"
    assert _run(["link", str(path), "--out", str(out)])[0] == 0
    code, text, err = _run(["explain", "--out", str(out), "--lang", "ar", "s1:1", "s2:7"])
    assert code == 0, err
    given = next(line for line in text.splitlines() if line.strip().startswith("الاسم "))
    family = next(line for line in text.splitlines() if line.strip().startswith("اسم العائلة"))
    # The cells of the two lists, labels in Arabic; never the romanised key the model compared.
    assert given.endswith("[محمد | Mohammad]"), given
    assert family.endswith("[الحسن | Al-Hasan]"), family
    assert "muhammad" not in text and "hasan" not in text
    code, text, err = _run(["explain", "--out", str(out), "--json", "s1:1", "s2:7"])
    data = json.loads(text)
    assert data["values_as_written"] is True
    assert next(f for f in data["fields"] if f["comparison"] == "birth")["value_l"] == "1985"


def test_explain_says_age_in_the_readers_language(write_csv, tmp_path):
    rows = [["source", "record_id", "full_name", "age", "event_date", "sex"],
            ["s1", "1", "محمد أحمد الحسن", "27", "2013-05", "M"],
            ["s2", "7", "Mohammad Ahmad Al-Hasan", "28", "2014-01", "M"]]
    out = tmp_path / "out"
    assert _run(["link", str(write_csv("records.csv", rows)), "--out", str(out)])[0] == 0
    code, english, err = _run(["explain", "--out", str(out), "s1:1", "s2:7"])
    assert code == 0, err
    assert "[27 (age) | 28 (age)]" in english
    code, arabic, err = _run(["explain", "--out", str(out), "--lang", "ar", "s1:1", "s2:7"])
    assert code == 0, err
    assert "[27 (العمر) | 28 (العمر)]" in arabic and "(age)" not in arabic


def test_explain_says_so_when_the_input_file_changed_since_the_run(write_csv, tmp_path):
    path = write_csv("records.csv", GOOD)
    out = tmp_path / "out"
    assert _run(["link", str(path), "--out", str(out)])[0] == 0
    path.write_text(path.read_text(encoding="utf-8") + "s3,1,x y,,\n", encoding="utf-8")
    code, text, err = _run(["explain", "--out", str(out), "s1:1", "s2:7"])
    assert code == 0, err
    assert "[muhammad | muhammad]" in text
    assert "input files have moved or changed" in text


def test_link_only_compares_only_across_sources(write_csv, tmp_path):
    rows = [*GOOD, ["s1", "3", "محمد أحمد الحسن", "1985", "M"]]
    path = write_csv("records.csv", rows)
    out = tmp_path / "out"
    assert _run(["link", str(path), "--out", str(out), "--link-only"])[0] == 0
    with (out / "pairs.csv").open(encoding="utf-8", newline="") as handle:
        assert all(r["source_l"] != r["source_r"] for r in csv.DictReader(handle))


def test_a_tiny_file_links_the_arabic_and_latin_forms_with_the_shipped_model(write_csv, tmp_path):
    path = write_csv("records.csv", GOOD)
    out = tmp_path / "out"
    assert _run(["link", str(path), "--out", str(out)])[0] == 0
    with (out / "clusters.csv").open(encoding="utf-8", newline="") as handle:
        cluster = {(r["source"], r["record_id"]): r["cluster_id"] for r in csv.DictReader(handle)}
    assert cluster[("s1", "1")] == cluster[("s2", "7")] != cluster[("s1", "2")]


def test_explain_shows_a_compared_extra_column_as_written(write_csv, tmp_path):
    rows = [[*HEADER, "address"], *[[*r, a] for r, a in zip(GOOD[1:], ["شارع بغداد", "Baghdad Street", "حمص"],
                                                              strict=True)]]
    path = write_csv("records.csv", rows)
    out = tmp_path / "out"
    assert _run(["link", str(path), "--out", str(out), "--compare", "address"])[0] == 0
    code, text, err = _run(["explain", "--out", str(out), "--json", "s1:1", "s2:7"])
    assert code == 0, err
    address = next(f for f in json.loads(text)["fields"] if f["comparison"] == "extra_address")
    assert (address["value_l"], address["value_r"]) == ("شارع بغداد", "Baghdad Street")
