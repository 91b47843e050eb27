"""Confidence curves, their model-averaged mixture (MATA, Fletcher & Turek 2012) and the convolution
of strata (athar.estimation.distribution)."""

import math

import numpy as np
import pytest
from scipy.stats import norm

from athar.estimation import CaptureHistories, LogLinearModel, fit_model, profile_interval
from athar.estimation.distribution import TotalDistribution
from athar.estimation.interval import ConfidenceCurve, confidence_curve

INJURY_DEATHS = CaptureHistories.from_table("ABC", [72, 5, 29, 54, 24, 3, 14])  # Cormack et al. 2000
B_C = LogLinearModel(tuple("ABC"), ((1, 2),))


def _curve(model: LogLinearModel) -> ConfidenceCurve:
    fit = fit_model(INJURY_DEATHS, model)
    return confidence_curve(INJURY_DEATHS, model, unobserved_hint=fit.unobserved, spread_hint=fit.standard_error)[0]


def _normal(mean: float, sd: float, observed: int = 0) -> ConfidenceCurve:
    totals = tuple(float(t) for t in np.linspace(mean - 5 * sd, mean + 5 * sd, 41))
    return ConfidenceCurve(observed=observed, totals=totals, roots=tuple((t - mean) / sd for t in totals),
                           unbounded=False)


def test_a_models_curve_crosses_2_5_and_97_5_percent_at_its_profile_bounds():
    fit = fit_model(INJURY_DEATHS, B_C)
    curve, interval = confidence_curve(INJURY_DEATHS, B_C, unobserved_hint=fit.unobserved,
                                       spread_hint=fit.standard_error)
    assert interval == profile_interval(INJURY_DEATHS, B_C, unobserved_hint=fit.unobserved,
                                        spread_hint=fit.standard_error)
    levels = curve.cdf(np.asarray([interval.lower, interval.upper]))
    assert levels == pytest.approx([0.025, 0.975], abs=1e-3)
    assert curve.totals[0] == INJURY_DEATHS.observed
    assert list(curve.roots) == sorted(curve.roots)


def test_one_model_alone_gives_its_profile_interval_to_a_person():
    lower, upper = TotalDistribution.mixture([(_curve(B_C), 1.0)]).interval()
    assert (round(lower), round(upper)) == (210, 236)  # the profile interval: 210.3 to 236.2


def test_nothing_lies_below_the_persons_observed():
    distribution = TotalDistribution.mixture([(_curve(LogLinearModel(tuple("ABC"), ((0, 2), (1, 2)))), 1.0)])
    assert distribution.start == INJURY_DEATHS.observed
    assert distribution.quantile(0.0) >= INJURY_DEATHS.observed


def test_the_mixture_puts_each_tail_where_the_weighted_tail_areas_add_up_to_2_5_percent():
    a, b = _normal(1000, 20), _normal(1100, 30)
    lower, upper = TotalDistribution.mixture([(a, 0.7), (b, 0.3)]).interval()
    for bound, tail in ((lower, 0.025), (upper, 0.975)):
        mixed = 0.7 * norm.cdf((bound - 1000) / 20) + 0.3 * norm.cdf((bound - 1100) / 30)
        assert mixed == pytest.approx(tail, abs=2e-3)


def test_the_sum_of_independent_strata_is_their_convolution():
    total = TotalDistribution.mixture([(_normal(3000, 30), 1.0)]).plus(
        TotalDistribution.mixture([(_normal(2000, 40), 1.0)]))
    lower, upper = total.interval()
    sd = math.hypot(30, 40)  # 50
    assert lower == pytest.approx(5000 - 1.96 * sd, abs=1.0)
    assert upper == pytest.approx(5000 + 1.96 * sd, abs=1.0)


def test_the_sum_of_skewed_strata_is_less_skewed_than_adding_their_bounds_in_quadrature():
    strata = [TotalDistribution.mixture([(_curve(B_C), 1.0)]) for _ in range(3)]
    total = strata[0].plus(strata[1]).plus(strata[2])
    lower, upper = total.interval()
    one_lower, one_upper = strata[0].interval()
    mode = 3 * fit_model(INJURY_DEATHS, B_C).estimate
    quadrature_below = math.sqrt(3) * (fit_model(INJURY_DEATHS, B_C).estimate - one_lower)
    quadrature_above = math.sqrt(3) * (one_upper - fit_model(INJURY_DEATHS, B_C).estimate)
    assert mode - lower > quadrature_below  # a longer reach below than quadrature gave
    assert upper - mode < quadrature_above


def test_a_model_without_an_upper_bound_leaves_the_total_without_one():
    # the likelihood flattens out above the estimate: the signed root never reaches 1.96
    flat = ConfidenceCurve(observed=300, totals=(300.0, 400.0, 1000.0, 50_000.0), roots=(-2.5, 0.0, 1.2, 1.5),
                           unbounded=True)
    distribution = TotalDistribution.mixture([(flat, 1.0)])
    lower, upper = distribution.interval()
    assert 300 < lower < 400 and upper == math.inf
    assert distribution.beyond == pytest.approx(1 - norm.cdf(1.5), abs=1e-6)
    bounded = TotalDistribution.mixture([(_normal(3000, 30), 1.0)])
    assert bounded.plus(distribution).interval()[1] == math.inf
