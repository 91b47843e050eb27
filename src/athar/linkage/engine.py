"""The Splink model around a DuckDB connection: build, train, predict, explain.

One `Engine` owns one DuckDB connection (in memory, spilling to a temporary directory) holding
the feature table, and a Splink `Linker` over it. Training needs no labels: u probabilities
come from random pairs, m probabilities from expectation maximisation on two blocking rules
that each leave half the name fields free to be learnt; the prior from deterministic rules.
Human review decisions, when there are enough positive ones, re-estimate m.

What it cannot do: learn a comparison whose fields are all empty in the data (its levels keep
Splink's defaults and it contributes nothing because every pair lands in the null level)."""

# ruff: noqa: S608 — SQL here is built from our own table and column names; the only outside
# value, a file path, is quoted by doubling single quotes.

from __future__ import annotations

import atexit
import logging
import math
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import duckdb
import pyarrow as pa

from athar.linkage import blocking, comparisons, sql_functions
from athar.linkage.features import TF_COLUMNS

# Splink (and sqlglot under it: a fifth of a second) is imported where a linker is built, not
# here: matching new records with a run's compiled plan uses this module's connection helpers
# and never builds one (incremental_sql).

log = logging.getLogger(__name__)

FEATURE_TABLE = "athar_features"
PAIR_SELECT_THRESHOLD = 0.01  # pairs.csv keeps every pair at or above this probability
MIN_POSITIVE_LABELS_FOR_M = 30
MAX_PRIOR = 0.2
# A deterministic prior below this share of the fallback ("half the records have one match")
# means the rules found next to nothing, not that matches are that rare.
FALLBACK_PRIOR_SHARE = 0.01
# Predict keeps pairs this many bits below the pair threshold, so a prior re-estimated upwards
# still finds every pair that ends above the threshold.
PRIOR_HEADROOM_BITS = 8.0

# Random pairs for the u probabilities: a million pins every level's u well enough (the rarest,
# "same national ID", is also held by its TF-free exactness). Fewer on a small set, where
# computing them was most of a run (1.9 s of 5.4 s on 10,000 records): U_PAIRS_PER_RECORD per
# record, at least U_SAMPLE_PAIRS_MIN.
U_SAMPLE_PAIRS = 1e6
U_SAMPLE_PAIRS_MIN = 2e5
U_PAIRS_PER_RECORD = 10
# Pairs EM may use per session (Splink samples a session's blocked pairs down to this).
EM_MAX_PAIRS = 2e6
EM_MAX_PAIRS_MIN = 2e5
EM_PAIRS_PER_RECORD = 20
# EM stops when no probability moves by more than this between iterations (Splink's default is
# 1e-4; a tenth of a percentage point changes no weight by more than a few hundredths of a bit).
EM_CONVERGENCE = 1e-3

# EM sessions (blocking rules; each leaves the fields it does not use free to be learnt). A rule
# must select pairs that are mostly one person or mostly unrelated people: a rule on shared
# father and grandfather names selects brothers, and EM then learns "brother" (given names
# "different" became likely for a match, a different birth year or national ID almost
# uninformative). So: the same national ID (nearly all matches: learns names, birth, places,
# dates), the same three name parts (learns the national ID, birth, mother, places), and the
# same arrest day (learns names across scripts: an Arabic family report and a Latin NGO list
# of one arrest), and the same given and family name seen in the same place (a witness's
# two-part name and age against a prison register: learns ages against birth years).
EM_SESSIONS: tuple[str, ...] = (
    "l.national_id = r.national_id",
    "l.given = r.given AND l.father = r.father AND l.family = r.family",
    "l.arrest_date = r.arrest_date AND length(l.arrest_date) = 10",
    "l.given = r.given AND l.family = r.family AND l.event_place_key = r.event_place_key "
    "AND abs(l.event_year - r.event_year) <= 1",
)

def new_settings(*, link_only: bool, extra: Sequence[dict[str, Any]] = ()) -> dict[str, Any]:
    """A fresh model; `extra`: further comparisons (`extra_columns.ExtraColumn.comparison`)."""
    from splink import SettingsCreator

    creator = SettingsCreator(
        link_type="dedupe_only",  # link-only is a source condition in every blocking rule
        comparisons=[*comparisons.all_comparisons(), *extra],
        blocking_rules_to_generate_predictions=list[Any](blocking.rules(link_only=link_only)),  # SQL strings
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=True,
        additional_columns_to_retain=["source", "record_id"],
        max_iterations=20,
        em_convergence=EM_CONVERGENCE,
    )
    return creator.create_settings_dict("duckdb")


_spill_directory: str | None = None


def spill_directory() -> str:
    """Where DuckDB spills beyond its memory limit: a 0700 directory with an unpredictable name
    (tempfile.mkdtemp), one per process, made again once removed. A predictable name in the shared
    temporary folder would let another account create it first and read the spilled names."""
    global _spill_directory
    if _spill_directory is None or not os.path.isdir(_spill_directory):
        _spill_directory = tempfile.mkdtemp(prefix="athar-duckdb-")
        # Removed when the process ends, whoever opened the connection: what DuckDB spills is
        # names and dates, and a connection closed without an Engine (`incremental_sql.compile_plan`)
        # or an exception past `Engine.close` would leave it in the shared temporary folder.
        # A process killed outright still leaves it (0700: readable by its own account only).
        atexit.register(shutil.rmtree, _spill_directory, ignore_errors=True)
    return _spill_directory


def connect(memory_limit: str | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB that spills to a temporary directory beyond `memory_limit`
    (default: ATHAR_DUCKDB_MEMORY or 3GB, so a million-record run stays within 8 GB in all)."""
    con = duckdb.connect(config={"preserve_insertion_order": False})
    con.execute(f"SET temp_directory = '{spill_directory()}'")
    limit = memory_limit or os.environ.get("ATHAR_DUCKDB_MEMORY", "3GB")
    if not limit.replace(".", "").replace("GB", "").replace("MB", "").isdigit():
        raise ValueError("ATHAR_DUCKDB_MEMORY must look like 3GB or 500MB")
    con.execute(f"SET memory_limit = '{limit}'")
    # Memory DuckDB frees goes back to the system in the background: without it, what a join
    # held stays resident while Python works on its results (at a million records the person
    # pass's Python side ran on top of some 2 GB DuckDB no longer used). No result changes.
    con.execute("SET allocator_background_threads = true")
    return sql_functions.register(con)


def select_features(tf_from_data: bool) -> str:
    if not tf_from_data:
        return "*"
    return "* EXCLUDE (" + ", ".join(f"tf_{c}" for c in TF_COLUMNS) + ")"


@dataclass(frozen=True)
class TrainingBudget:
    """How much of the data training looks at: proportional to the set, with floors that keep
    every level's estimate stable on a small one."""

    u_pairs: float
    em_pairs: float
    em_records: float  # proportion of records an EM session samples before blocking


def training_budget(n: int) -> TrainingBudget:
    possible = max(1.0, n * (n - 1) / 2)
    u_pairs = min(possible, max(U_SAMPLE_PAIRS_MIN, min(U_SAMPLE_PAIRS, U_PAIRS_PER_RECORD * n)))
    em_pairs = max(EM_MAX_PAIRS_MIN, min(EM_MAX_PAIRS, EM_PAIRS_PER_RECORD * n))
    return TrainingBudget(u_pairs, em_pairs, 0.05 if n > 200_000 else 1.0)


class Engine:
    """A Splink linker over a feature table; close() it (or use it as a context manager)."""

    def __init__(self, features: pa.Table | Path | str, settings: dict[str, Any], *,
                 con: duckdb.DuckDBPyConnection | None = None, table: str = FEATURE_TABLE,
                 tf_from_data: bool = False) -> None:
        """`features`: an Arrow table, a features.parquet, or the qualified name of a table
        already in `con` (e.g. of an attached run.duckdb), which is used through a view, not
        copied: copying a million rows is most of the cost of opening a run.

        `tf_from_data`: drop the precomputed `tf_*` columns and let Splink derive term
        frequencies from this table (Splink's predict_between/predict_within cannot use
        precomputed columns: they always join their own lookup tables)."""
        self.con = con or connect()
        self._owns_con = con is None
        self.table = table
        if isinstance(features, str):
            self.con.execute(f"CREATE OR REPLACE VIEW {table} AS SELECT * FROM {features}").fetchall()
        else:
            if isinstance(features, Path):  # a features.parquet: let DuckDB read it, in parallel
                source = "read_parquet('" + str(features).replace("'", "''") + "')"
            else:
                self.con.register("athar_features_arrow", features)
                source = "athar_features_arrow"
            self.con.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT {select_features(tf_from_data)} "
                             f"FROM {source}")
            if not isinstance(features, Path):
                self.con.unregister("athar_features_arrow")
        from splink import DuckDBAPI, Linker

        self.db_api = DuckDBAPI(connection=self.con)
        self.sdf = self.db_api.register(table, dataset_display_name=table)
        # Splink logs chatty warnings (e.g. a level not observed in a small set); the CLI reports
        # what matters itself.
        logging.getLogger("splink").setLevel(logging.ERROR)
        # Splink's settings validation only logs warnings (silenced above) about columns missing
        # from the table, after parsing every level's SQL with sqlglot: 0.25 s of a 4.5 s run on
        # the 38,812-record Gaza pair. Our settings are built against our own feature schema.
        self.linker = Linker(self.sdf, settings, log_level=None, validate_settings=False)
        self.n_records = int(self.con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0])

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._owns_con:
            self.con.close()
            shutil.rmtree(spill_directory(), ignore_errors=True)

    # -- training ---------------------------------------------------------------------------

    def train(self, *, positive_pairs: Sequence[tuple[int, int]] = (), seed: int = 42,
              fallback_m: dict[tuple[str, str], float] | None = None) -> dict[str, Any]:
        """Estimate the prior, u and m without labels; then m from labels when enough exist.

        `fallback_m` ((comparison, level label) → m) fills every level whose m no EM session
        could estimate: a session fixes the comparisons its own rule uses, so on a list that
        has names and nothing else the name comparisons are never trained, and Splink's
        placeholder m (not learnt from anything) would decide every pair."""
        from athar.linkage import splink_seam

        with splink_seam.cached_exact_match_test(), splink_seam.fast_em():
            report = self._train(positive_pairs, seed)
        if fallback_m:
            report["m_from_default_model"] = self._fill_untrained_m(fallback_m)
        return report

    def _fill_untrained_m(self, fallback_m: dict[tuple[str, str], float]) -> list[str]:
        filled = []
        for comparison in self.linker._settings_obj.comparisons:
            for level in comparison.comparison_levels:
                if level.is_null_level or level._m_is_trained:
                    continue
                value = fallback_m.get((comparison.output_column_name, level.label_for_charts))
                if value is not None:
                    level.m_probability = value
                    filled.append(f"{comparison.output_column_name}: {level.label_for_charts}")
        return filled

    def _train(self, positive_pairs: Sequence[tuple[int, int]], seed: int) -> dict[str, Any]:
        from athar.linkage import splink_seam

        training = self.linker.training
        report: dict[str, Any] = {"n_records": self.n_records}
        try:
            training.estimate_probability_two_random_records_match(
                ["l.national_id = r.national_id",
                 "l.given = r.given AND l.father = r.father AND l.grandfather = r.grandfather "
                 "AND l.family = r.family AND l.birth_hi = r.birth_hi"],
                recall=0.7)
        except Exception as exc:  # noqa: BLE001 — tiny or ID-less data: keep the default prior
            log.info("prior estimation failed (%s); using the default", type(exc).__name__)
        settings = self.linker._settings_obj
        # On a tiny set the deterministic rules can match most pairs: keep the prior a probability.
        # On a list with no IDs and no full names (names only, two parts) they match nothing,
        # and a prior of ~0 would leave every pair below the scoring floor, so the prior could
        # not be re-estimated from them: start instead from "half the records have one match".
        prior = settings._probability_two_random_records_match
        fallback = self._fallback_prior()
        if prior < fallback * FALLBACK_PRIOR_SHARE:
            report["prior_fallback"] = fallback
            prior = fallback
        settings._probability_two_random_records_match = min(max(prior, 1e-9), MAX_PRIOR)
        n = self.n_records
        budget = training_budget(n)
        report["u_pairs"] = budget.u_pairs
        # All comparisons in one pass over the sampled pairs (Splink's estimator, with one chunk:
        # its early stop, every level seen 100 times, never triggers on the rare levels).
        splink_seam.estimate_u(self.linker, max_pairs=budget.u_pairs, seed=seed)
        sessions = list(EM_SESSIONS)
        report["em_sessions"] = []
        for rule in sessions:
            if not self._any_pair(rule):
                # Splink would fail it ("no pairs") after 0.1-0.2 s of SQL building and queries:
                # on the Gaza pair three of the four sessions (no IDs, arrest dates or places).
                log.info("EM session %r skipped (no pairs)", rule)
                continue
            # A failed session may leave the linker's settings without the comparisons it set
            # aside (Splink mutates them in place): restore them.
            snapshot = cast(Any, settings.core_model_settings).copy()  # untyped in Splink
            try:
                with splink_seam.probability_floor():
                    # Without term frequencies EM iterates on agreement-pattern counts instead of
                    # every pair: ~7x faster, and the TF adjustment still applies at prediction.
                    training.estimate_parameters_using_expectation_maximisation(
                        rule, max_pairs=budget.em_pairs, record_sample_proportion=budget.em_records,
                        estimate_without_term_frequencies=True)
                report["em_sessions"].append(rule)
            except Exception as exc:  # noqa: BLE001 — e.g. no pairs in a small set
                settings.core_model_settings = snapshot
                log.info("EM session %r failed (%s)", rule, type(exc).__name__)
        if len(positive_pairs) >= MIN_POSITIVE_LABELS_FOR_M:
            self.con.execute("CREATE OR REPLACE TABLE athar_labels (unique_id_l BIGINT, unique_id_r BIGINT)")
            self.con.executemany("INSERT INTO athar_labels VALUES (?, ?)", [list(p) for p in positive_pairs])
            cast(Any, training).estimate_m_from_pairwise_labels("athar_labels")  # untyped in Splink
            report["m_from_labels"] = len(positive_pairs)
        report["prior"] = self.linker._settings_obj._probability_two_random_records_match
        return report

    def _fallback_prior(self) -> float:
        n = self.n_records
        possible = max(1.0, n * (n - 1) / 2)
        return min(0.5 * n / possible, MAX_PRIOR)

    def _any_pair(self, rule: str) -> bool:
        """Whether the blocking rule pairs any two records (the join stops at the first)."""
        row = self.con.execute(f"SELECT count(*) FROM (SELECT 1 FROM {self.table} l JOIN {self.table} r "
                               f"ON {rule} WHERE l.unique_id < r.unique_id LIMIT 1)").fetchall()
        return bool(row and row[0][0])

    def settings_dict(self) -> dict[str, Any]:
        return self.linker.misc.save_model_to_json()

    # -- prediction -------------------------------------------------------------------------

    def predict(self, *, reestimate_prior: bool = True, link_only: bool = False) -> str:
        """Score all blocked pairs; returns the name of a DuckDB table with one row per pair
        whose probability (under the final prior) is at least PAIR_SELECT_THRESHOLD."""
        floor = math.log2(PAIR_SELECT_THRESHOLD / (1 - PAIR_SELECT_THRESHOLD)) - PRIOR_HEADROOM_BITS
        from athar.linkage import splink_seam  # imports Splink: only where a linker is built

        # The blocked pairs, one rule at a time (a third of the time of Splink's one statement).
        blocked = splink_seam.blocked_pairs_rule_by_rule(self.linker, self.con, self.table)
        try:
            df = self.linker.inference.predict(threshold_match_weight=floor, warning_mode="never")
        finally:
            if blocked is not None:
                blocked.release()
        table = df.physical_name
        if reestimate_prior:
            self._reestimate_prior(table, link_only=link_only)
        self.con.execute(f"DELETE FROM {table} WHERE match_probability < {PAIR_SELECT_THRESHOLD}").fetchall()
        return table

    def _reestimate_prior(self, table: str, *, link_only: bool) -> None:
        """Re-estimate the prior from the scored pairs (its EM update with m and u fixed:
        the expected number of matches among all possible pairs) and rewrite the table's
        weights and probabilities with it.

        The deterministic-rule estimate assumes a recall for its rules that a messy set does not
        have; this one uses every scored pair. Pairs blocking never produced count as
        non-matches, so the estimate errs low — the safe side."""
        settings = self.linker._settings_obj
        old = settings._probability_two_random_records_match
        n_possible = self._possible_pairs(link_only)
        if n_possible <= 0:
            return
        w_old = math.log2(old / (1 - old))
        prior = old
        for _ in range(30):
            w = math.log2(prior / (1 - prior))
            row = self.con.execute(
                f"SELECT sum(1 / (1 + pow(2, -(match_weight + {w - w_old})))) FROM {table}").fetchall()
            expected = float(row[0][0] or 0.0)
            new = min(max(expected / n_possible, 1e-12), MAX_PRIOR)
            if abs(math.log2(new / prior)) < 0.01:
                prior = new
                break
            prior = new
        delta = math.log2(prior / (1 - prior)) - w_old
        self.con.execute(
            f"UPDATE {table} SET match_weight = match_weight + {delta}, "
            f"match_probability = 1 / (1 + pow(2, -(match_weight + {delta})))").fetchall()
        settings._probability_two_random_records_match = prior
        self.prior_reestimated = (old, prior)

    def _possible_pairs(self, link_only: bool) -> float:
        n = self.n_records
        total = n * (n - 1) / 2
        if link_only:
            rows = self.con.execute(f"SELECT count(*) FROM {self.table} GROUP BY source").fetchall()
            total -= sum(k * (k - 1) / 2 for (k,) in rows)
        return total

    def comparison_levels(self) -> list[tuple[str, list[tuple[int, str, float | None]]]]:
        """(output column, [(gamma value, label, match weight)]) for every comparison."""
        out = []
        for comparison in self.linker._settings_obj.comparisons:
            levels = [(lvl.comparison_vector_value, lvl.label_for_charts, lvl._match_weight)
                      for lvl in comparison.comparison_levels]
            out.append((comparison.output_column_name, levels))
        return out

    @property
    def prior_weight(self) -> float:
        p = self.linker._settings_obj._probability_two_random_records_match
        return math.log2(p / (1 - p))
