"""The bootstrap that repeats the model choice (athar.estimation.bootstrap): its fits are
statsmodels', its averaging is `estimate_total`'s, and its interval is reproducible."""

import math

import numpy as np
import pytest
import statsmodels.api as sm

from athar.estimation import CaptureHistories, LogLinearModel, estimate_stratified, estimate_total
from athar.estimation.bootstrap import Replicates, averaged_estimates, generating_model, poisson_fits
from athar.estimation.estimate import AVERAGED_WEIGHT
from athar.estimation.fit import design_matrix
from athar.estimation.histories import all_histories
from athar.estimation.models import enumerate_models
from athar.estimation.simulate import simulate_strata

INJURY_DEATHS = CaptureHistories.from_table("ABC", [72, 5, 29, 54, 24, 3, 14])
# Bruno et al. (1994) diabetes data, 4 lists, in Rcapture's order (as in test_fit.py)
DIABETES = CaptureHistories.from_table("ABCD", [58, 157, 18, 104, 46, 650, 12, 709, 14, 20, 7, 74, 8, 182, 10])


def test_the_batched_fit_is_the_same_maximum_likelihood_as_statsmodels():
    model = LogLinearModel(DIABETES.lists, ((0, 1), (0, 2), (1, 2), (1, 3), (2, 3)))
    x = design_matrix(model, all_histories(4))
    y = np.asarray([DIABETES.cell_counts(), [c + 3 for c in DIABETES.cell_counts()]], dtype=float)
    beta, _, ok = poisson_fits(x, y)
    assert ok.all()
    for row, coefficients in zip(y, beta, strict=True):
        expected = sm.GLM(row, x, family=sm.families.Poisson()).fit().params
        assert coefficients == pytest.approx(expected, rel=1e-7, abs=1e-9)
    # the total of the published model: 2771 (Bruno et al. 1994)
    assert DIABETES.observed + math.exp(beta[0, 0]) == pytest.approx(2771.2, abs=0.05)


def test_the_averaged_estimate_is_estimate_totals():
    for histories in (INJURY_DEATHS, DIABETES):
        table = np.asarray([histories.cell_counts()], dtype=float)
        estimate, cells = averaged_estimates(histories.lists, table, list(enumerate_models(histories.lists)),
                                             criterion="aic", averaged_weight=AVERAGED_WEIGHT)
        assert estimate[0] == pytest.approx(estimate_total(histories).estimate, rel=1e-8)
        assert cells[0].sum() == pytest.approx(estimate[0], rel=1e-8)  # the expected cells add up to it
        assert cells[0][:-1].sum() == pytest.approx(histories.observed, rel=1e-8)


def test_the_interval_is_reproducible_and_pinned():
    first = estimate_total(INJURY_DEATHS)
    again = estimate_total(INJURY_DEATHS)
    assert (first.lower, first.upper) == (again.lower, again.upper)
    assert (round(first.estimate, 1), round(first.lower, 1), round(first.upper, 1)) == (228.3, 204.5, 268.3)
    assert first.to_dict()["interval"] == "parametric bootstrap repeating the model choice (999 replicates)"


def test_replicates_are_drawn_from_the_most_general_model_the_data_can_fit():
    assert generating_model(INJURY_DEATHS).interactions == ((0, 1), (0, 2), (1, 2))
    apart = CaptureHistories.from_rows("ABC", [(1, 1, 0)] * 10 + [(0, 1, 1)] * 10 + [(1, 0, 0)] * 30
                                       + [(0, 0, 1)] * 30)  # nobody on both A and C
    assert generating_model(apart).interactions == ((0, 1), (1, 2))


def test_the_pivot_reads_the_interval_off_the_log_of_the_unseen():
    # unseen estimated 100; in the replicates the estimate was off by a factor of 0.5 to 2
    errors = np.linspace(math.log(0.5), math.log(2.0), 1001)
    replicates = Replicates(observed=np.full(1001, 50.0), truth=np.full(1001, 150.0),
                            estimated=50.0 + 100.0 * np.exp(errors))
    lower, upper = replicates.interval(observed=200, estimate=300.0)
    q_low, q_high = np.quantile(errors, [0.025, 0.975])
    assert lower == pytest.approx(200 + 100 * math.exp(-q_high))
    assert upper == pytest.approx(200 + 100 * math.exp(-q_low))
    assert lower > 200 and upper > 300 > lower


def test_replicates_that_give_no_estimate_count_against_a_finite_upper_bound():
    estimated = np.full(100, 160.0)
    estimated[:20] = np.nan
    replicates = Replicates(observed=np.full(100, 50.0), truth=np.full(100, 150.0), estimated=estimated)
    assert replicates.interval(observed=200, estimate=300.0) == (200.0, math.inf)


def test_a_stratified_total_adds_the_strata_replicate_by_replicate():
    strata, truth = simulate_strata(1000)
    estimate = estimate_stratified(strata)
    parts = [s.replicates for s in estimate.strata]
    assert all(p is not None for p in parts) and estimate.replicates is not None
    assert estimate.replicates.estimated == pytest.approx(sum(p.estimated for p in parts if p is not None))
    assert estimate.lower < truth < estimate.upper
    assert estimate.interval_method.endswith("strata added replicate by replicate")
    single = estimate_stratified(strata, average=False)
    assert single.replicates is None and single.distribution is not None
