"""Explain any two records of an earlier `athar link` run, scored or not.

Reads the run's `model.json` and `features.parquet`, scores exactly that pair with the saved
model and returns a `PairExplanation`: the numbers add up to the match weight the run used
(pairs the blocking never produced are scored too, so a reviewer can ask "why were these two
not linked?").

Values are shown as the records wrote them (محمد, فرع فلسطين), read again from the run's
input files (`athar.linkage.written`); when those have moved or changed, as the run compared them
(romanised, canonical forms), and the explanation says so.

What it cannot do: explain a record that was not part of the run."""

# ruff: noqa: S608 — SQL here is built from our own table and column names; the only outside
# value, a file path, is quoted by doubling single quotes.

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from athar.errors import AtharError, InputError
from athar.interchange import RecordRow
from athar.linkage import features, written
from athar.linkage.engine import Engine, new_settings
from athar.linkage.explain import PairExplanation, from_prediction_row
from athar.linkage.labels import Key
from athar.linkage.model_store import load_model
from athar.linkage.pipeline import FEATURES_FILE, MIN_TRAIN_RECORDS, MODEL_FILE, RUN_FILE

# Which feature columns a reviewer sees for each comparison.
DISPLAY: dict[str, tuple[str, ...]] = {
    "given": ("given",), "father": ("father",), "grandfather": ("grandfather",), "family": ("family",),
    "mother": ("mother", "mother_family"), "birth": ("birth_day", "birth_month", "birth_lo", "birth_hi"),
    "place": ("birth_place_key", "governorate_key"), "event_place_key": ("event_place_key", "event_year"),
    "arrest_date": ("arrest_date",),
    "national_id": ("national_id",), "sex": ("sex",),
}


def _display(record: dict[str, Any], columns: tuple[str, ...]) -> str | None:
    if columns[0] == "birth_day":
        if record.get("birth_day") or record.get("birth_month"):
            return record.get("birth_day") or record.get("birth_month")
        lo, hi = record.get("birth_lo"), record.get("birth_hi")
        return None if lo is None else str(lo) if lo == hi else f"{lo}–{hi}"
    values = [str(record[c]) for c in columns if record.get(c) not in (None, "")]
    return " / ".join(values) or None


def explain_features(rows: pa.Table, settings: dict[str, Any],
                     as_written: tuple[dict[str, str | None], dict[str, str | None]] | None = None
                     ) -> PairExplanation:
    """Score the two feature rows of `rows` (left, right) with `settings` and explain the score.
    `as_written`: the two records' values as their sources wrote them (`written.field_values`),
    shown instead of the canonical forms the model compared."""
    records = rows.to_pylist()
    with Engine(rows, settings) as engine:
        for name, record in (("athar_l", records[0]), ("athar_r", records[1])):
            engine.con.execute(f"CREATE TABLE {name} AS SELECT * FROM {engine.table} WHERE unique_id = ?",
                               [record["unique_id"]])
        sdf_l = engine.db_api.register("athar_l", dataset_display_name="athar_l")
        sdf_r = engine.db_api.register("athar_r", dataset_display_name="athar_r")
        scored = engine.linker.inference.score_pairs(sdf_l, sdf_r)
        row = engine.con.sql(f"SELECT * FROM {scored.physical_name}").to_arrow_table().to_pylist()[0]
        row.update(source_l=records[0]["source"], record_id_l=records[0]["record_id"],
                   source_r=records[1]["source"], record_id_r=records[1]["record_id"])
        if as_written is not None:
            names = {name for name, _levels in engine.comparison_levels()}
            values = {name: (as_written[0].get(name), as_written[1].get(name)) for name in names}
        else:
            values = {name: (_display(records[0], cols), _display(records[1], cols)) for name, cols in DISPLAY.items()}
        explanation = from_prediction_row(row, engine.comparison_levels(), engine.prior_weight, values)
        return replace(explanation, values_as_written=as_written is not None)


def explain_pair(run_dir: str | Path, left: Key, right: Key) -> PairExplanation:
    """Explain two records of the run whose output directory is `run_dir`."""
    run = Path(run_dir)
    stored = load_model(run / MODEL_FILE)
    features_path = run / FEATURES_FILE
    if not features_path.is_file():
        raise InputError("not the output directory of `athar link` (features.parquet missing)", file=str(run))
    table = pq.read_table(features_path)
    found: dict[Key, int] = {}
    for key in (left, right):
        mask = pc.and_(pc.equal(table.column("source"), key[0]), pc.equal(table.column("record_id"), key[1]))
        idx = pc.indices_nonzero(mask).to_pylist()
        if not idx:
            raise InputError(f"record {key[0]}:{key[1]} is not part of this run", file=str(run))
        found[key] = idx[0]
    if found[left] == found[right]:
        raise InputError("the two records are the same record")
    return explain_features(table.take([found[left], found[right]]), stored.splink_settings,
                            _as_written(run, left, right))


def _as_written(run: Path, left: Key, right: Key) -> tuple[dict[str, str | None], dict[str, str | None]] | None:
    """The two records' values as written, read again from the run's input files; None when the
    run does not list them or one has moved or changed since."""
    try:
        listed = json.loads((run / RUN_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    inputs = written.inputs_from_run(listed) if isinstance(listed, dict) else None
    if inputs is None:
        return None
    try:
        values = written.written_values(inputs, [left, right])
    except AtharError:  # the file no longer reads as it did: show what the run compared
        return None
    return None if values is None else (values[left], values[right])


def explain_records(rows: Sequence[RecordRow], settings: dict[str, Any] | None = None) -> PairExplanation:
    """Explain two records that were never linked (e.g. a reviewer's ad-hoc comparison), with a
    saved model's settings or, without one, the untrained model (levels right, weights default)."""
    if len(rows) != 2:
        raise ValueError("explain_records takes exactly two records")
    # Two records cannot say how common their names are: the dictionary does.
    table = features.build_features(rows, tf_pseudo_records=MIN_TRAIN_RECORDS)
    return explain_features(table, settings or new_settings(link_only=False))
