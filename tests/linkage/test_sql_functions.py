"""`athar_name_similarity` in DuckDB is the name engine's token similarity, and the linker's
fuzzy levels ask it (behind their bound) exactly what they would ask the name engine."""

# ruff: noqa: S608 — SQL here is built from the tests' own constant names.

from __future__ import annotations

import duckdb
import pytest

from athar.linkage import comparisons, sql_functions
from athar.linkage.engine import connect
from athar.linkage.features import canonical, form_weight, hard_letters
from athar.names.tokens import canonical_similarity

PAIRS = [("keskin", "kskin"), ("muhammad", "mahmud"), ("jlad", "jalad"), ("abrahim", "ibrahim"),
         ("hariri", "hariri"), ("nabil", "nabila"), ("zakwan", "khalil")]


def test_it_is_the_name_engines_similarity_and_null_stays_null() -> None:
    con = connect()
    rows = con.execute(
        f"SELECT {sql_functions.NAME_SIMILARITY}(a, b) FROM (VALUES " +
        ", ".join(f"('{a}', '{b}')" for a, b in PAIRS) + ", (NULL, 'ali')) t(a, b)").fetchall()
    assert [r[0] for r in rows] == [*(canonical_similarity(a, b) for a, b in PAIRS), None]


def test_registering_twice_on_one_connection_is_harmless() -> None:
    con = sql_functions.register(sql_functions.register(duckdb.connect()))
    assert con.execute(f"SELECT {sql_functions.NAME_SIMILARITY}('ali', 'ali')").fetchone() == (1.0,)


@pytest.mark.parametrize("threshold", [comparisons.FUZZY_STRONG, comparisons.FUZZY_WEAK])
@pytest.mark.parametrize(("written_a", "written_b"), [
    ("ابراهييم", "Ibrahim"), ("كسكين", "Keskin"), ("الجلاد", "al-Jallad"), ("Hariri", "Harriri"),
    ("زكوان", "Zakwan"), ("منصور", "منصوز"), ("Ahmad", "Khalil"), ("نبيل", "نبيلة")])
def test_a_fuzzy_level_agrees_with_the_name_engine(threshold: float, written_a: str, written_b: str) -> None:
    a, b = canonical(written_a), canonical(written_b)
    assert a is not None and b is not None
    con = connect()
    con.execute("CREATE TABLE p (given_l VARCHAR, given_r VARCHAR, given_consonants_l BIGINT, "
                "given_consonants_r BIGINT, given_form_weight_l DOUBLE, given_form_weight_r DOUBLE)")
    con.execute("INSERT INTO p VALUES (?, ?, ?, ?, ?, ?)",
                [a, b, hard_letters(a), hard_letters(b), form_weight(a), form_weight(b)])
    found = con.execute(f"SELECT {comparisons._similarity('given', threshold)} FROM p").fetchone()
    assert found == (canonical_similarity(a, b) >= threshold,)
