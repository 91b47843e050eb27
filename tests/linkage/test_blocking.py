"""Blocking keeps recall across scripts and counts its comparisons."""

# ruff: noqa: S608 — SQL from our own blocking rules

from __future__ import annotations

import duckdb
import pyarrow as pa

from athar.interchange import RecordRow, read_records
from athar.linkage import blocking, features


def test_blocking_finds_the_same_person_across_scripts(generated):
    path, _truth_path, truth = generated
    rows = read_records(path).rows
    table = features.build_features(rows)
    con = duckdb.connect()
    try:
        con.register("f", table)
        con.register("t", pa.table({
            "source": [k[0] for k in truth], "record_id": [k[1] for k in truth], "person": list(truth.values())}))
        con.execute("CREATE TABLE g AS SELECT f.*, t.person FROM f JOIN t USING (source, record_id)")
        any_rule = " OR ".join(f"({sql})" for sql in blocking.rules(link_only=False))
        total, found = con.execute(
            f"SELECT count(*), count(*) FILTER (WHERE {any_rule}) FROM g l JOIN g r "
            "ON l.person = r.person AND l.unique_id < r.unique_id").fetchall()[0]
        cross_script, cross_found = con.execute(
            f"SELECT count(*), count(*) FILTER (WHERE {any_rule}) FROM g l JOIN g r "
            "ON l.person = r.person AND l.unique_id < r.unique_id AND (l.source = 'lat') <> (r.source = 'lat')"
        ).fetchall()[0]
        counts = dict(blocking.count_comparisons(con, "g", link_only=False))
    finally:
        con.close()
    assert found / total >= 0.95, (found, total)
    assert cross_script > 50 and cross_found / cross_script >= 0.95
    # Far fewer comparisons than all pairs: blocking blocks.
    n = len(rows)
    assert sum(counts.values()) < n * (n - 1) / 2 / 20


def test_link_only_rules_never_pair_a_source_with_itself():
    assert all("l.source <> r.source" in rule for rule in blocking.rules(link_only=True))
    assert not any("source" in rule for rule in blocking.rules(link_only=False))


def test_a_compound_given_name_meets_the_same_name_read_as_given_and_father():
    # "Mhd Wasim" in a first-name column is one compound given name; the same person's Arabic full
    # name reads محمد as given name and وسيم as father: every part moves one column.
    rows = [RecordRow("a.csv", 2, {}, source="family_reports", record_id="FR-1", full_name="محمد وسيم عبد الرحمن الكمال"),
            RecordRow("b.csv", 2, {}, source="ngo_list", record_id="NGO-7", first_name="Mhd Wasim", father_name="Abdulrahman",
                      family_name="Al-Kamal")]
    table = features.build_features(rows)
    con = duckdb.connect()
    try:
        con.register("g", table)
        counts = dict(blocking.count_comparisons(con, "g", link_only=True))
    finally:
        con.close()
    assert sum(counts.values()) == 1
    assert counts["compound given name = given + father, family key"] + counts[
        "given + father = compound given name, family key"] == 1


def test_a_father_and_family_name_swapped_and_spelt_otherwise_are_compared():
    # One list writes the family name second, and spells it its own way: no part agrees in its
    # own column, the keys agree across the swap.
    rows = [RecordRow("a.csv", 2, {}, source="ngo_list_en", record_id="1", first_name="Khalid", father_name="Salih",
                      family_name="Masalma"),
            RecordRow("b.csv", 2, {}, source="ngo_list_fr", record_id="2", first_name="Khalid", father_name="Masalmeh",
                      family_name="Salih")]
    con = duckdb.connect()
    try:
        con.register("g", features.build_features(rows))
        counts = dict(blocking.count_comparisons(con, "g", link_only=True))
    finally:
        con.close()
    assert counts["keys given+father/family swapped"] == 1
