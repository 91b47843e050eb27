"""Profile likelihood intervals (Cormack 1992) against Cormack, Chang & Smith (2000), Table 3b
(industrial-injury deaths, three lists; full reference in test_fit.py).

Reported: independence 209 (203, 217); B×C 221 (210, 237); A×C + B×C 233 (204, 313). athar matches
the independence interval and both lower bounds to the reported whole persons. Its upper bounds for
the two dependence models are 236.2 and 311.5, one and two persons below the paper; Rcapture's
implementation of the same interval differs from the paper there too (its test suite leaves those
two figures out), so the paper's upper bounds are not asserted.
"""

from athar.estimation import CaptureHistories, LogLinearModel, fit_model, profile_interval

INJURY_DEATHS = CaptureHistories.from_table("ABC", [72, 5, 29, 54, 24, 3, 14])


def _interval(model):
    fit = fit_model(INJURY_DEATHS, model)
    return fit, profile_interval(INJURY_DEATHS, model, unobserved_hint=fit.unobserved,
                                 spread_hint=fit.standard_error)


def test_it_reproduces_the_independence_interval():
    fit, interval = _interval(LogLinearModel(tuple("ABC")))
    assert round(fit.estimate) == 209
    assert (round(interval.lower), round(interval.upper)) == (203, 217)


def test_it_reproduces_the_lower_bounds_of_the_dependence_models():
    _, one = _interval(LogLinearModel(tuple("ABC"), ((1, 2),)))
    fit, two = _interval(LogLinearModel(tuple("ABC"), ((0, 2), (1, 2))))
    assert round(one.lower) == 210
    assert round(fit.estimate) == 233
    assert round(two.lower) == 204
    assert round(one.upper, 1) == 236.2  # paper: 237 (see module docstring)
    assert round(two.upper, 1) == 311.5  # paper: 313


def test_the_interval_is_skewed_upwards_and_never_below_the_observed():
    fit, interval = _interval(LogLinearModel(tuple("ABC"), ((0, 1), (0, 2), (1, 2))))
    assert INJURY_DEATHS.observed <= interval.lower < fit.estimate < interval.upper
    assert interval.upper - fit.estimate > fit.estimate - interval.lower


def test_sparse_overlaps_give_a_wide_interval():
    # Four persons on two lists out of 300: the data hardly say how many were missed.
    histories = CaptureHistories.from_rows("ABC", [(1, 0, 0)] * 100 + [(0, 1, 0)] * 100 + [(0, 0, 1)] * 96
                                           + [(1, 1, 0)] * 2 + [(0, 1, 1)] * 2)
    model = LogLinearModel(tuple("ABC"))
    fit = fit_model(histories, model)
    interval = profile_interval(histories, model, unobserved_hint=fit.unobserved,
                                spread_hint=fit.standard_error)
    assert round(fit.estimate) == 7665
    assert round(interval.lower) == 3360
    assert round(interval.upper) == 24270
