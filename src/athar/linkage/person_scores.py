"""Score thin units against candidate persons with the run's model, evidence pooled per person
(the Splink side of `person_pass`; see there for the method).

The records of the thin units and of the persons are put in two DuckDB tables; Splink's
`predict_between` scores unit × person-record pairs found by two equi-join rules (given-name
key plus the family key, or plus the father key), which also require sex and birth years not
to contradict, so namesakes the guards would refuse anyway are never scored. The thin records
are scored a second time read as "given son of father" (the second part moved to the father's
columns, the family unknown). Per (unit, person, reading) each compared field keeps its best
weight over the pairs that compared it (a record that lacks the field says nothing: its null
level must not hide another record's contradiction — an arrest in 2016 against one in 2013);
the sum is the pooled evidence in bits.

What it cannot do: find a person whose given-name key differs from the unit's (a misread given
name); cost grows with the namesakes of each thin record (bounded by the birth and sex filter)."""

# ruff: noqa: S608 — SQL here is built from our own table and column names.

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import pyarrow as pa

from athar.linkage.engine import Engine
from athar.linkage.features import TF_COLUMNS
from athar.linkage.person_pass import BIRTH_TOLERANCE, PooledScore

UNITS = "athar_thin_units"
UNITS_AS_FATHER = "athar_thin_units_father"
PERSONS = "athar_person_records"
MEMBERS = "athar_pass_members"
_calls = itertools.count(1)
MAX_CANDIDATE_RECORDS = 100

# Columns a part's reading moves from the family name to the father's name.
_PART_COLUMNS = ("", "_w", "_key", "_dict", "_rasm")


def identifying_sql(alias: str = "") -> str:
    """A record that identifies a person: three name parts, a national ID or a mother's name
    (the definition the benchmark uses, `difficulty.py`)."""
    p = f"{alias}." if alias else ""
    return (f"(({p}father IS NOT NULL AND {p}given_key IS NOT NULL AND {p}family_key IS NOT NULL) "
            f"OR {p}national_id IS NOT NULL OR {p}mother IS NOT NULL)")


def _compatible(link_only: bool) -> str:
    return ("(l.sex IS NULL OR r.sex IS NULL OR l.sex = r.sex) AND (l.birth_lo IS NULL OR r.birth_lo IS NULL OR "
            f"(l.birth_lo <= r.birth_hi + {BIRTH_TOLERANCE} AND r.birth_lo <= l.birth_hi + {BIRTH_TOLERANCE}))"
            + (" AND l.source <> r.source" if link_only else ""))


def rules(*, link_only: bool) -> list[str]:
    ok = _compatible(link_only)
    return [f"l.given_key = r.given_key AND l.family_key = r.family_key AND {ok}",
            f"l.given_key = r.given_key AND l.father_key = r.father_key AND {ok}"]


def _father_reading(columns: Sequence[str]) -> str:
    """SELECT list of the units table with the family name read as the father's name."""
    moved = {f"father{s}": f"family{s}" for s in _PART_COLUMNS}
    emptied = {f"family{s}" for s in _PART_COLUMNS}
    out = []
    for c in columns:
        if c in moved and moved[c] in columns:
            out.append(f"{moved[c]} AS {c}")
        elif c in emptied:
            out.append(f"NULL AS {c}")
        else:
            out.append(c)
    return ", ".join(out)


def pooled_scores(engine: Engine, labels: Sequence[int], *, link_only: bool) -> tuple[list[PooledScore],
                                                                                     list[int], int]:
    """(scores, thin unit labels, number of persons). `labels`: the cluster label of each
    record, indexed by the feature table's `unique_id`."""
    con = engine.con
    # Splink refuses a second registration of one table name on a connection: each call names
    # its tables afresh.
    n = next(_calls)
    units_table, father_table, persons_table = f"{UNITS}_{n}", f"{UNITS_AS_FATHER}_{n}", f"{PERSONS}_{n}"
    con.register("athar_pass_labels", pa.table({"unique_id": pa.array(range(len(labels)), pa.int64()),
                                                "label": pa.array(labels, pa.int64())}))
    try:
        con.execute(f"""CREATE OR REPLACE TEMP TABLE {MEMBERS} AS
            SELECT l.unique_id, l.label, {identifying_sql('f')} AS identifying,
                   f.given_key IS NOT NULL AND (f.family_key IS NOT NULL OR f.father_key IS NOT NULL) AS named
            FROM athar_pass_labels l JOIN {engine.table} f USING (unique_id)""").fetchall()
    finally:
        con.unregister("athar_pass_labels")
    con.execute(f"""CREATE OR REPLACE TEMP TABLE athar_pass_clusters AS SELECT label, bool_or(identifying) AS identifying
        FROM {MEMBERS} GROUP BY label""").fetchall()
    con.execute(f"""CREATE OR REPLACE TEMP TABLE athar_pass_side AS SELECT m.unique_id, m.label, c.identifying AS person
        FROM {MEMBERS} m JOIN athar_pass_clusters c USING (label)""").fetchall()
    # Splink's predict_between joins its own term-frequency tables (it cannot use precomputed
    # tf_* columns): the copies leave them out, and the lookup tables are made once here.
    keep = ", ".join(f"f.{c}" for c in (r[0] for r in con.execute(f"DESCRIBE {engine.table}").fetchall())
                     if not c.startswith("tf_"))
    for column in TF_COLUMNS:
        engine.linker.table_management.compute_tf_table(column)
    con.execute(f"""CREATE OR REPLACE TABLE {units_table} AS SELECT {keep} FROM {engine.table} f JOIN {MEMBERS} m USING (unique_id)
        JOIN athar_pass_clusters c USING (label) WHERE NOT c.identifying AND m.named""").fetchall()
    con.execute(f"""CREATE OR REPLACE TABLE {persons_table} AS SELECT {keep} FROM {engine.table} f JOIN {MEMBERS} m USING (unique_id)
        JOIN athar_pass_clusters c USING (label) WHERE c.identifying""").fetchall()
    columns = [r[0] for r in con.execute(f"DESCRIBE {units_table}").fetchall()]
    con.execute(f"CREATE OR REPLACE TABLE {father_table} AS SELECT {_father_reading(columns)} FROM {units_table} "
                "WHERE family_key IS NOT NULL AND father IS NULL").fetchall()
    for table in (units_table, father_table):
        _drop_common(con, table, persons_table, link_only)
    # The units still in play: one left out entirely (too common a name) is neither "somebody"
    # nor "nobody" for the estimate of π.
    units_all = [int(r[0]) for r in con.execute(
        f"SELECT DISTINCT m.label FROM (SELECT unique_id FROM {units_table} UNION SELECT unique_id FROM "
        f"{father_table}) u JOIN {MEMBERS} m USING (unique_id) ORDER BY 1").fetchall()]
    units = units_all
    n_persons = int(con.execute("SELECT count(*) FROM athar_pass_clusters WHERE identifying").fetchall()[0][0])
    scores: list[PooledScore] = []
    persons_sdf = engine.db_api.register(persons_table, dataset_display_name=persons_table)
    for table, father in ((units_table, False), (father_table, True)):
        if not units:
            break
        units_sdf = engine.db_api.register(table, dataset_display_name=table)
        blocking: list[Any] = list(rules(link_only=link_only))
        df = engine.linker.inference.predict_between(units_sdf, persons_sdf,
                                                     blocking_rules_to_generate_predictions=blocking,
                                                     warning_mode="never")
        scores += _pool(engine, df.physical_name, father)
        df.drop_table_from_database_and_remove_from_cache()
    for table in (units_table, father_table, persons_table, MEMBERS, "athar_pass_clusters", "athar_pass_side"):
        con.execute(f"DROP TABLE IF EXISTS {table}").fetchall()
    return scores, units, n_persons


def _drop_common(con: Any, table: str, persons: str, link_only: bool) -> None:
    """Leave out of `table` the records with more than MAX_CANDIDATE_RECORDS candidate records:
    a two-part name shared by that many people cannot be placed by the pass (the probability
    spreads over them) and scoring them all grows with the square of the set (on 100,000
    synthetic records 255,000 pairs, a few thousand of them for one "given son of father";
    about 25 million at a million). Such a unit stays alone, without candidates."""
    counts = " UNION ALL ".join(
        f"SELECT l.unique_id FROM {table} l JOIN {persons} r ON {rule}" for rule in rules(link_only=link_only))
    con.execute(f"""DELETE FROM {table} WHERE unique_id IN (SELECT unique_id FROM ({counts})
                    GROUP BY unique_id HAVING count(*) > {MAX_CANDIDATE_RECORDS})""").fetchall()


def _pool(engine: Engine, predictions: str, father: bool) -> list[PooledScore]:
    con = engine.con
    columns = [r[0] for r in con.execute(f"DESCRIBE {predictions}").fetchall()]
    fields = [c[3:] for c in columns if c.startswith("mw_") and not c.startswith("mw_tf_adj_")]
    terms = ", ".join(f"coalesce(mw_{f}, 0)" + (f" + coalesce(mw_tf_adj_{f}, 0)" if f"mw_tf_adj_{f}" in columns
                                                 else "") + f" AS w_{f}" for f in fields)
    # Which side is the unit's record: predict_between may put either table on the left.
    rows = con.execute(f"""
        WITH p AS (SELECT unique_id_l, unique_id_r, {terms} FROM {predictions}),
             o AS (SELECT CASE WHEN ml.person THEN mr.label ELSE ml.label END AS unit,
                          CASE WHEN ml.person THEN ml.label ELSE mr.label END AS person, p.*
                   FROM p JOIN athar_pass_side ml ON ml.unique_id = p.unique_id_l
                          JOIN athar_pass_side mr ON mr.unique_id = p.unique_id_r)
        SELECT unit, person, {' + '.join(f'coalesce(max(nullif(w_{f}, 0)), 0)' for f in fields)} AS bits
        FROM o GROUP BY unit, person
        ORDER BY unit, person""").fetchall()
    return [PooledScore(int(u), int(p), float(b), father) for u, p, b in rows]
