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

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from athar.errors import InputError
from athar.files import private_directory
from athar.interchange import RecordRow, RowProblem, neutralise_cell, neutralise_sql, restore_sql
from athar.linkage import clustering, explain, extra_columns, features
from athar.linkage.engine import PAIR_SELECT_THRESHOLD, Engine, connect, select_features, spill_directory
from athar.linkage.model_store import load_model
from athar.linkage.pipeline import (
    CLUSTERS_FILE,
    FEATURES_FILE,
    MODEL_FILE,
    PAIRS_FILE,
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
    """An earlier run loaded once (model, features, person ids, term frequencies), ready to
    match batch after batch of new records — how a long-running registry uses it. Close it
    (or use it as a context manager) when done.

    A run that has `run.duckdb` is attached read-only and queried in place (opening a
    1,000,000-record run: 0.2 s instead of 1.4 s copying features.parquet and reading
    clusters.csv); a run written before that file existed is loaded from its parquet and CSV."""

    def __init__(self, existing_dir: str | Path) -> None:
        run_dir = Path(existing_dir)
        model_path, self.features_path, clusters_path = _existing_paths(run_dir)
        stored = load_model(model_path)
        self.extras = extra_columns.from_training(stored.training)
        # How the run read its sources' full names (absent from models written before it was kept).
        self.name_order: dict[str, list[str]] = stored.training.get("name_order", {})
        self.first_id = _next_unique_id(self.features_path)
        database = run_dir / RUN_DB_FILE
        self._con: duckdb.DuckDBPyConnection | None = None
        if database.is_file():
            self._con = connect()
            try:
                dpath = str(database).replace("'", "''")
                self._con.execute(f"ATTACH '{dpath}' AS athar_run (READ_ONLY)").fetchall()
                self.engine = Engine(f"athar_run.{RUN_DB_FEATURES}", stored.splink_settings, con=self._con,
                                     tf_from_data=True)
            except BaseException:
                self._close_connection()
                raise
            persons = f"SELECT source, record_id, cluster_id FROM athar_run.{RUN_DB_PERSONS}"
        else:
            self.engine = Engine(self.features_path, stored.splink_settings, tf_from_data=True)
            cpath = str(clusters_path).replace("'", "''")
            persons = (f"SELECT {restore_sql('source')} AS source, {restore_sql('record_id')} AS record_id, "
                       f"{restore_sql('cluster_id')} AS cluster_id FROM read_csv('{cpath}', all_varchar=true)")
        try:
            for column in features.TF_COLUMNS:
                self.engine.linker.table_management.compute_tf_table(column)
            kind = "VIEW" if self._con is not None else "TABLE"
            self.engine.con.execute(f"CREATE {kind} athar_persons AS {persons}").fetchall()
        except BaseException:
            self.close()
            raise
        self._batches = 0

    @property
    def attached(self) -> bool:
        """Whether the run is queried in place from its run.duckdb."""
        return self._con is not None

    def _close_connection(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None
            shutil.rmtree(spill_directory(), ignore_errors=True)

    def __enter__(self) -> IncrementalMatcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.engine.close()
        self._close_connection()

    def match(self, rows: Sequence[RecordRow], out_dir: str | Path, *, threshold: float = 0.5,
              file: str = "") -> IncrementalResult:
        """Score new × existing and new × new; write pairs.csv, clusters.csv and features.parquet."""
        start = time.perf_counter()
        timings: dict[str, float] = {}
        engine = self.engine
        first_id = self.first_id
        name_order = features.NameOrder.of(rows).decided_by(self.name_order)
        new_table = extra_columns.add_columns(features.build_features(rows, first_id=first_id, name_order=name_order),
                                              rows, self.extras)
        new_keys = [r.key for r in rows]
        out = Path(out_dir)
        private_directory(out)  # 0700: every output holds names
        self._batches += 1
        name = f"{NEW_TABLE}_{self._batches}"
        engine.con.register("athar_new_arrow", new_table)
        engine.con.execute(f"CREATE TABLE {name} AS SELECT {select_features(True)} FROM athar_new_arrow")
        engine.con.unregister("athar_new_arrow")
        timings["features"] = time.perf_counter() - start
        t = time.perf_counter()
        clash = engine.con.execute(
            f"SELECT n.source, n.record_id FROM {name} n JOIN {engine.table} e "
            "USING (source, record_id) LIMIT 1").fetchall()
        if clash:
            raise InputError("record already linked in the existing run (same source and record_id)",
                             file=file or None, column="record_id")
        new_sdf = engine.db_api.register(name, dataset_display_name=name)
        inference = engine.linker.inference
        between = inference.predict_between(new_sdf, engine.sdf,
                                            threshold_match_probability=PAIR_SELECT_THRESHOLD,
                                            warning_mode="never")
        within = inference.predict_within(new_sdf, threshold_match_probability=PAIR_SELECT_THRESHOLD,
                                          warning_mode="never")
        timings["predict"] = time.perf_counter() - t
        t = time.perf_counter()
        columns = [r[0] for r in engine.con.execute(f"DESCRIBE {between.physical_name}").fetchall()]
        expl = explain.explanation_sql(engine.comparison_levels(), columns)
        select = (f"SELECT unique_id_l, unique_id_r, source_l, record_id_l, source_r, record_id_r, "
                  f"match_probability, match_weight, {expl} AS explanation FROM ")
        engine.con.execute(f"CREATE OR REPLACE TEMP TABLE athar_inc_pairs AS {select} {between.physical_name} "
                           f"UNION ALL {select} {within.physical_name}").fetchall()
        target = str(out / PAIRS_FILE).replace("'", "''")
        engine.con.execute(
            f"COPY (SELECT {neutralised_keys()}, round(match_probability, 6) "
            f"AS match_probability, round(match_weight, 3) AS match_weight, {neutralise_sql('explanation')} "
            "AS explanation FROM athar_inc_pairs "
            f"ORDER BY source_l, record_id_l, source_r, record_id_r) TO '{target}' (FORMAT csv, HEADER true)").fetchall()
        pairs = engine.con.execute(
            "SELECT unique_id_l, unique_id_r, match_probability, match_weight FROM athar_inc_pairs").fetchall()
        # Existing records that take part, with their person (cluster) ids.
        involved = sorted({u for a, b, _p, _w in pairs for u in (a, b) if u < first_id})
        engine.con.register("athar_involved", pa.table({"unique_id": pa.array(involved, pa.int64())}))
        existing_rows = engine.con.sql(
            f"SELECT f.* EXCLUDE (name_tokens), c.cluster_id FROM {engine.table} f "
            "JOIN athar_involved USING (unique_id) "
            "JOIN athar_persons c USING (source, record_id) ORDER BY unique_id"
        ).to_arrow_table()
        engine.con.unregister("athar_involved")
        for df in (between, within):
            df.drop_table_from_database_and_remove_from_cache()
        engine.con.execute(f"DROP TABLE {name}").fetchall()
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
        result = clustering.cluster(nodes, edges, threshold, checker=clustering.FactChecker(given_compatible),
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
