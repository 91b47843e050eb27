import pytest

from athar.estimation import (
    ASSUMPTIONS,
    CaptureHistories,
    NoEstimableModel,
    estimate_stratified,
    estimate_total,
    pool_strata,
)
from athar.estimation.simulate import simulate_strata

INJURY_DEATHS = CaptureHistories.from_table("ABC", [72, 5, 29, 54, 24, 3, 14])


def _small(n_single: int, n_double: int) -> CaptureHistories:
    return CaptureHistories.from_rows("ABC", [(1, 0, 0)] * n_single + [(1, 1, 0)] * n_double)


def test_a_single_model_estimate_is_the_chosen_models_profile_interval():
    estimate = estimate_total(INJURY_DEATHS, average=False)
    assert estimate.formula == "A + B + C + B:C"
    assert (round(estimate.estimate), round(estimate.lower), round(estimate.upper)) == (222, 210, 236)
    assert estimate.models_averaged == 1


def test_the_averaged_estimate_is_wider_when_models_disagree():
    single = estimate_total(INJURY_DEATHS, average=False)
    averaged = estimate_total(INJURY_DEATHS)
    assert averaged.models_averaged > 1
    assert averaged.model.startswith(f"average of {averaged.models_averaged} models; best: ")
    assert averaged.lower <= single.lower and averaged.upper > single.upper
    assert averaged.lower >= INJURY_DEATHS.observed


def test_the_json_shape_follows_the_spec():
    out = estimate_total(INJURY_DEATHS).to_dict()
    assert list(out)[:5] == ["observed", "estimate", "lower", "upper", "model"]
    assert out["observed"] == 201
    assert out["strata"] == []


def test_small_strata_are_pooled_and_say_so():
    strata = {"big": INJURY_DEATHS, "tiny-1": _small(3, 1), "tiny-2": _small(4, 1)}
    groups = pool_strata(strata)
    assert list(groups) == ["pooled: big + tiny-1 + tiny-2"]  # the two tiny ones alone are too few
    histories, members = groups["pooled: big + tiny-1 + tiny-2"]
    assert members == ("big", "tiny-1", "tiny-2")
    assert histories.observed == 201 + 4 + 5


def test_small_strata_pool_among_themselves_when_together_they_are_enough():
    strata = {"big": INJURY_DEATHS, "north": _small(25, 3), "south": _small(20, 3)}
    groups = pool_strata(strata)
    assert sorted(groups) == ["big", "pooled: north + south"]
    assert groups["pooled: north + south"][0].observed == 51
    assert groups["big"][1] == ()


def test_a_stratified_total_is_the_sum_of_its_strata():
    strata, truth = simulate_strata(1000)
    estimate = estimate_stratified(strata)
    assert [s.label for s in estimate.strata] == ["centre", "north", "south"]
    assert estimate.estimate == pytest.approx(sum(s.estimate for s in estimate.strata))
    assert estimate.observed == sum(h.observed for h in strata.values())
    assert estimate.lower < truth < estimate.upper
    assert estimate.to_dict()["strata"][0]["stratum"] == "centre"


def test_lists_that_never_overlap_cannot_be_estimated():
    histories = CaptureHistories.from_rows("ABC", [(1, 0, 0)] * 50 + [(0, 1, 0)] * 50 + [(0, 0, 1)] * 50)
    with pytest.raises(NoEstimableModel):
        estimate_total(histories)


def test_the_assumptions_say_it_is_a_minimum():
    assert any("a minimum, not a census" in line for line in ASSUMPTIONS)
