"""Score pairs of personal names with the linker's own name comparisons (`athar names score`).

Each name becomes a one-field record (its `full_name`), goes through the linker's feature
preparation (parsing, romanisation, keys, letter shapes) and is compared with the linker's
given, father, grandfather and family comparisons, weighted by the shipped model
(`data/default_model.json`): the scorer that links is the scorer that answers here. The score
is the match probability of the two names alone, from a fixed prior (`NAME_PRIOR`): one
person in `1 / NAME_PRIOR` with a name to compare is this one. It says how likely two names are
the same name written twice, not the same person: namesakes score high.

Term frequencies come from the name dictionary, not from the file: a pairs file holds each
name once or twice, so its own frequencies would make every exact agreement look rare. A part
weighs by its rarity class (`athar.names.token_weight`: very common, common, listed, unlisted).

What it cannot do: use anything but the names (no dates, no places), or know a name's
frequency more finely than its dictionary class."""

# ruff: noqa: S608 — SQL here is built from our own table and column names.

from __future__ import annotations

import math
from collections.abc import Sequence

import pyarrow as pa

from athar.interchange import RecordRow
from athar.linkage import features
from athar.linkage.engine import Engine
from athar.linkage.model_store import load_model
from athar.linkage.pipeline import DEFAULT_MODEL

# One person in 2^12 (about 4,000) with a name is the one: what the probability of "the same
# name" starts from. Chosen on tests/names/cases/name_pairs.tsv (see docs/names.md).
NAME_PRIOR = 2.0 ** -12
DEFAULT_THRESHOLD = 0.5
_PAIR_RULE = "l.record_id = r.record_id AND l.source = 'a' AND r.source = 'b'"


def _row(side: str, index: int, name: str) -> RecordRow:
    return RecordRow(file="", row=index + 2, raw={}, source=side, record_id=str(index), full_name=name or None)


def has_letters(name: str) -> bool:
    """Whether a name has any part the name engine can read (Arabic or Latin letters)."""
    return features.canonical(name) is not None


def score_names(pairs: Sequence[tuple[str, str]]) -> list[float]:
    """The score in [0, 1] of each (name_a, name_b), in order; 0.0 when a name has no letters."""
    if not pairs:
        return []
    rows = [_row("a", i, a) for i, (a, _b) in enumerate(pairs)] + [_row("b", i, b) for i, (_a, b) in enumerate(pairs)]
    table = features.build_features(rows)
    for column in features.NAME_TF_COLUMNS:
        values = table.column(column).to_pylist()
        index = table.schema.get_field_index(f"tf_{column}")
        frequencies = [None if v is None else features.expected_frequency(column, v) for v in values]
        table = table.set_column(index, f"tf_{column}", pa.array(frequencies, pa.float64()))
    settings = dict(load_model(DEFAULT_MODEL).splink_settings)
    settings["blocking_rules_to_generate_predictions"] = [{"blocking_rule": _PAIR_RULE, "sql_dialect": "duckdb"}]
    settings["probability_two_random_records_match"] = NAME_PRIOR
    weights: dict[int, float] = {}
    with Engine(table, settings) as engine:
        predictions = engine.linker.inference.predict(threshold_match_weight=-1e9, warning_mode="never")
        rows_out = engine.con.execute(
            f"SELECT record_id_l, match_weight FROM {predictions.physical_name}").fetchall()
    for record_id, weight in rows_out:
        weights[int(record_id)] = float(weight)
    scores = []
    for i, (a, b) in enumerate(pairs):
        if i not in weights or not (has_letters(a) and has_letters(b)):
            scores.append(0.0)
        else:
            scores.append(1.0 / (1.0 + math.pow(2.0, -weights[i])))
    return scores
