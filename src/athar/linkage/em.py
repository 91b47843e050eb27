"""Expectation maximisation on agreement-pattern counts, iterated in Python instead of SQL.

Splink 5 (with `estimate_without_term_frequencies=True`) counts the agreement patterns of a
session's blocked pairs once, then runs every EM iteration as a fresh SQL query over those
counts: a few hundred patterns, but ~30 ms of query building and planning per iteration, about
a second of fixed cost per run whatever the size of the data (most of the training time on
10,000 records). `splink_seam.fast_em()` replaces only that loop, for the duration of training: the counts
are fetched once and each iteration is the same arithmetic on a few hundred rows — the
expectation step (match probability of each pattern from the level weights and the prior) and
the counts per level that Splink's SQL computes — then Splink's own maximisation step and
convergence test. Sessions with term frequencies go to Splink's original loop.

What it cannot do: anything but that loop; it relies on Splink 5.0.0 internals
(`expectation_maximisation`'s signature and the helpers it calls), so it is pinned to that version
and falls back to Splink's loop when they are not as expected."""

from __future__ import annotations

import logging
import math
from collections import defaultdict
from typing import Any

from athar.linkage.splink_seam import CTEPipeline
from athar.linkage.splink_seam import splink_em as _em

log = logging.getLogger(__name__)

LAMBDA = "_probability_two_random_records_match"


def _probability(weight: float) -> float:
    if weight >= 0:
        return 1.0 / (1.0 + float(2.0 ** -weight))
    e = float(2.0 ** weight)
    return e / (1.0 + e)


def _pattern_counts(db_api: Any, comparisons: list[Any], cvv: Any) -> list[tuple[tuple[int, ...], int]]:
    pipeline = CTEPipeline([cvv])
    pipeline.enqueue_sql(_em.count_agreement_patterns_sql(comparisons), "__splink__agreement_pattern_counts")
    df = db_api.sql_pipeline_to_splink_dataframe(pipeline)
    try:
        rows = df.as_record_list()
    finally:
        df.drop_table_from_database_and_remove_from_cache()
    gammas = [cc._gamma_column_name for cc in comparisons]
    # Sorted: DuckDB returns groups in any order, and summing floats in another order changes the
    # last bits of m — the same data must give the same model, bit for bit.
    return sorted((tuple(int(r[g]) for g in gammas), int(r["agreement_pattern_count"])) for r in rows)


def _param_records(core: Any, patterns: list[tuple[tuple[int, ...], int]]) -> list[dict[str, Any]]:
    """What Splink's SQL returns for one iteration: m and u proportions per observed level, and
    the new prior (as the `_probability_two_random_records_match` row)."""
    comparisons = core.comparisons
    prior_weight = math.log2(core.probability_two_random_records_match
                             / (1 - core.probability_two_random_records_match))
    weights: list[dict[int, float | None]] = [
        {cl.comparison_vector_value: cl._match_weight for cl in cc.comparison_levels} for cc in comparisons]
    m_count: list[dict[int, float]] = [defaultdict(float) for _ in comparisons]
    u_count: list[dict[int, float]] = [defaultdict(float) for _ in comparisons]
    total = matched = 0.0
    for gammas, count in patterns:
        total += count
        weight = prior_weight
        for i, g in enumerate(gammas):
            w = weights[i].get(g)
            if w is None:  # a level without m or u: SQL gives NULL, which sum() skips
                weight = math.nan
                break
            weight += w
        if math.isnan(weight):
            for i, g in enumerate(gammas):
                m_count[i].setdefault(g, 0.0)
                u_count[i].setdefault(g, 0.0)
            continue
        p = _probability(weight)
        matched += p * count
        for i, g in enumerate(gammas):
            m_count[i][g] += p * count
            u_count[i][g] += (1 - p) * count
    records: list[dict[str, Any]] = []
    for i, cc in enumerate(comparisons):
        observed = [g for g in m_count[i] if g != -1]
        m_sum = sum(m_count[i][g] for g in observed)
        u_sum = sum(u_count[i][g] for g in observed)
        for g in sorted(observed):
            records.append({"comparison_vector_value": g, "output_column_name": cc.output_column_name,
                            "m_probability": m_count[i][g] / m_sum if m_sum else None,
                            "u_probability": u_count[i][g] / u_sum if u_sum else None})
    records.append({"comparison_vector_value": 0, "output_column_name": LAMBDA,
                    "m_probability": matched / total if total else None,
                    "u_probability": (total - matched) / total if total else None})
    return records


def expectation_maximisation(*, db_api: Any, training_settings: Any, estimate_without_term_frequencies: bool,
                             core_model_settings: Any, unique_id_input_columns: Any,
                             training_fixed_probabilities: set[str], df_comparison_vector_values: Any) -> list[Any]:
    """Drop-in for `splink.internals.expectation_maximisation.expectation_maximisation`."""
    if not estimate_without_term_frequencies:
        return _ORIGINAL(db_api=db_api, training_settings=training_settings,
                         estimate_without_term_frequencies=estimate_without_term_frequencies,
                         core_model_settings=core_model_settings,
                         unique_id_input_columns=unique_id_input_columns,
                         training_fixed_probabilities=training_fixed_probabilities,
                         df_comparison_vector_values=df_comparison_vector_values)
    history = [core_model_settings.copy()]
    patterns = _pattern_counts(db_api, core_model_settings.comparisons, df_comparison_vector_values)
    iterations = 0
    for iterations in range(1, training_settings.max_iterations + 1):  # noqa: B007 — reported below
        records = _param_records(core_model_settings, patterns)
        core_model_settings = _em.maximisation_step(
            training_fixed_probabilities=training_fixed_probabilities,
            core_model_settings=core_model_settings, param_records=records)
        history.append(core_model_settings)
        change = _em._max_change_in_parameters_comparison_levels(history)
        if change["max_abs_change_value"] < training_settings.em_convergence:
            break
    log.debug("EM converged after %d iterations", iterations)
    return history


_ORIGINAL = _em.expectation_maximisation
