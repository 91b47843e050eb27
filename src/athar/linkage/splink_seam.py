"""The one place athar reaches behind Splink's public interface.

athar uses six pieces of Splink 5.0.0's internals, each for speed or robustness (and a
seventh, `scoring_sql`, for incremental matching):
- a floor on m and u during EM (`probability_floor`): Splink raises when EM drives a level's m
  to 0.0 and leaves the linker without the comparisons the session set aside;
- a cache of which levels are exact matches (`cached_exact_match_test`): Splink re-parses every
  level's SQL with sqlglot in every EM session, and again in every prediction;
- a cache of the SQL of column references (`cached_column_sql`): Splink parses and prints
  every column name with sqlglot again each time it builds a query;
- the blocked pairs of a prediction found one rule at a time (`blocked_pairs_rule_by_rule`),
  handed to Splink's own cache where `predict` looks for them first;
- EM iterated on agreement-pattern counts in Python (`fast_em`, the loop in `em.py`);
- u from one pass over the sampled pairs for every comparison (`estimate_u`, in `u_sample.py`).

All six are checked here once, at import: Splink's version must be one these were written and
tested against (`SUPPORTED_VERSIONS`), and every internal name they use must import. When either
fails, `AVAILABLE` is False and each function falls back to Splink's public path (its own EM
loop, its own u estimation, no floor, no cache): slower, and EM may drop a session, but the
same model up to rounding (tests/linkage/test_training.py compares both on every upgrade).

`scoring_sql` hands out the SQL Splink's `predict_between` / `predict_within` run (blocking,
comparison vectors, match weights) as text, so incremental matching can store it with the run
and score new records without building a linker each time (`incremental_sql.py`). When its
internals are missing it returns None and incremental matching calls Splink's public
`predict_between` / `predict_within` itself (tests/linkage/test_incremental_sql.py compares both).

What it cannot do: follow Splink's internals when they change; a new Splink version must be
added to `SUPPORTED_VERSIONS` only after tests/linkage/test_training.py passes with it."""

# ruff: noqa: S608 — SQL here is built from our own table names and the model's own blocking rules.

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import splink

log = logging.getLogger(__name__)

SUPPORTED_VERSIONS = frozenset({"5.0.0"})
# Smallest m or u probability EM may set (see `probability_floor`): a level EM never sees for
# true matches stays strongly negative without claiming impossibility.
PROBABILITY_FLOOR = 1e-6

try:
    # Re-exported (`x as x`) for em.py and u_sample.py, which import them from here only.
    from splink.internals import em_training_session as em_training_session
    from splink.internals import expectation_maximisation as splink_em
    from splink.internals.blocking import ExplodingBlockingRule as ExplodingBlockingRule
    from splink.internals.blocking import _sql_gen_where_condition as _sql_gen_where_condition
    from splink.internals.chunking import _blocked_pairs_cache_key as _blocked_pairs_cache_key
    from splink.internals.comparison_level import ComparisonLevel as ComparisonLevel
    from splink.internals.constants import LEVEL_NOT_OBSERVED_TEXT as LEVEL_NOT_OBSERVED_TEXT
    from splink.internals.estimate_u import _rows_needed_for_n_pairs as _rows_needed_for_n_pairs
    from splink.internals.input_column import SqlglotColumnTreeBuilder as SqlglotColumnTreeBuilder
    from splink.internals.m_u_records_to_parameters import (
        append_u_probability_to_comparison_level_trained_probabilities as append_u_probability_to_comparison_level_trained_probabilities,  # noqa: E501
    )
    from splink.internals.m_u_records_to_parameters import (
        m_u_records_to_lookup_dict as m_u_records_to_lookup_dict,
    )
    from splink.internals.misc import dedupe_preserving_order as dedupe_preserving_order
    from splink.internals.pipeline import CTEPipeline as CTEPipeline
    from splink.internals.vertically_concatenate import enqueue_df_concat as enqueue_df_concat

    _IMPORTED = all(hasattr(splink_em, n) for n in (
        "populate_m_u_from_lookup", "expectation_maximisation", "maximisation_step",
        "count_agreement_patterns_sql", "_max_change_in_parameters_comparison_levels"))
    _IMPORTED = _IMPORTED and hasattr(em_training_session, "expectation_maximisation")
    _IMPORTED = _IMPORTED and isinstance(getattr(ComparisonLevel, "_is_exact_match", None), property)
    _IMPORTED = _IMPORTED and isinstance(SqlglotColumnTreeBuilder.__dict__.get("sql"), property)
    _IMPORTED = _IMPORTED and isinstance(
        SqlglotColumnTreeBuilder.__dict__.get("from_raw_column_name_or_column_reference"), classmethod)
except ImportError:  # pragma: no cover — only with another Splink
    _IMPORTED = False

try:  # what `scoring_sql` uses: apart, so its absence does not turn the training shortcuts off
    from splink.internals.comparison_vector_values import (
        compute_comparison_vector_values_from_id_pairs_sqls as _comparison_vector_sqls,
    )
    from splink.internals.predict import (
        predict_from_comparison_vectors_sqls_using_settings as _predict_sqls,
    )

    _SCORING_IMPORTED = True
except ImportError:  # pragma: no cover — only with another Splink
    _SCORING_IMPORTED = False

VERSION = getattr(splink, "__version__", "unknown")
AVAILABLE = _IMPORTED and VERSION in SUPPORTED_VERSIONS
SCORING_AVAILABLE = _SCORING_IMPORTED and VERSION in SUPPORTED_VERSIONS
if not AVAILABLE:  # pragma: no cover — only with another Splink
    log.warning("Splink %s: athar's training shortcuts are off (written for %s); using Splink's own paths",
                VERSION, ", ".join(sorted(SUPPORTED_VERSIONS)))

__all__ = [
    "AVAILABLE",
    "BlockedPairs",
    "PROBABILITY_FLOOR",
    "SCORING_AVAILABLE",
    "SUPPORTED_VERSIONS",
    "ScoringSql",
    "blocked_pairs_rule_by_rule",
    "cached_column_sql",
    "cached_exact_match_test",
    "estimate_u",
    "fast_em",
    "probability_floor",
    "scoring_sql",
    "splink_em",
]


@contextlib.contextmanager
def probability_floor() -> Iterator[None]:
    """Floor m and u at PROBABILITY_FLOOR while EM writes them (a scoped wrapper of
    `populate_m_u_from_lookup`)."""
    if not AVAILABLE:
        yield
        return
    original = splink_em.populate_m_u_from_lookup

    def floored(fixed: set[str], level: Any, name: str, lookup: dict[str, dict[int, Any]]) -> None:
        record = lookup.get(name, {}).get(level.comparison_vector_value)
        if record:
            for key in ("m_probability", "u_probability"):
                value = record.get(key)
                if isinstance(value, int | float) and value < PROBABILITY_FLOOR:
                    record[key] = PROBABILITY_FLOOR
        original(fixed, level, name, lookup)

    splink_em.populate_m_u_from_lookup = floored  # type: ignore[assignment]
    try:
        yield
    finally:
        splink_em.populate_m_u_from_lookup = original


@contextlib.contextmanager
def cached_exact_match_test() -> Iterator[None]:
    """Splink decides which levels an EM session's blocking rule fixes by parsing every level's
    SQL with sqlglot, again for every session: 0.5 s of a 10,000-record run. The answer depends
    only on the SQL text, so it is cached for the duration of training."""
    if not AVAILABLE:
        yield
        return
    prop = ComparisonLevel._is_exact_match
    cache: dict[tuple[str, str], bool] = {}

    def cached(level: Any) -> bool:
        key = (level.sql_condition, str(level.sqlglot_dialect))
        if key not in cache:
            cache[key] = bool(prop.fget(level))  # type: ignore[attr-defined]
        return cache[key]

    ComparisonLevel._is_exact_match = property(cached)  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        ComparisonLevel._is_exact_match = prop  # type: ignore[method-assign]


@contextlib.contextmanager
def cached_column_sql() -> Iterator[None]:
    """Splink turns every column name into a sqlglot tree and back into SQL each time it builds
    a query (`SqlglotColumnTreeBuilder`): parsing the name, then printing the tree, thousands of
    times per prediction — a sixth of a 10,000-record run, most of it in the person pass's and
    the cluster-merge pass's scoring. The builder is a frozen dataclass of plain values and both
    steps are pure functions of those values (and of the name and dialect), so their results
    are cached while the block runs: the same SQL, built once."""
    if not AVAILABLE:
        yield
        return
    builder = SqlglotColumnTreeBuilder
    sql_prop = builder.__dict__["sql"]
    parse = builder.__dict__["from_raw_column_name_or_column_reference"]
    printed: dict[Any, str] = {}
    parsed: dict[tuple[str, Any], Any] = {}

    def sql(self: Any) -> str:
        text = printed.get(self)
        if text is None:
            text = printed[self] = sql_prop.fget(self)
        return text

    def from_raw(cls: Any, input_str: str, sqlglot_dialect: Any) -> Any:
        key = (input_str, sqlglot_dialect)
        made = parsed.get(key)
        if made is None:
            made = parsed[key] = parse.__func__(cls, input_str, sqlglot_dialect)
        return made

    builder.sql = property(sql)  # type: ignore[method-assign,assignment]
    builder.from_raw_column_name_or_column_reference = classmethod(from_raw)  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        builder.sql = sql_prop  # type: ignore[method-assign]
        builder.from_raw_column_name_or_column_reference = parse  # type: ignore[method-assign]


@contextlib.contextmanager
def fast_sql() -> Iterator[None]:
    """Both caches of Splink's SQL building (`cached_exact_match_test`, `cached_column_sql`)
    for a whole run: training, prediction and the passes that score with the model."""
    with cached_exact_match_test(), cached_column_sql():
        yield


@contextlib.contextmanager
def fast_em() -> Iterator[None]:
    """EM sessions iterate in Python on agreement-pattern counts (`em.py`) while the block runs."""
    if not AVAILABLE:
        yield
        return
    from athar.linkage import em

    original = em_training_session.expectation_maximisation
    em_training_session.expectation_maximisation = em.expectation_maximisation  # type: ignore[assignment]
    try:
        yield
    finally:
        em_training_session.expectation_maximisation = original


def estimate_u(linker: Any, *, max_pairs: float, seed: int) -> None:
    """u of every comparison from up to `max_pairs` random pairs: athar's one-pass estimator
    (`u_sample.py`), or Splink's public one when the internals it needs are not there."""
    if not AVAILABLE:
        linker.training.estimate_u_using_random_sampling(max_pairs=max_pairs, seed=seed)
        return
    from athar.linkage import u_sample

    u_sample.estimate_u(linker, max_pairs=max_pairs, seed=seed)


class BlockedPairs:
    """The blocked pairs `blocked_pairs_rule_by_rule` put in a linker's cache; `release()` takes
    them out and drops their tables once the prediction has read them."""

    def __init__(self, linker: Any, con: Any, frame: Any, scratch: str) -> None:
        self._linker, self._con, self._frame, self._scratch = linker, con, frame, scratch

    def release(self) -> None:
        self._linker._intermediate_table_cache.pop(_blocked_pairs_cache_key(None, None), None)
        self._frame.drop_table_from_database_and_remove_from_cache()
        self._con.execute(f"DROP TABLE IF EXISTS {self._scratch}").fetchall()


def blocked_pairs_rule_by_rule(linker: Any, con: Any, table: str) -> BlockedPairs | None:
    """Find the pairs `linker.inference.predict()` would score, one statement per blocking rule,
    and put them where `predict` looks first (Splink's cache of blocked pairs); None (Splink
    blocks as usual) when the seam is off or the model is not a one-table dedupe with plain SQL
    rules.

    Splink finds them in one statement: a UNION ALL of a join per rule, each join excluding
    the pairs of every rule before it by evaluating those rules again on each of its pairs
    (`AND NOT (rule 1 OR rule 2 ...)`). With athar's 22 rules, some with string functions, that
    re-evaluation was most of the prediction: 23 s for the 186,000 pairs of 100,000 synthetic
    records, against 7 s here (same machine, same load), where each rule's join runs alone and
    a pair keeps the first rule that found it — what Splink's exclusions give: the same pairs,
    the same `match_key`. `table`: the feature table on `con` that the linker was built on."""
    if not AVAILABLE:
        return None
    settings = linker._settings_obj
    rules = settings._blocking_rules_to_generate_predictions
    info = settings.column_info_settings
    if (settings._link_type != "dedupe_only" or info.source_dataset_input_column is not None or not rules
            or any(isinstance(br, ExplodingBlockingRule) for br in rules)
            or [br.match_key for br in rules] != list(range(len(rules)))
            or len(linker._input_tables_dict) != 1):
        return None
    uid = info.unique_id_input_column.name
    scratch = "athar_blocked_by_rule"
    con.execute(f"CREATE OR REPLACE TEMP TABLE {scratch} (match_key INTEGER, l BIGINT, r BIGINT)").fetchall()
    for br in rules:
        con.execute(f"INSERT INTO {scratch} SELECT {br.match_key}, l.{uid}, r.{uid} FROM {table} AS l "
                    f"INNER JOIN {table} AS r ON ({br.blocking_rule_sql}) WHERE l.{uid} < r.{uid}").fetchall()
    pipeline = CTEPipeline()
    pipeline.enqueue_sql(f"SELECT CAST(min(match_key) AS VARCHAR) AS match_key, l AS join_key_l, r AS join_key_r "
                         f"FROM {scratch} GROUP BY l, r", "__splink__blocked_id_pairs")
    frame = linker._db_api.sql_pipeline_to_splink_dataframe(pipeline)
    linker._intermediate_table_cache[_blocked_pairs_cache_key(None, None)] = frame
    return BlockedPairs(linker, con, frame, scratch)


@dataclass(frozen=True)
class ScoringSql:
    """What `predict_between(new, existing)` and `predict_within(new)` run, as SQL text:

    - `rules`: the model's blocking rules, conditions on `l.` and `r.` (a pair is blocked when
      any holds; Splink's SQL for rule i leaves out the pairs rules 0..i-1 found, and credits
      the pair to the first, `match_key` i);
    - `scoring`: the scored pairs, at or above the threshold, of `__splink__blocked_id_pairs` (a
      name fixed inside Splink's generator: match_key, join_key_l, join_key_r), l from `left`
      and r from `right`, each with the `tf_*` columns of `tf_columns` joined on;
    - `tf_columns`: the columns whose term frequencies the scoring reads."""

    rules: tuple[str, ...]
    scoring: str
    tf_columns: tuple[str, ...]


def scoring_sql(linker: Any, *, left: str, right: str, threshold_match_probability: float) -> ScoringSql | None:
    """The SQL of Splink's `predict_between` and `predict_within` for `linker`'s model (its
    settings as they are now), built by the same generators those methods call; None when
    this Splink's internals are not the ones this was written for, or when the model is not a
    dedupe model (athar's are: link-only is a condition in the blocking rules) or has exploding
    blocking rules (athar's have none)."""
    if not SCORING_AVAILABLE:
        return None
    settings = linker._settings_obj
    info = settings.column_info_settings
    if settings._link_type != "dedupe_only" or info.source_dataset_input_column is not None:
        return None
    rules = settings._blocking_rules_to_generate_predictions
    if any(type(rule).__name__ != "BlockingRule" for rule in rules):
        return None
    steps = _comparison_vector_sqls(
        settings._columns_to_select_for_blocking, settings._columns_to_select_for_comparison_vector_values,
        input_tablename_l=left, input_tablename_r=right, source_dataset_input_column=None,
        unique_id_input_column=info.unique_id_input_column, link_type=settings._link_type,
        sql_dialect_str=linker._sql_dialect_str)
    steps += _predict_sqls(settings, threshold_match_probability, None)
    ctes = ", ".join(f"{step['output_table_name']} AS ({step['sql']})" for step in steps[:-1])
    scoring = (f"WITH {ctes} " if ctes else "") + steps[-1]["sql"]
    tf_columns = tuple(sorted(column.unquote().name for column in settings._term_frequency_columns))
    return ScoringSql(tuple(rule.blocking_rule_sql for rule in rules), scoring, tf_columns)
