"""Training: cost proportional to the data, the same model from the fast EM loop as from Splink's,
and a swapped father/family counted once."""

from __future__ import annotations

import contextlib

import pytest

from athar.interchange import read_records
from athar.linkage import engine, features, splink_seam, u_sample
from athar.linkage.comparisons import all_comparisons
from athar.linkage.engine import Engine, new_settings, training_budget


def test_the_training_budget_grows_with_the_data_between_floors_and_caps():
    small, large, huge = training_budget(10_000), training_budget(100_000), training_budget(5_000_000)
    assert small.u_pairs == engine.U_SAMPLE_PAIRS_MIN < large.u_pairs == huge.u_pairs == engine.U_SAMPLE_PAIRS
    assert small.em_pairs == engine.EM_MAX_PAIRS_MIN < large.em_pairs <= huge.em_pairs == engine.EM_MAX_PAIRS
    assert huge.em_records < 1.0 == small.em_records
    # A tiny set: never more random pairs than there are pairs.
    assert training_budget(100).u_pairs == 100 * 99 / 2


def _weights(table, *, fast: bool) -> dict[tuple[str, int], float | None]:
    real_fast_em = splink_seam.fast_em
    if not fast:
        splink_seam.fast_em = contextlib.nullcontext  # type: ignore[assignment]
    try:
        with Engine(table, new_settings(link_only=False)) as eng:
            eng.train()
            return {(name, value): weight for name, levels in eng.comparison_levels() for value, _label, weight in levels}
    finally:
        splink_seam.fast_em = real_fast_em


def test_the_fast_em_loop_learns_the_same_model_as_splinks(generated):
    table = features.build_features(read_records(generated[0]).rows)
    fast, splink = _weights(table, fast=True), _weights(table, fast=False)
    assert fast.keys() == splink.keys()
    differ = {k: (fast[k], splink[k]) for k in fast
              if (fast[k] is None) != (splink[k] is None) or (fast[k] is not None and abs(fast[k] - splink[k]) > 1e-6)}
    assert not differ
    # Not a vacuous comparison: EM moved the name weights away from Splink's defaults.
    exact = max(value for name, value in fast if name == "given")  # Splink numbers levels downwards
    assert fast[("given", exact)] is not None and fast[("given", exact)] > 1


def test_a_swapped_father_and_family_is_one_piece_of_evidence():
    by_name = {c["output_column_name"]: c for c in all_comparisons()}
    father_swap = next(lv for lv in by_name["father"]["comparison_levels"] if lv["label_for_charts"] == "swapped with family")
    family_swap = next(lv for lv in by_name["family"]["comparison_levels"] if lv["label_for_charts"] == "swapped with father")
    assert father_swap["m_probability"] == father_swap["u_probability"]
    assert father_swap["fix_m_probability"] and father_swap["fix_u_probability"]
    assert "m_probability" not in family_swap


@pytest.mark.parametrize("column", ["given", "father", "family", "mother", "birth_lo", "event_place_key"])
def test_features_are_the_same_for_repeated_values_and_keep_row_order(generated, column):
    rows = read_records(generated[0]).rows
    doubled = features.build_features(rows + rows)
    single = features.build_features(rows)
    values = doubled.column(column).to_pylist()
    assert values[: len(rows)] == values[len(rows):] == single.column(column).to_pylist()
    assert doubled.column("unique_id").to_pylist() == list(range(2 * len(rows)))


def _u_values(eng: Engine) -> dict[tuple[str, int], float]:
    return {(c.output_column_name, lvl.comparison_vector_value): lvl.u_probability
            for c in eng.linker._settings_obj.comparisons for lvl in c._comparison_levels_excluding_null}


def test_u_in_one_pass_equals_splinks_estimate(generated):
    table = features.build_features(read_records(generated[0]).rows)
    budget = training_budget(table.num_rows)
    with Engine(table, new_settings(link_only=False)) as eng:
        eng.linker.training.estimate_u_using_random_sampling(max_pairs=budget.u_pairs, seed=42, num_chunks=1)
        splink = _u_values(eng)
    with Engine(table, new_settings(link_only=False)) as eng:
        u_sample.estimate_u(eng.linker, max_pairs=budget.u_pairs, seed=42)
        ours = _u_values(eng)
    assert ours == splink
    # Not vacuous: the sample saw names agree and disagree.
    assert 0 < ours[("family", 0)] < 1


def test_an_em_session_without_pairs_is_skipped_with_the_same_model(generated):
    table = features.build_features(read_records(generated[0]).rows)
    rule = "l.national_id = r.national_id AND l.national_id = 'no such id'"
    models = []
    for skip in (True, False):
        with Engine(table, new_settings(link_only=False)) as eng:
            if not skip:
                eng._any_pair = lambda _rule: True  # type: ignore[method-assign]
            assert not Engine._any_pair(eng, rule)
            real = engine.EM_SESSIONS
            engine.EM_SESSIONS = (rule, *real)
            try:
                report = eng.train()
            finally:
                engine.EM_SESSIONS = real
            assert rule not in report["em_sessions"]
            models.append({k: v for k, v in eng.settings_dict().items() if k != "linker_uid"})
    assert models[0] == models[1]


def test_the_seam_to_splinks_internals_is_on_for_the_version_it_was_written_for():
    assert splink_seam.VERSION in splink_seam.SUPPORTED_VERSIONS
    assert splink_seam.AVAILABLE


def test_without_the_seam_training_falls_back_to_splinks_public_paths(generated, monkeypatch):
    table = features.build_features(read_records(generated[0]).rows)
    monkeypatch.setattr(splink_seam, "AVAILABLE", False)
    called = []
    monkeypatch.setattr(u_sample, "estimate_u", lambda *a, **k: called.append("athar u"))
    with Engine(table, new_settings(link_only=False)) as eng:
        report = eng.train()
        weights = {name: levels for name, levels in eng.comparison_levels()}
    assert not called  # Splink's own u estimation ran instead
    assert report["em_sessions"]
    exact_given = next(w for _v, label, w in weights["given"] if label == "exact")
    assert exact_given is not None and exact_given > 1
