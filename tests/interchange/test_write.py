"""CSV outputs neutralise spreadsheet formulas, reversibly, in Python and in DuckDB SQL alike."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest
from hypothesis import given
from hypothesis import strategies as st

from athar.interchange import (
    neutralise_cell,
    neutralise_sql,
    restore_cell,
    restore_sql,
    write_clusters,
    write_pairs,
)

CASES = [
    ("=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"),
    ("+1+1", "'+1+1"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("'=1", "''=1"),
    ("'quoted", "''quoted"),
    ("SNHR-2013-00042", "SNHR-2013-00042"),
    ("محمد", "محمد"),
    ("a=b", "a=b"),
    ("", ""),
]


@pytest.mark.parametrize(("value", "written"), CASES)
def test_it_neutralises_formula_leading_cells(value: str, written: str) -> None:
    assert neutralise_cell(value) == written
    assert restore_cell(written) == value


@given(st.text())
def test_the_escape_is_reversible_for_any_text(value: str) -> None:
    assert restore_cell(neutralise_cell(value)) == value
    assert not neutralise_cell(value).startswith(("=", "+", "-", "@", "\t", "\r"))


@pytest.mark.parametrize(("value", "written"), CASES)
def test_the_sql_forms_agree_with_python(value: str, written: str) -> None:
    con = duckdb.connect()
    try:
        got = con.execute(f"SELECT {neutralise_sql('v')}, {restore_sql(neutralise_sql('v'))} "  # noqa: S608 — our own SQL; the value is a parameter
                          "FROM (SELECT ?::VARCHAR AS v)", [value]).fetchall()[0]
    finally:
        con.close()
    assert got == (written, value)


def test_pairs_and_clusters_files_hold_no_formula(tmp_path: Path) -> None:
    pairs = [{"source_l": "=cmd|' /C calc'!A0", "record_id_l": "@1", "source_r": "s", "record_id_r": "-5",
              "match_probability": 0.97, "match_weight": -1.5}]
    write_pairs(tmp_path / "pairs.csv", pairs, extra_columns=["match_weight"])
    write_clusters(tmp_path / "clusters.csv", [("+s", "=2", "c1")])
    with (tmp_path / "pairs.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[1] == ["'=cmd|' /C calc'!A0", "'@1", "s", "'-5", "0.97", "-1.5"]  # numbers stay numbers
    with (tmp_path / "clusters.csv").open(encoding="utf-8", newline="") as handle:
        assert list(csv.reader(handle))[1] == ["'+s", "'=2", "c1"]
