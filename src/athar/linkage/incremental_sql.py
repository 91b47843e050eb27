"""Scoring new records against an earlier run in plain DuckDB SQL, with the SQL Splink would run.

Splink's `predict_between(new, existing)` and `predict_within(new)` rebuild their SQL on every
call (a few hundred sqlglot parses), want a linker over the existing table, and derive term
frequencies by grouping every existing record: seconds of fixed cost for one new record. Here
the same SQL (`splink_seam.scoring_sql`, built by Splink's own generators from the run's model)
is compiled once into a `ScoringPlan`, and each batch of new records is scored by:

1. blocking new × existing and new × new with the model's rules (DuckDB hash-joins the few new
   records against the existing features, reading only the columns the rules use; `blocking_sql`);
2. reading the existing records found (the candidates) into a small table;
3. term frequencies of only the values the new records and the candidates hold, computed the
   way Splink computes them (count of the value / count of non-null values, over the existing
   records);
4. Splink's comparison-vector and match-weight SQL over those small tables.

The pairs, probabilities and weights are those of `predict_between` + `predict_within`
(tests/linkage/test_incremental_sql.py compares them); pairs.csv and its explanations follow.

What it cannot do: use a Splink whose internals it was not written for (`splink_seam`);
`compile_plan` then returns None and incremental matching runs Splink's public methods."""

# ruff: noqa: S608 — SQL here is built from our own table and column names and Splink's SQL for
# the run's model; no value from the records is spliced in.

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

if TYPE_CHECKING:
    from athar.linkage.engine import Engine


FORMAT = "athar-incremental-sql"
FORMAT_VERSION = 1

# Names the compiled SQL reads (`score` creates or replaces each before use).
NEW = "athar_inc_new"  # the new records' features, without tf_* columns
EXISTING = "athar_inc_existing"  # the earlier run's features, without tf_* columns (a view)
CANDIDATES = "athar_inc_candidates"  # existing records that some new record was blocked with
LEFT = "athar_inc_left"  # new records with tf_* columns
RIGHT = "athar_inc_right"  # new records and candidates with tf_* columns
# The blocked pairs (match_key, join_key_l, join_key_r) Splink's scoring SQL reads: a name fixed
# inside Splink's SQL generator.
BLOCKED_PAIRS = "__splink__blocked_id_pairs"
SCORED = "athar_inc_scored"  # the scored pairs, at or above engine.PAIR_SELECT_THRESHOLD

Levels = list[tuple[str, list[tuple[int, str, float | None]]]]


@dataclass(frozen=True)
class ScoringPlan:
    """A run's model compiled to SQL: its blocking rules, the scoring, the columns with term
    frequencies, and each comparison's levels (for explanations)."""

    rules: tuple[str, ...]
    scoring: str
    tf_columns: tuple[str, ...]
    levels: Levels
    model_digest: str  # sha256 of the model file it was compiled from
    splink_version: str

    def to_json(self) -> dict[str, Any]:
        return {"format": FORMAT, "format_version": FORMAT_VERSION, "model_sha256": self.model_digest,
                "splink_version": self.splink_version, "rules": list(self.rules), "scoring": self.scoring, "tf_columns": list(self.tf_columns),
                "levels": [[name, [list(level) for level in lvls]] for name, lvls in self.levels]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ScoringPlan:
        levels: Levels = [(str(name), [(int(g), str(label), None if w is None else float(w)) for g, label, w in lvls])
                          for name, lvls in data["levels"]]
        return cls(rules=tuple(data["rules"]), scoring=data["scoring"],
                   tf_columns=tuple(data["tf_columns"]), levels=levels, model_digest=data["model_sha256"], splink_version=data["splink_version"])


def settings_digest(settings: dict[str, Any]) -> str:
    """sha256 of a model's Splink settings, whatever the layout of the file that held them."""
    text = json.dumps(settings, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def splink_version() -> str:
    """The installed Splink's version, without importing it (a fifth of a second)."""
    try:
        return metadata.version("splink")
    except metadata.PackageNotFoundError:  # pragma: no cover — Splink is a dependency
        return "unknown"


def plan_of(engine: Engine, settings: dict[str, Any]) -> ScoringPlan | None:
    """The plan of an engine whose model is `settings` (as saved); None when
    `splink_seam.scoring_sql` cannot build it (another Splink)."""
    from athar.linkage import splink_seam
    from athar.linkage.engine import PAIR_SELECT_THRESHOLD

    sql = splink_seam.scoring_sql(engine.linker, left=LEFT, right=RIGHT,
                                  threshold_match_probability=PAIR_SELECT_THRESHOLD)
    if sql is None:
        return None
    return ScoringPlan(rules=sql.rules, scoring=sql.scoring, tf_columns=sql.tf_columns,
                       levels=[(name, list(lvls)) for name, lvls in engine.comparison_levels()],
                       model_digest=settings_digest(settings), splink_version=splink_seam.VERSION)


def compile_plan(settings: dict[str, Any]) -> ScoringPlan | None:
    """Compile a model's Splink settings (model.json's `splink_settings`) to a plan, with a
    Splink linker built for it (0.3 s, most of it sqlglot parsing the model's SQL)."""
    from athar.linkage.engine import Engine, connect

    con = connect()
    try:
        # Splink's linker wants an input table; the SQL depends on the settings alone.
        con.execute("CREATE TABLE athar_inc_model_input (unique_id BIGINT)").fetchall()
        engine = Engine("athar_inc_model_input", settings, con=con, table="athar_inc_model_view")
        return plan_of(engine, settings)
    finally:
        con.close()


def write_plan(plan: ScoringPlan | None, path: Path) -> None:
    """Store `plan` at `path` (written beside and renamed); None removes an earlier one."""
    if plan is None:
        path.unlink(missing_ok=True)
        return
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(plan.to_json(), ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)


def read_plan(path: Path, settings: dict[str, Any]) -> ScoringPlan | None:
    """The plan stored at `path` if it was compiled from these settings, by the installed
    Splink and in this format; else None (compile it again: a run written before plans were
    stored, a model edited by hand, an upgraded Splink)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("format_version") != FORMAT_VERSION:
        return None
    if data.get("model_sha256") != settings_digest(settings) or data.get("splink_version") != splink_version():
        return None
    try:
        return ScoringPlan.from_json(data)
    except (KeyError, TypeError, ValueError):
        return None


def open_plan(path: Path, settings: dict[str, Any]) -> ScoringPlan | None:
    """The stored plan when it is current, else one compiled now (None: another Splink)."""
    return read_plan(path, settings) or compile_plan(settings)


def score(con: duckdb.DuckDBPyConnection, plan: ScoringPlan) -> str:
    """Score the records of NEW against EXISTING and each other (both must exist on `con`);
    returns SCORED, the table of scored pairs (Splink's prediction columns)."""
    run = con.execute
    run(f"CREATE OR REPLACE TEMP TABLE {BLOCKED_PAIRS} AS {blocking_sql(plan.rules)}").fetchall()
    run(f"CREATE OR REPLACE TEMP TABLE {CANDIDATES} AS SELECT * FROM {EXISTING} "
        f"WHERE unique_id IN (SELECT join_key_r FROM {BLOCKED_PAIRS})").fetchall()
    tf_tables = _term_frequencies(con, plan.tf_columns)
    joins = " ".join(f"LEFT JOIN {table} ON x.{column} = {table}.{column}" for column, table in tf_tables)
    tf_select = "".join(f", {table}.tf_{column}" for column, table in tf_tables)
    run(f"CREATE OR REPLACE TEMP TABLE {LEFT} AS SELECT x.*{tf_select} FROM {NEW} x {joins}").fetchall()
    run(f"CREATE OR REPLACE TEMP TABLE {RIGHT} AS SELECT x.*{tf_select} FROM "
        f"(SELECT * FROM {NEW} UNION ALL BY NAME SELECT * FROM {CANDIDATES}) x {joins}").fetchall()
    run(f"CREATE OR REPLACE TEMP TABLE {SCORED} AS {plan.scoring}").fetchall()
    for table in (BLOCKED_PAIRS, CANDIDATES, LEFT, RIGHT, *(t for _c, t in tf_tables)):
        run(f"DROP TABLE {table}").fetchall()
    return SCORED


def blocking_sql(rules: tuple[str, ...]) -> str:
    """The pairs the rules block, new × existing and new × new (l's unique id below r's), each
    once, credited to the first rule that finds it as Splink credits it (`match_key`, text).

    Splink writes rule i's join with "and none of rules 0..i-1 holds" (a chain that grows with
    every rule: most of DuckDB's planning of the statement, three times the cost of this one
    for a single new record); the same pairs are the union of the rules' joins, each pair taken
    once with the lowest rule that found it."""
    joins = [f"SELECT {i} AS rule, l.unique_id AS join_key_l, r.unique_id AS join_key_r "
             f"FROM {NEW} l JOIN {table} r ON ({rule}){where}"
             for table, where in ((EXISTING, ""), (NEW, " WHERE l.unique_id < r.unique_id"))
             for i, rule in enumerate(rules)]
    return (f"SELECT CAST(min(rule) AS VARCHAR) AS match_key, join_key_l, join_key_r FROM "
            f"({' UNION ALL '.join(joins)}) GROUP BY join_key_l, join_key_r")


def _term_frequencies(con: duckdb.DuckDBPyConnection, columns: tuple[str, ...]) -> list[tuple[str, str]]:
    """(column, table of column → tf_column) for each term-frequency column, holding the values
    of NEW and CANDIDATES only, each computed as Splink's `compute_tf_table` does over EXISTING:
    `cast(count(*) as float8) / count(column)`."""
    if not columns:
        return []
    totals = con.execute("SELECT " + ", ".join(f"count({c})" for c in columns) + f" FROM {EXISTING}").fetchall()[0]
    out = []
    for column, total in zip(columns, totals, strict=True):
        table = f"athar_inc_tf_{column}"
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT {column}, cast(count(*) as float8) / {int(total)} "
            f"AS tf_{column} FROM {EXISTING} WHERE {column} IN "
            f"(SELECT {column} FROM {NEW} UNION SELECT {column} FROM {CANDIDATES}) GROUP BY {column}").fetchall()
        out.append((column, table))
    return out
