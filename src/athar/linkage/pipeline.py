"""`link`: records CSVs in, pairs.csv + clusters.csv (spec section 2) and a reusable model out.

Steps: read every file as one set (a bad file or a bad key stops the run with file, row and
column; a bad optional value is reported and used as unknown); build features; train a model
(or load one); score the blocked pairs; cluster with guards; write the outputs. Besides the
spec's two files the output directory gets `model.json` (the trained model), `features.parquet`
(the features of every record, for `athar explain`), from 200,000 records on `run.duckdb` (the
same features and the person of every record, ready to query: what incremental linking opens
instead of loading them) and `run.json`
(counts and timings) — none of them holds anything the input did not.

What it cannot do: link records whose names have no canonical form (an empty name and no
national ID) to anything; they come out as clusters of one."""

# ruff: noqa: S608 — SQL here is built from our own table and column names; the only outside
# value, a file path, is quoted by doubling single quotes.

from __future__ import annotations

import csv
import gc
import json
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from athar.errors import InputError
from athar.files import private_directory
from athar.interchange import RecordRow, RowProblem, neutralise_cell, neutralise_sql, read_many, restore_cell
from athar.linkage import cluster_merge as merge_pass
from athar.linkage import (
    clustering,
    explain,
    extra_columns,
    fact_noise,
    features,
    incremental_sql,
    person_pass,
    person_scores,
    single_part,
    written,
)
from athar.linkage.engine import Engine, new_settings, select_features
from athar.linkage.labels import Key, Label, cannot_links, must_links
from athar.linkage.model_store import StoredModel, load_model, save_model
from athar.linkage.variants import given_compatible, written_name

Report = Callable[[str], None]
# progress(stage, done, total): a long command's bar (`athar.cli.progress`). The run's steps are
# reported as "linking: <step>", LINK_STEPS of them; Splink gives no progress inside a step.
Progress = Callable[[str, int, int], None]
LINK_STEPS = ("reading records", "building features", "training the model", "scoring pairs",
              "writing pairs", "clustering", "placing thin records", "writing features")

# Below this many records a model trained on the input itself is mostly noise; the model shipped
# in data/default_model.json (trained on `athar.synth` data, see docs/linkage.md) is used instead,
# with its prior re-estimated on the input.
MIN_TRAIN_RECORDS = 500
DEFAULT_MODEL = Path(__file__).parent / "data" / "default_model.json"

MODEL_FILE = "model.json"
FEATURES_FILE = "features.parquet"
PAIRS_FILE = "pairs.csv"
CLUSTERS_FILE = "clusters.csv"
RUN_FILE = "run.json"
PROBLEMS_FILE = "problems.csv"
CANDIDATES_FILE = "candidates.csv"
MERGES_FILE = "merges.csv"
SHOWN_PROBLEMS = 5  # unusable values reported one by one; all are in problems.csv
RUN_DB_FILE = "run.duckdb"
# The model compiled to the SQL that scores new records against the run (incremental_sql).
PLAN_FILE = "scoring.json"
# Tables of run.duckdb: the features without the tf_* columns (incremental runs let Splink
# derive term frequencies), and (source, record_id, cluster_id).
RUN_DB_FEATURES = "features"
RUN_DB_PERSONS = "persons"
# run.duckdb is written only from this many records on: below, copying features.parquet into
# DuckDB is quick (0.3 s cold at 100,000 records) while writing the file has a fixed cost
# (0.2 s on the 38,812-record Gaza pair, 5% of its run).
RUN_DB_MIN_RECORDS = 200_000


@dataclass
class LinkResult:
    out_dir: Path
    n_records: int
    n_pairs: int
    n_clusters: int
    problems: list[RowProblem] = field(default_factory=list)
    merges_refused: dict[str, int] = field(default_factory=dict)
    # Whether different IDs and distant birth years still vetoed merges (`fact_noise`).
    fact_noise: dict[str, Any] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    training: dict[str, Any] = field(default_factory=dict)
    person_pass: dict[str, Any] = field(default_factory=dict)
    cluster_merge: dict[str, Any] = field(default_factory=dict)


def _quiet(_: str) -> None:
    return None


def _no_progress(_stage: str, _done: int, _total: int) -> None:
    return None


def _stepper(progress: Progress) -> Callable[[int], None]:
    """`step(i)`: step i of LINK_STEPS begins (i == len: all done). Reading is step 0 but reported
    only as done, with step 1, once the input has been read and checked."""
    def step(index: int) -> None:
        label = LINK_STEPS[index] if index < len(LINK_STEPS) else "done"
        progress(f"linking: {label}", index, len(LINK_STEPS))
    return step


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while millions of small acyclic objects (rows,
    edges) are built: it would walk every live object again and again (a third of the time of
    reading and clustering 100,000 records). Reference counting still frees them."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def _gc_freezing() -> Iterator[Callable[[], None]]:
    """Yield a `freeze()` that moves every object alive so far (the records, the name caches
    of `features`, the feature table's Python side) out of the collector's sight until the block
    ends. Training and prediction build many short-lived SQL syntax trees (sqlglot), and each
    full collection they trigger would walk those hundreds of thousands of long-lived objects
    again: 0.4 s of a 4.7 s run on the 38,812-record Gaza pair. Left alone when the caller
    froze objects itself (unfreezing would release theirs too)."""
    usable = gc.get_freeze_count() == 0
    froze = False

    def freeze() -> None:
        nonlocal froze
        if usable:
            gc.freeze()
            froze = True

    try:
        yield freeze
    finally:
        if froze:
            gc.unfreeze()


def default_m() -> dict[tuple[str, str], float]:
    """m of every level of the shipped model, by (comparison, level label): what a level no
    EM session could train on the input falls back to (see `Engine.train`)."""
    if not DEFAULT_MODEL.is_file():
        return {}
    out = {}
    for comparison in load_model(DEFAULT_MODEL).splink_settings["comparisons"]:
        for level in comparison["comparison_levels"]:
            m = level.get("m_probability")
            if isinstance(m, int | float) and not level.get("is_null_level"):
                out[(comparison["output_column_name"], level.get("label_for_charts", ""))] = float(m)
    return out


def read_input(paths: Sequence[str | Path]) -> tuple[list[RecordRow], list[RowProblem]]:
    """Read the records; raise InputError for the first row that makes the set unusable
    (missing key, duplicate key); return the rows and the problems of optional values."""
    if not paths:
        raise InputError("no records file given")
    result = read_many(paths)
    if not result.rows:
        raise InputError("the file has a header but no records", file=str(paths[0]), row=2)
    warnings: list[RowProblem] = []
    for row in result.rows:
        for problem in row.problems:
            if problem.column in ("record_id", "source"):
                raise InputError(problem.reason, file=problem.file, row=problem.row, column=problem.column)
            warnings.append(problem)
    return result.rows, warnings


def report_problems(problems: Sequence[RowProblem], out: Path, report: Report) -> None:
    """List every unusable value in `out`/problems.csv (file, row, column, reason — never the
    value) and report the first few: a million-row list with 900 bad dates should not bury the
    summary under 900 lines. A problems.csv left by an earlier run in `out` is removed."""
    path = out / PROBLEMS_FILE
    if not problems:
        path.unlink(missing_ok=True)
        return
    private_directory(out)  # 0700: every output holds names
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(("file", "row", "column", "reason"))
        writer.writerows((neutralise_cell(p.file), p.row, neutralise_cell(p.column or ""), p.reason)
                         for p in problems)
    for problem in problems[:SHOWN_PROBLEMS]:
        report(f"warning: {problem.describe()}; the value is treated as unknown")
    if len(problems) > SHOWN_PROBLEMS:
        report(f"warning: {len(problems) - SHOWN_PROBLEMS} more values could not be used")


def node_facts(table: pa.Table) -> list[clustering.NodeFacts]:
    cols = {c: table.column(c).to_pylist() for c in
            ("source", "record_id", "national_id", "birth_lo", "birth_hi", "given", "sex", "father", "mother",
             "given_rasm", "father_rasm", "birth_place_key", "governorate_key")}
    # With how each was written (Latin letters, or Arabic letter shapes): `variants.given_compatible`.
    given = [written_name(v, r) for v, r in zip(cols["given"], cols["given_rasm"], strict=True)]
    father = [written_name(v, r) for v, r in zip(cols["father"], cols["father_rasm"], strict=True)]
    region = [(bp, gov) if bp and gov else None
              for bp, gov in zip(cols["birth_place_key"], cols["governorate_key"], strict=True)]
    return [clustering.NodeFacts((s, r), nid, lo, hi, g, sx, fa, mo, reg) for s, r, nid, lo, hi, g, sx, fa, mo, reg in
            zip(cols["source"], cols["record_id"], cols["national_id"], cols["birth_lo"],
                cols["birth_hi"], given, cols["sex"], father, cols["mother"], region, strict=True)]


def name_keys(table: pa.Table) -> list[clustering.NameKeys]:
    """Each record's name keys, sex and birth years (`clustering.detach_reading_rivals`)."""
    cols = {c: table.column(c).to_pylist() for c in
            ("given_key", "father_key", "family_key", "sex", "birth_lo", "birth_hi")}
    return [clustering.NameKeys(*values) for values in
            zip(cols["given_key"], cols["father_key"], cols["family_key"], cols["sex"], cols["birth_lo"],
                cols["birth_hi"], strict=True)]


def identifying_records(table: pa.Table) -> list[bool]:
    """Whether each record identifies a person: three name parts, a national ID or a mother's
    name (`person_scores.identifying_sql`, the benchmark's definition)."""
    cols = {c: table.column(c).to_pylist() for c in ("father", "given_key", "family_key", "national_id", "mother")}
    return [bool((fa is not None and g is not None and fam is not None) or nid is not None or mo is not None)
            for fa, g, fam, nid, mo in zip(cols["father"], cols["given_key"], cols["family_key"],
                                           cols["national_id"], cols["mother"], strict=True)]


def _label_index(labels: Iterable[Label], index: dict[Key, int]) -> tuple[list[tuple[int, int]],
                                                                         list[tuple[int, int]]]:
    labels = list(labels)
    def to_ids(pairs: set[tuple[Key, Key]]) -> list[tuple[int, int]]:
        return [(index[a], index[b]) for a, b in sorted(pairs) if a in index and b in index]
    return to_ids(must_links(labels)), to_ids(cannot_links(labels))


def read_previous_clusters(path: str | Path) -> dict[Key, str]:
    name = str(path)
    try:
        with Path(path).open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in ("source", "record_id", "cluster_id") if c not in (reader.fieldnames or [])]
            if missing:
                raise InputError("missing required column", file=name, row=1, column=missing[0])
            return {(restore_cell(r["source"]), restore_cell(r["record_id"])): restore_cell(r["cluster_id"])
                    for r in reader if r["cluster_id"]}
    except FileNotFoundError:
        raise InputError("file not found", file=name) from None


def write_pairs_sql(engine: Engine, predictions: str, path: Path) -> int:
    """COPY the scored pairs to CSV inside DuckDB (millions of rows, no Python loop)."""
    columns = [r[0] for r in engine.con.execute(f"DESCRIBE {predictions}").fetchall()]
    expl = explain.explanation_sql(engine.comparison_levels(), columns)
    target = str(path).replace("'", "''")
    engine.con.execute(f"""
        COPY (SELECT {neutralised_keys()},
                     round(match_probability, 6) AS match_probability,
                     round(match_weight, 3) AS match_weight, {neutralise_sql(f"({expl})")} AS explanation
              FROM {predictions}
              ORDER BY source_l, record_id_l, source_r, record_id_r)
        TO '{target}' (FORMAT csv, HEADER true)""").fetchall()
    row = engine.con.execute(f"SELECT count(*) FROM {predictions}").fetchall()
    return int(row[0][0]) if row else 0


def neutralised_keys() -> str:
    """The pair's keys as pairs.csv writes them: safe to open in a spreadsheet (athar.interchange)."""
    return ", ".join(f"{neutralise_sql(c)} AS {c}" for c in ("source_l", "record_id_l", "source_r", "record_id_r"))


def fetch_edges(engine: Engine, predictions: str) -> list[clustering.Edge]:
    arrow = engine.con.sql(
        f"SELECT unique_id_l, unique_id_r, match_probability, match_weight FROM {predictions}").to_arrow_table()
    return [clustering.Edge(a, b, p, w) for a, b, p, w in zip(
        arrow.column(0).to_pylist(), arrow.column(1).to_pylist(), arrow.column(2).to_pylist(),
        arrow.column(3).to_pylist(), strict=True)]


def write_clusters_file(path: Path, keys: Sequence[Key], ids: Sequence[str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(("source", "record_id", "cluster_id"))
        writer.writerows((neutralise_cell(s), neutralise_cell(r), neutralise_cell(c))
                         for (s, r), c in zip(keys, ids, strict=True))


def second_pass(engine: Engine, nodes: Sequence[clustering.NodeFacts], labels: Sequence[int], *,
                threshold: float, link_only: bool, checker: clustering.FactChecker,
                cannot_link: Sequence[tuple[int, int]]) -> person_pass.PassResult:
    """The person-level pass (`person_pass`): thin units against whole persons; then the records
    named by one part (`single_part`)."""
    readings, units, n_persons, omitted, years, years_from_event = person_scores.pooled_scores(
        engine, labels, link_only=link_only)
    members: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        members.setdefault(label, []).append(i)
    compatible = person_pass.guard(nodes, checker, one_per_source=link_only, cannot_link=cannot_link)
    unit_source = {unit: nodes[members[unit][0]].key[0] for unit in units}
    # A million-record run weighs millions of (unit, person) pairs: they stay arrays
    # (`person_pass.Entries`) from the scores to the decision, each step's bits replacing the last.
    person_pass.add_source_evidence_to(readings, members, lambda i: nodes[i].key[0])
    fitted = person_pass.fit_entries(readings, unit_source, len(units), n_persons)
    if readings.bits is None:  # nothing to weigh
        unit_of = person_of = np.zeros(0, dtype=np.int64)
        bits = np.zeros(0)
    else:
        unit_of, person_of, bits = readings.units, readings.persons, readings.bits
    del readings
    bits, timeline = person_pass.timeline_evidence(unit_of, person_of, bits, years, len(units), n_persons,
                                                   share=fitted.share, omitted=omitted)
    father_share = fitted.father_share
    del fitted
    # Persons with no arrest on record: the years from their earliest event, learnt apart (a
    # register entry or a death comes after the arrest, by years of their own).
    bits, from_event = person_pass.timeline_evidence(unit_of, person_of, bits, years_from_event, len(units),
                                                     n_persons, share=timeline.share, omitted=omitted)
    result = person_pass.decide_entries(unit_of, person_of, bits, labels, units, n_persons, members=members,
                                        compatible=compatible,
                                        attach_probability=max(threshold, person_pass.ATTACH_PROBABILITY),
                                        share=from_event.share, omitted=omitted)
    result.father_share = {s: round(v, 3) for s, v in father_share.items()}
    result.timeline = timeline
    result.timeline_from_event = from_event
    _add_single_parts(engine, nodes, result, compatible, attach_probability=max(threshold, person_pass.ATTACH_PROBABILITY))
    return result


def _add_single_parts(engine: Engine, nodes: Sequence[clustering.NodeFacts], result: person_pass.PassResult,
                      compatible: Callable[[Sequence[int], Sequence[int]], str | None], *,
                      attach_probability: float) -> None:
    """`result` (in place) with the records named by one part only (`single_part`): their
    review candidates, and the pairs each the other's only fit linked."""
    identifying = person_scores.identifying_sql()
    part_key = dict(engine.con.execute(f"""SELECT unique_id, coalesce(given_key, family_key) FROM {engine.table}
        WHERE NOT {identifying} AND father_key IS NULL AND grandfather_key IS NULL
        AND (given_key IS NULL) <> (family_key IS NULL)""").fetchall())
    labels = result.labels

    def coverage_of() -> dict[tuple[str, str], float]:
        names = [r[0] for r in engine.con.execute(f"SELECT DISTINCT source FROM {engine.table} ORDER BY 1").fetchall()]
        found = engine.con.execute(f"""SELECT CAST(dense_rank() OVER (ORDER BY source) - 1 AS INTEGER) AS source,
            {identifying} AS identifying FROM {engine.table} ORDER BY unique_id""").fetchnumpy()
        return single_part.coverage(np.asarray(labels, dtype=np.int64), np.asarray(found["source"]), names,
                                    np.asarray(found["identifying"], dtype=bool))

    found = single_part.pair_single_parts(labels, part_key, lambda i: nodes[i].key[0], coverage_of=coverage_of,
                                          compatible=compatible, attach_probability=attach_probability)
    result.labels = found.labels
    result.candidates.update(found.candidates)
    result.unit_members = {**result.unit_members, **found.unit_members}
    result.attached_units = result.attached_units | found.attached_units
    result.single_part = found.summary()


def _timeline_summary(result: person_pass.PassResult) -> dict[str, Any]:
    """run.json's account of the timeline's learnt weights (`person_pass.with_timeline_evidence`)."""
    out: dict[str, Any] = {}
    if result.timeline:
        out.update(pairs=result.timeline.pairs, bits_by_years_after_arrest={
            k: round(v, 3) for k, v in result.timeline.bits_by_bin().items()})
    if result.timeline_from_event:
        out.update(pairs_without_arrest=result.timeline_from_event.pairs, bits_by_years_after_first_event={
            k: round(v, 3) for k, v in result.timeline_from_event.bits_by_bin().items()})
    return out


def write_candidates_file(path: Path, keys: Sequence[Key], ids: Sequence[str], result: person_pass.PassResult) -> None:
    """What the person pass weighed, for review: for each record of a thin unit that had
    candidates, the candidate persons ranked
    (`source,record_id,rank,cluster_id,probability,decision`; ids only, no names). `decision` is
    `attached` on the person the unit joined, `review` on every candidate of a unit left alone.
    No file when there was nothing to weigh; one left by an earlier run is removed."""
    if not result.candidates:
        path.unlink(missing_ok=True)
        return
    first: dict[int, int] = {}  # person label → one of its records, to name it by its final id
    for i, label in enumerate(result.labels):
        first.setdefault(label, i)
    unit_records = result.unit_members
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(("source", "record_id", "rank", "cluster_id", "probability", "decision"))
        for unit in sorted(unit_records):
            decision = "attached" if unit in result.attached_units else "review"
            for i in unit_records[unit]:
                for rank, cand in enumerate(result.candidates[unit], start=1):
                    writer.writerow((neutralise_cell(keys[i][0]), neutralise_cell(keys[i][1]), rank,
                                     neutralise_cell(ids[first[cand.person]]), round(cand.probability, 4),
                                     decision if rank == 1 else "review"))


def write_run_database(path: Path, table: pa.Table, ids: Sequence[str]) -> None:
    """Write the features and persons of a run as a DuckDB database file, so a later
    incremental run attaches it instead of loading a million rows (1.3 s of a 2.6 s match
    against a 1,000,000-record run). Written beside and renamed: never a half-written file."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.unlink(missing_ok=True)
    persons = table.select(["source", "record_id"]).append_column("cluster_id", pa.array(ids, pa.string()))
    con = duckdb.connect(str(tmp))
    try:
        con.register("athar_features_arrow", table)
        con.register("athar_persons_arrow", persons)
        con.execute(f"CREATE TABLE {RUN_DB_FEATURES} AS SELECT {select_features(True)} "
                    "FROM athar_features_arrow").fetchall()
        con.execute(f"CREATE TABLE {RUN_DB_PERSONS} AS SELECT * FROM athar_persons_arrow").fetchall()
    finally:
        con.close()
    tmp.replace(path)


def link(paths: Sequence[str | Path], out_dir: str | Path, *, link_only: bool = False,
         threshold: float = 0.5, labels: Iterable[Label] = (), model_path: str | Path | None = None,
         previous_clusters: dict[Key, str] | None = None, compare: Sequence[str] = (),
         pool_persons: bool = True, merge_split: bool = True, report: Report = _quiet,
         progress: Progress = _no_progress) -> LinkResult:
    """Link and deduplicate the records of `paths`; write the outputs into `out_dir`.

    `compare`: extra columns to compare, `COLUMN[:KIND]` (see `extra_columns`); with `model_path`
    the model's own are used. `pool_persons`: run the person-level second pass (`person_pass`)
    after clustering; off, the clusters are those of the pairwise clustering alone. `merge_split`:
    then run the cluster-merge pass (`cluster_merge`), which joins clusters that are one person
    split in two and lists each merge in merges.csv. `progress` is
    told each step as it begins (`LINK_STEPS`)."""
    if not 0.0 < threshold <= 1.0:
        raise InputError("--threshold must be a probability in (0, 1]")
    from athar.linkage import splink_seam  # Splink: not imported with the module (`link_new` needs it not)

    extras = extra_columns.parse_compare(compare)
    # Splink's SQL building, cached for the whole run (`splink_seam.fast_sql`): the passes score
    # with the model many times, and each time Splink re-parsed every column name and level.
    with _gc_freezing() as freeze, splink_seam.fast_sql():
        return _link(paths, Path(out_dir), link_only=link_only, threshold=threshold, labels=labels,
                     model_path=model_path, previous_clusters=previous_clusters, extras=extras,
                     pool_persons=pool_persons, merge_split=merge_split, report=report, step=_stepper(progress),
                     freeze=freeze)


def _link(paths: Sequence[str | Path], out: Path, *, link_only: bool, threshold: float,
          labels: Iterable[Label], model_path: str | Path | None, previous_clusters: dict[Key, str] | None,
          extras: list[extra_columns.ExtraColumn], pool_persons: bool, merge_split: bool, report: Report,
          step: Callable[[int], None],
          freeze: Callable[[], None]) -> LinkResult:
    timings: dict[str, float] = {}
    start = time.perf_counter()
    # No step is reported before the input is read and checked: bad input must leave stderr with
    # its one-line error alone (spec §2), not a bar's redraws before it.
    with _gc_paused():
        rows, problems = read_input(paths)
        freeze()  # before the collector is back: its next pass would walk every row
    # Where the records came from, so `athar explain` can show their values as written.
    inputs = [written.InputFile.of(p).to_dict() for p in paths]
    report_problems(problems, out, report)
    timings["read"] = time.perf_counter() - start

    stored = load_model(model_path) if model_path else None
    if stored is not None:
        extras = extra_columns.from_training(stored.training)
    extra_columns.check_present(extras, rows, [str(p) for p in paths])
    step(1)
    t = time.perf_counter()
    with _gc_paused():
        name_order = features.NameOrder.of(rows)
        table = extra_columns.add_columns(features.build_features(rows, name_order=name_order), rows, extras)
        keys: list[Key] = [r.key for r in rows]
        del rows
        freeze()
    timings["features"] = time.perf_counter() - t

    private_directory(out)  # 0700: every output holds names
    labels = list(labels)
    index = {k: i for i, k in enumerate(keys)}
    positives, negatives = _label_index(labels, index)

    step(2)
    t = time.perf_counter()
    extra = [c.comparison() for c in extras]
    use_default = stored is None and len(keys) < MIN_TRAIN_RECORDS and DEFAULT_MODEL.is_file()
    if use_default:
        default = load_model(DEFAULT_MODEL)
        fresh = new_settings(link_only=link_only, extra=extra)
        settings = {**default.splink_settings,
                    "comparisons": default.splink_settings["comparisons"] + fresh["comparisons"][
                        len(default.splink_settings["comparisons"]):],
                    "blocking_rules_to_generate_predictions": fresh["blocking_rules_to_generate_predictions"]}
    else:
        settings = stored.splink_settings if stored else new_settings(link_only=link_only, extra=extra)
    with Engine(table, settings) as engine:
        if stored is not None:
            training: dict[str, Any] = stored.training
        elif use_default:
            training = {"n_records": len(keys), "model": "default (input too small to train on)"}
        else:
            training = engine.train(positive_pairs=positives, fallback_m=default_m())
        timings["train"] = time.perf_counter() - t
        step(3)
        t = time.perf_counter()
        predictions = engine.predict(reestimate_prior=stored is None, link_only=link_only)
        timings["predict"] = time.perf_counter() - t
        step(4)
        t = time.perf_counter()
        n_pairs = write_pairs_sql(engine, predictions, out / PAIRS_FILE)
        with _gc_paused():
            edges = fetch_edges(engine, predictions)
        # Free DuckDB's copy while Python clusters (a million-record run holds both otherwise).
        engine.con.execute(f"DROP TABLE IF EXISTS {predictions}").fetchall()
        if stored is None:
            training["prior_after_prediction"] = engine.linker._settings_obj._probability_two_random_records_match
        nodes = node_facts(table)
        noise = fact_noise.measure(nodes, edges)  # of these lists, whatever model scored them
        model = StoredModel(splink_settings=engine.settings_dict(),
                            training={**training, "link_only": link_only, "compare": [c.spec() for c in extras],
                                      "name_order": name_order.as_json(), "fact_noise": noise.as_json()})
        plan = incremental_sql.plan_of(engine, model.splink_settings)
        timings["write_pairs"] = time.perf_counter() - t
        step(5)
        t = time.perf_counter()
        checker = noise.checker(given_compatible)
        with _gc_paused():
            result = clustering.cluster(nodes, edges, threshold, checker=checker,
                                        cannot_link=negatives, must_link=positives, one_per_source=link_only)
            detached = 0
            if pool_persons:  # the person pass weighs what the pairwise clustering could not tell apart
                placed = result.labels
                identifying = identifying_records(table)
                judged_same = [i for pair in positives for i in pair]  # a human's "same person" stays
                result.labels = clustering.detach_ambiguous(placed, edges, identifying, keep=judged_same,
                                                            cannot_link=negatives)
                result.labels = clustering.detach_reading_rivals(result.labels, name_keys(table), identifying,
                                                                 keep=judged_same)
                detached = sum(a != b for a, b in zip(placed, result.labels, strict=True))
        del edges
        timings["cluster"] = time.perf_counter() - t
        step(6)
        t = time.perf_counter()
        if pool_persons:
            second = second_pass(engine, nodes, result.labels, threshold=threshold, link_only=link_only,
                                 checker=checker, cannot_link=negatives)
        else:
            second = person_pass.PassResult(list(result.labels), 0, {}, {}, 0.0)
        timings["person_pass"] = time.perf_counter() - t
        t = time.perf_counter()
        merged = (merge_pass.merge_clusters(engine, nodes, second.labels, threshold=threshold, link_only=link_only,
                                               checker=checker, cannot_link=negatives)
                  if merge_split else merge_pass.MergeResult(list(second.labels)))
        timings["cluster_merge"] = time.perf_counter() - t
    t = time.perf_counter()
    ids = clustering.stable_cluster_ids(keys, merged.labels, previous_clusters)
    write_clusters_file(out / CLUSTERS_FILE, keys, ids)
    write_candidates_file(out / CANDIDATES_FILE, keys, ids, second)
    merge_pass.write_merges_file(out / MERGES_FILE, keys, ids, second.labels, merged)

    save_model(model, out / MODEL_FILE)
    incremental_sql.write_plan(plan, out / PLAN_FILE)
    timings["write_clusters"] = time.perf_counter() - t
    step(7)
    t = time.perf_counter()
    pq.write_table(table, out / FEATURES_FILE)
    if len(keys) >= RUN_DB_MIN_RECORDS:
        write_run_database(out / RUN_DB_FILE, table, ids)
    else:
        (out / RUN_DB_FILE).unlink(missing_ok=True)  # never one left from an earlier run
    timings["write_features"] = time.perf_counter() - t
    step(len(LINK_STEPS))
    timings["total"] = time.perf_counter() - start
    outcome = LinkResult(out_dir=out, n_records=len(keys), n_pairs=n_pairs,
                         n_clusters=len(set(merged.labels)), problems=problems,
                         merges_refused=dict(result.merges_refused), fact_noise=noise.as_json(),
                         timings=timings, training=training,
                         person_pass={"thin_units": second.n_units, "attached": second.attached,
                                      "left_for_review": len(second.candidates),
                                      "share_with_person": round(second.share_with_person, 4),
                                      "second_part_is_father": second.father_share,
                                      "timeline": _timeline_summary(second),
                                      "refused": second.refused, "taken_from_clusters": detached,
                                      "single_part": second.single_part},
                         cluster_merge=merge_pass.summary(merged) if merge_split else {})
    (out / RUN_FILE).write_text(json.dumps({
        "n_records": outcome.n_records, "n_pairs": n_pairs, "n_clusters": outcome.n_clusters,
        "threshold": threshold, "link_only": link_only, "n_problems": len(problems),
        "merges_refused": outcome.merges_refused, "fact_noise": outcome.fact_noise,
        "person_pass": outcome.person_pass,
        "cluster_merge": outcome.cluster_merge,
        "timings": {k: round(v, 3) for k, v in timings.items()}, "inputs": inputs,
    }, indent=1, ensure_ascii=False), encoding="utf-8")
    return outcome
