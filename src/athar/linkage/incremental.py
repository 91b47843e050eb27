"""Incremental linking: match new records against an earlier run without relinking everything.

Only new × existing and new × new pairs are scored, with the model saved by the earlier run
(never retrained here) and the term frequencies of the existing records. Existing persons are
never merged with each other by a new record: each new record either becomes a candidate for
one existing person or starts a new one. Results are candidates until a reviewer accepts them;
nothing in the earlier run's directory is changed.

Outputs (in `out_dir`): `pairs.csv` (spec columns + `match_weight`, `explanation`),
`clusters.csv` with one row per *new* record (`source,record_id,cluster_id,status`, status
`existing` when it joins an existing person's cluster id, `new` otherwise), and
`features.parquet` of the new records.

What it cannot do: notice that a new record proves two existing persons are one (it is
attached to the stronger of them; the pair to the other stays in pairs.csv for review)."""

# ruff: noqa: S608 — SQL here is built from our own table and column names; the only outside
# value, a file path, is quoted by doubling single quotes.

from __future__ import annotations

import csv
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from athar.errors import InputError
from athar.files import private_directory
from athar.interchange import RecordRow, RowProblem, neutralise_cell, neutralise_sql, restore_sql
from athar.linkage import clustering, explain, extra_columns, fact_noise, features, incremental_sql
from athar.linkage.engine import PAIR_SELECT_THRESHOLD, Engine, connect, select_features, spill_directory
from athar.linkage.model_store import load_model
from athar.linkage.pipeline import (
    CLUSTERS_FILE,
    FEATURES_FILE,
    MODEL_FILE,
    PAIRS_FILE,
    PLAN_FILE,
    RUN_DB_FEATURES,
    RUN_DB_FILE,
    RUN_DB_PERSONS,
    Progress,
    Report,
    _quiet,
    neutralised_keys,
    node_facts,
    read_input,
    report_problems,
)
from athar.linkage.variants import given_compatible

NEW_TABLE = "athar_new"


@dataclass
class IncrementalResult:
    out_dir: Path
    n_new: int
    n_pairs: int
    n_attached: int  # new records that are candidates for an existing person
    problems: list[RowProblem] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


def _existing_paths(existing_dir: Path) -> tuple[Path, Path, Path]:
    paths = existing_dir / MODEL_FILE, existing_dir / FEATURES_FILE, existing_dir / CLUSTERS_FILE
    for p in paths:
        if not p.is_file():
            raise InputError(f"not the output directory of `athar link` ({p.name} missing)", file=str(existing_dir))
    return paths


def _sql_type(arrow: pa.DataType) -> str:
    """DuckDB's name of a feature column's Arrow type."""
    if pa.types.is_list(arrow):
        return _sql_type(arrow.value_type) + "[]"
    return _SQL_TYPES[str(arrow)]


_SQL_TYPES = {"int64": "BIGINT", "int32": "INTEGER", "double": "DOUBLE", "bool": "BOOLEAN", "string": "VARCHAR"}


def _as_schema(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """`table` (as DuckDB returns it) with the types of `schema`, by zero-copy views: the same
    types but for the names of list items, which DuckDB calls `l` (`Table.cast` would do it
    too, but imports pyarrow.compute: a tenth of a second)."""
    return pa.Table.from_arrays(
        [pa.chunked_array([chunk.view(f.type) for chunk in table.column(f.name).chunks], type=f.type) for f in schema],
        schema=schema)


def _next_unique_id(features_path: Path) -> int:
    """One more than the largest unique_id of the earlier run, from the parquet statistics
    (reading a million rows to find it would cost more than the whole match)."""
    meta = pq.ParquetFile(features_path).metadata
    column = meta.schema.names.index("unique_id")
    highest = -1
    for group in range(meta.num_row_groups):
        stats = meta.row_group(group).column(column).statistics
        if stats is None or not stats.has_min_max:
            return int(pq.read_table(features_path, columns=["unique_id"]).column(0).to_numpy().max()) + 1
        highest = max(highest, int(stats.max))
    return highest + 1


class IncrementalMatcher:
    """An earlier run opened once (model, features, person ids, the model's scoring SQL), ready
    to match batch after batch of new records — how a long-running registry uses it. Close it
    (or use it as a context manager) when done.

    The run's features are queried in place, never copied: a run that has `run.duckdb` is
    attached read-only, one written without it (under 200,000 records, or before that file
    existed) is read from its features.parquet and clusters.csv. New records are scored with
    the model's SQL compiled once (`incremental_sql`): only the existing records a blocking rule
    pairs with a new one, and the term frequencies of their values, are read."""

    def __init__(self, existing_dir: str | Path, *, use_plan: bool = True) -> None:
        """`use_plan=False` scores with Splink's public predict_between / predict_within instead
        of the compiled plan (what happens when the plan cannot be built): for comparison."""
        run_dir = Path(existing_dir)
        model_path, self.features_path, clusters_path = _existing_paths(run_dir)
        stored = load_model(model_path)
        self.extras = extra_columns.from_training(stored.training)
        # How the run read its sources' full names (absent from models written before it was kept).
        self.name_order: dict[str, list[str]] = stored.training.get("name_order", {})
        # Which hard facts vetoed merges in the run: the same here (absent before it was kept: all).
        self.fact_noise = fact_noise.FactNoise.from_json(stored.training.get("fact_noise"))
        self.first_id = _next_unique_id(self.features_path)
        database = run_dir / RUN_DB_FILE
        self.attached = database.is_file()  # whether the run is queried in place from its run.duckdb
        self.con = connect()
        self.engine: Engine | None = None
        try:
            if self.attached:
                dpath = str(database).replace("'", "''")
                self.con.execute(f"ATTACH '{dpath}' AS athar_run (READ_ONLY)").fetchall()
                existing = f"SELECT * FROM athar_run.{RUN_DB_FEATURES}"
                persons = f"SELECT source, record_id, cluster_id FROM athar_run.{RUN_DB_PERSONS}"
            else:
                fpath = str(self.features_path).replace("'", "''")
                existing = f"SELECT {select_features(True)} FROM read_parquet('{fpath}')"
                cpath = str(clusters_path).replace("'", "''")
                persons = (f"SELECT {restore_sql('source')} AS source, {restore_sql('record_id')} AS record_id, "
                           f"{restore_sql('cluster_id')} AS cluster_id FROM read_csv('{cpath}', all_varchar=true)")
            self.con.execute(f"CREATE VIEW {incremental_sql.EXISTING} AS {existing}").fetchall()
            self.con.execute(f"CREATE VIEW athar_persons AS {persons}").fetchall()
            self.plan = incremental_sql.open_plan(run_dir / PLAN_FILE, stored.splink_settings) if use_plan else None
            if self.plan is None:  # another Splink: its public predict_between / predict_within
                self.engine = Engine(incremental_sql.EXISTING, stored.splink_settings, con=self.con)
                for column in features.TF_COLUMNS:
                    self.engine.linker.table_management.compute_tf_table(column)
        except BaseException:
            self.close()
            raise
        self._closed = False
        self._batches = 0

    def __enter__(self) -> IncrementalMatcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if getattr(self, "_closed", False):
            return
        self._closed = True
        self.con.close()
        shutil.rmtree(spill_directory(), ignore_errors=True)

    def _load_new(self, rows: Sequence[RecordRow]) -> pa.Table:
        """Build the features of the new records (unique ids from `first_id` on) into NEW; the
        same features as an Arrow table in SCHEMA order (+ the extra columns), as `link` writes them.

        The columns go to DuckDB as list parameters, not through pyarrow: pyarrow's conversion of
        Python lists imports pandas, a quarter of a second of a one-record command."""
        name_order = features.NameOrder.of(rows).decided_by(self.name_order)
        columns = features.feature_columns(rows, first_id=self.first_id, name_order=name_order)
        schema = features.SCHEMA
        for extra in self.extras:
            columns[extra.feature] = list(extra.values(rows))
            schema = schema.append(pa.field(extra.feature, pa.string()))
        unnest = ", ".join(f"unnest(${i}::{_sql_type(f.type)}[]) AS {f.name}" for i, f in enumerate(schema, 1))
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE athar_inc_new_all AS SELECT {unnest}",
                         [columns[f.name] for f in schema]).fetchall()
        self.con.execute(f"CREATE OR REPLACE TABLE {incremental_sql.NEW} AS SELECT {select_features(True)} "
                         "FROM athar_inc_new_all").fetchall()
        new_table = _as_schema(self.con.sql("SELECT * FROM athar_inc_new_all ORDER BY unique_id").to_arrow_table(),
                               schema)
        self.con.execute("DROP TABLE athar_inc_new_all").fetchall()
        return new_table

    def _score(self) -> tuple[list[str], incremental_sql.Levels]:
        """Score NEW against the run and itself: the tables of scored pairs, and the levels of
        every comparison (for explanations)."""
        if self.plan is not None:
            return [incremental_sql.score(self.con, self.plan)], self.plan.levels
        return self._score_with_splink()

    def predictions(self, rows: Sequence[RecordRow]) -> pa.Table:
        """Every pair of `rows` × the run and `rows` × `rows` scored at or above the pair floor,
        with all of Splink's prediction columns, unrounded, ordered by unique ids."""
        self._load_new(rows)
        try:
            scored, _levels = self._score()
            union = " UNION ALL BY NAME ".join(f"SELECT * FROM {table}" for table in scored)
            table = self.con.sql(f"{union} ORDER BY unique_id_l, unique_id_r").to_arrow_table()
            for name in scored:
                self.con.execute(f"DROP TABLE {name}").fetchall()
        finally:
            self.con.execute(f"DROP TABLE IF EXISTS {incremental_sql.NEW}").fetchall()
        return table

    def match(self, rows: Sequence[RecordRow], out_dir: str | Path, *, threshold: float = 0.5,
              file: str = "") -> IncrementalResult:
        """Score new × existing and new × new; write pairs.csv, clusters.csv and features.parquet."""
        start = time.perf_counter()
        timings: dict[str, float] = {}
        con = self.con
        first_id = self.first_id
        new_keys = [r.key for r in rows]
        out = Path(out_dir)
        private_directory(out)  # 0700: every output holds names
        new = incremental_sql.NEW
        new_table = self._load_new(rows)
        timings["features"] = time.perf_counter() - start
        t = time.perf_counter()
        try:
            clash = con.execute(
                f"SELECT n.source, n.record_id FROM {new} n JOIN {incremental_sql.EXISTING} e "
                "USING (source, record_id) LIMIT 1").fetchall()
            if clash:
                raise InputError("record already linked in the existing run (same source and record_id)",
                                 file=file or None, column="record_id")
            scored, levels = self._score()
            timings["predict"] = time.perf_counter() - t
            t = time.perf_counter()
            columns = [r[0] for r in con.execute(f"DESCRIBE {scored[0]}").fetchall()]
            expl = explain.explanation_sql(levels, columns)
            select = (f"SELECT unique_id_l, unique_id_r, source_l, record_id_l, source_r, record_id_r, "
                      f"match_probability, match_weight, {expl} AS explanation FROM ")
            con.execute("CREATE OR REPLACE TEMP TABLE athar_inc_pairs AS "
                        + " UNION ALL ".join(select + table for table in scored)).fetchall()
            for table in scored:
                con.execute(f"DROP TABLE {table}").fetchall()
            target = str(out / PAIRS_FILE).replace("'", "''")
            con.execute(
                f"COPY (SELECT {neutralised_keys()}, round(match_probability, 6) "
                f"AS match_probability, round(match_weight, 3) AS match_weight, {neutralise_sql('explanation')} "
                "AS explanation FROM athar_inc_pairs "
                f"ORDER BY source_l, record_id_l, source_r, record_id_r) TO '{target}' (FORMAT csv, HEADER true)"
            ).fetchall()
            pairs = con.execute(
                "SELECT unique_id_l, unique_id_r, match_probability, match_weight FROM athar_inc_pairs").fetchall()
            # Existing records that take part, with their person (cluster) ids.
            involved = sorted({u for a, b, _p, _w in pairs for u in (a, b) if u < first_id})
            existing_rows = self._existing_rows(involved)
        finally:
            con.execute(f"DROP TABLE IF EXISTS {new}").fetchall()
        timings["pairs"] = time.perf_counter() - t

        # Nodes: new records first, then the involved existing ones.
        t = time.perf_counter()
        new_nodes = node_facts(new_table)
        old_nodes = node_facts(existing_rows)
        nodes = new_nodes + old_nodes
        node_of = {first_id + i: i for i in range(len(new_nodes))}
        old_uids = existing_rows.column("unique_id").to_pylist()
        old_person = existing_rows.column("cluster_id").to_pylist()
        for j, uid in enumerate(old_uids):
            node_of[uid] = len(new_nodes) + j
        edges = [clustering.Edge(node_of[a], node_of[b], p, w) for a, b, p, w in pairs
                 if a in node_of and b in node_of]
        by_person: dict[str, list[int]] = {}
        for j, person in enumerate(old_person):
            by_person.setdefault(person, []).append(len(new_nodes) + j)
        must = [(members[0], m) for members in by_person.values() for m in members[1:]]
        heads = [members[0] for members in by_person.values()]
        cannot = [(a, b) for i, a in enumerate(heads) for b in heads[i + 1:]]
        result = clustering.cluster(nodes, edges, threshold, checker=self.fact_noise.checker(given_compatible),
                                    cannot_link=cannot, must_link=must)
        person_of_label: dict[int, str] = {}
        for j, person in enumerate(old_person):
            person_of_label[result.labels[len(new_nodes) + j]] = person
        new_labels = result.labels[: len(new_nodes)]
        fresh = clustering.stable_cluster_ids(new_keys, new_labels)
        attached = 0
        with (out / CLUSTERS_FILE).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(("source", "record_id", "cluster_id", "status"))
            for key, label, fresh_id in zip(new_keys, new_labels, fresh, strict=True):
                person = person_of_label.get(label)
                attached += person is not None
                writer.writerow((*map(neutralise_cell, key), neutralise_cell(person or fresh_id),
                                 "existing" if person else "new"))
        pq.write_table(new_table, out / FEATURES_FILE)
        timings["cluster"] = time.perf_counter() - t
        timings["total"] = time.perf_counter() - start
        return IncrementalResult(out_dir=out, n_new=len(new_keys), n_pairs=len(pairs), n_attached=attached,
                                 problems=[], timings=timings)

    def _existing_rows(self, involved: list[int]) -> pa.Table:
        """The features of the existing records `involved` (unique ids; name_tokens left out)
        with their person's `cluster_id`, ordered by unique id.

        `link` writes run.duckdb's persons in the order of its features, so a record's person
        is read at the same row number instead of by a join on (source, record_id) that reads
        all of a million persons (0.07 s of CPU, a tenth of matching one record). Each row's
        source and record_id are checked; if any differs (a run.duckdb written otherwise), the
        join by key gives the answer."""
        con = self.con
        if self.attached:
            rows = [r for (r,) in con.execute(
                f"SELECT rowid FROM athar_run.{RUN_DB_FEATURES} WHERE unique_id IN (SELECT unnest($1::BIGINT[]))",
                [involved]).fetchall()]
            by_row = con.sql(
                "SELECT f.* EXCLUDE (athar_row, name_tokens), p.cluster_id FROM "
                f"(SELECT f.rowid AS athar_row, f.* FROM athar_run.{RUN_DB_FEATURES} f "
                " JOIN (SELECT unnest($1::BIGINT[]) AS athar_row) a ON f.rowid = a.athar_row) f "
                f"JOIN (SELECT p.rowid AS athar_row, p.source, p.record_id, p.cluster_id FROM athar_run.{RUN_DB_PERSONS} p "
                " JOIN (SELECT unnest($1::BIGINT[]) AS athar_row) a ON p.rowid = a.athar_row) p "
                "USING (athar_row, source, record_id) ORDER BY unique_id", params=[rows]).to_arrow_table()
            if by_row.num_rows == len(involved):
                return by_row
        return con.sql(
            f"SELECT f.* EXCLUDE (name_tokens), c.cluster_id FROM {incremental_sql.EXISTING} f "
            "JOIN (SELECT unnest($1::BIGINT[]) AS unique_id) USING (unique_id) "
            "JOIN athar_persons c USING (source, record_id) ORDER BY unique_id", params=[involved]).to_arrow_table()

    def _score_with_splink(self) -> tuple[list[str], incremental_sql.Levels]:
        """Splink's public predict_between / predict_within (a Splink whose internals
        `splink_seam.scoring_sql` does not know): the same pairs, seconds slower."""
        engine = self.engine
        if engine is None:
            raise RuntimeError("the matcher has a compiled plan: score with incremental_sql")
        self._batches += 1  # Splink keeps each registered table: a new name per batch
        name = f"athar_new_{self._batches}"
        self.con.execute(f"CREATE OR REPLACE VIEW {name} AS SELECT * FROM {incremental_sql.NEW}").fetchall()
        new_sdf = engine.db_api.register(name, dataset_display_name=name)
        inference = engine.linker.inference
        between = inference.predict_between(new_sdf, engine.sdf, threshold_match_probability=PAIR_SELECT_THRESHOLD,
                                            warning_mode="never")
        within = inference.predict_within(new_sdf, threshold_match_probability=PAIR_SELECT_THRESHOLD,
                                          warning_mode="never")
        tables: list[str] = []
        for df in (between, within):
            tables.append(f"athar_inc_splink_{len(tables)}")
            self.con.execute(f"CREATE OR REPLACE TEMP TABLE {tables[-1]} AS SELECT * FROM {df.physical_name}").fetchall()
            df.drop_table_from_database_and_remove_from_cache()
        return tables, engine.comparison_levels()


def link_new(paths: Sequence[str | Path], existing_dir: str | Path, out_dir: str | Path, *,
             threshold: float = 0.5, report: Report = _quiet,
             progress: Progress | None = None) -> IncrementalResult:
    """Match the records of `paths` against the run in `existing_dir`; write into `out_dir`.
    `progress` is told each of the three steps as it begins."""
    steps = ("reading records", "loading the earlier run", "matching")

    def step(index: int) -> None:
        if progress is not None:
            progress(f"matching: {steps[index] if index < len(steps) else 'done'}", index, len(steps))

    start = time.perf_counter()
    rows, problems = read_input(paths)  # before any step: bad input gets its one-line error alone
    report_problems(problems, Path(out_dir), report)
    step(1)
    with IncrementalMatcher(existing_dir) as matcher:
        loaded = time.perf_counter()
        step(2)
        result = matcher.match(rows, out_dir, threshold=threshold, file=str(paths[0]))
    step(len(steps))
    result.problems = problems
    result.timings["load_existing"] = loaded - start
    result.timings["total"] = time.perf_counter() - start
    return result
