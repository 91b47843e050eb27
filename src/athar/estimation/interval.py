"""Profile likelihood interval for the total (Cormack 1992), the interval athar reports.

Why this and not estimate ± 1.96 SE or a bootstrap: the distribution of the estimated total is
skewed (it cannot fall below the number observed, and a few overlaps more or less move it a lot
upwards), so a symmetric Wald interval is too short above and can fall below the observed count.
The profile interval follows the skew, never goes below the observed count, is what Rcapture and
Cormack (1992) use (so results can be checked against published ones), and is deterministic (a
bootstrap would give a different report on each run for the same data).

How: for a candidate number `u` of persons on no list, the model is refitted to the full 2^t table
with `u` in the unobserved cell; the multinomial profile log-likelihood of N = n + u is
`−D(u)/2 + log N! − N log N − log u! + u log u` (D the Poisson deviance of that fit, the other terms
turning the Poisson likelihood into the multinomial one). The interval holds every N whose
log-likelihood is within χ²₁(0.95)/2 of the maximum. It does not include the uncertainty of
choosing the model (`confidence_curve` gives what averaging over models needs), nor of the linkage
that built the histories.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import statsmodels.api as sm
from numpy.typing import NDArray
from scipy.optimize import brentq, minimize_scalar
from scipy.special import gammaln
from scipy.stats import chi2, norm

from athar.estimation.fit import design_matrix
from athar.estimation.histories import CaptureHistories, all_histories
from athar.estimation.models import LogLinearModel

_MAX_DOUBLINGS = 40


@dataclass(frozen=True)
class Interval:
    lower: float
    upper: float  # math.inf when the likelihood never falls far enough: no upper bound
    level: float


def profile_log_likelihood(histories: CaptureHistories, model: LogLinearModel) -> Callable[[float], float]:
    """The multinomial profile log-likelihood as a function of u, the persons on no list."""
    cells = all_histories(len(model.lists)) + [tuple(0 for _ in model.lists)]
    x = design_matrix(model, cells)
    observed_counts = histories.cell_counts()
    n = histories.observed

    def log_likelihood(unseen: float) -> float:
        y = np.asarray([*observed_counts, unseen], dtype=float)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            deviance = float(sm.GLM(y, x, family=sm.families.Poisson()).fit(maxiter=200).deviance)
        total = n + unseen
        u_log_u = unseen * math.log(unseen) if unseen > 0 else 0.0
        return (-deviance / 2 + float(gammaln(total + 1)) - total * math.log(total)
                + u_log_u - float(gammaln(unseen + 1)))

    return log_likelihood


def _peak_and_bounds(histories: CaptureHistories, model: LogLinearModel, log_likelihood: Callable[[float], float],
                     *, unobserved_hint: float, spread_hint: float, level: float
                     ) -> tuple[float, float, float, float]:
    """(u at the maximum, the maximum, lower u, upper u or inf) of the profile log-likelihood."""
    spread = spread_hint if math.isfinite(spread_hint) and spread_hint > 0 else max(unobserved_hint, 10.0)
    high = max(10.0, unobserved_hint + 6 * spread)
    best = minimize_scalar(lambda u: -log_likelihood(u), bounds=(0.0, high), method="bounded",
                           options={"xatol": 1e-3})
    peak_at = float(best.x)
    peak = -float(best.fun)
    cut = peak - chi2.ppf(level, 1) / 2

    def above_cut(u: float) -> float:
        return float(log_likelihood(u) - cut)

    lower = 0.0 if above_cut(0.0) >= 0 else float(brentq(above_cut, 0.0, peak_at, xtol=1e-3))
    upper_bracket = max(high, 2 * peak_at + 10)
    for _ in range(_MAX_DOUBLINGS):
        if above_cut(upper_bracket) < 0:
            upper = float(brentq(above_cut, peak_at, upper_bracket, xtol=1e-3))
            break
        upper_bracket *= 2
    else:
        upper = math.inf
    return peak_at, peak, lower, upper


def profile_interval(histories: CaptureHistories, model: LogLinearModel, *, unobserved_hint: float,
                     spread_hint: float, level: float = 0.95) -> Interval:
    """The `level` profile likelihood interval of the total. The hints (the fitted unobserved count
    and its standard error) only place the search."""
    log_likelihood = profile_log_likelihood(histories, model)
    _, _, lower, upper = _peak_and_bounds(histories, model, log_likelihood, unobserved_hint=unobserved_hint,
                                          spread_hint=spread_hint, level=level)
    n = histories.observed
    return Interval(lower=n + lower, upper=n + upper, level=level)


# Where the signed root is evaluated, as multiples of the distance from the maximum to the 95 %
# bound on each side (the signed root is ±1.96 at 1.0); past the last point it is extrapolated.
_CURVE_STEPS = (0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0, 2.5)


@dataclass(frozen=True)
class ConfidenceCurve:
    """A model's confidence distribution of the total read off its profile likelihood: at a total N,
    Φ(r(N)) with r the signed root of the likelihood ratio, sign(N − N̂)·sqrt(2(l(N̂) − l(N))). Its
    2.5 % and 97.5 % points are the 95 % profile interval; model-averaged tail area intervals
    (Fletcher & Turek 2012) mix these curves with the models' weights. Between the evaluated totals r
    is interpolated linearly (it is close to linear in N), past them extrapolated; above a model's
    last total with no upper bound it stays flat (the rest of the probability lies beyond any bound)."""

    observed: int
    totals: tuple[float, ...]  # increasing, the first at the observed count
    roots: tuple[float, ...]  # r at each total, increasing
    unbounded: bool  # no upper bound: r never reaches the level's root above the estimate

    def roots_at(self, totals: NDArray[np.float64]) -> NDArray[np.float64]:
        xs = np.asarray(self.totals)
        rs = np.asarray(self.roots)
        r = np.interp(totals, xs, rs)
        above = totals > xs[-1]
        if not self.unbounded and len(xs) > 1:
            slope = (rs[-1] - rs[-2]) / max(xs[-1] - xs[-2], 1e-9)
            r = np.where(above, rs[-1] + slope * (totals - xs[-1]), r)
        return np.where(totals < self.observed, -np.inf, r)

    def cdf(self, totals: NDArray[np.float64]) -> NDArray[np.float64]:
        """P(total ≤ N) for each N (0 below the observed count: no total can be smaller)."""
        return np.asarray(norm.cdf(self.roots_at(totals)), dtype=float)


def confidence_curve(histories: CaptureHistories, model: LogLinearModel, *, unobserved_hint: float,
                     spread_hint: float) -> tuple[ConfidenceCurve, Interval]:
    """The model's confidence curve and its 95 % profile interval (the same numbers as
    `profile_interval`)."""
    log_likelihood = profile_log_likelihood(histories, model)
    peak_at, peak, lower, upper = _peak_and_bounds(histories, model, log_likelihood,
                                                   unobserved_hint=unobserved_hint, spread_hint=spread_hint,
                                                   level=0.95)
    n = histories.observed

    def root(u: float) -> float:
        return math.copysign(math.sqrt(max(2 * (peak - log_likelihood(u)), 0.0)), u - peak_at)

    below = sorted({max(peak_at - step * (peak_at - lower), 0.0) for step in _CURVE_STEPS} | {0.0})
    points: list[tuple[float, float]] = [(u, root(u)) for u in below if u < peak_at]
    points.append((peak_at, 0.0))
    # no upper bound: look ten times further than the estimate; r stays flat past it
    reach = max(upper - peak_at, 1e-3) if math.isfinite(upper) else 10 * (peak_at + 10)
    points += [(peak_at + step * reach, root(peak_at + step * reach)) for step in _CURVE_STEPS]
    # r must increase with N; numerical noise near the maximum could break that by a hair
    roots = list(np.maximum.accumulate([r for _, r in points]))
    curve = ConfidenceCurve(observed=n, totals=tuple(n + u for u, _ in points), roots=tuple(roots),
                            unbounded=not math.isfinite(upper))
    return curve, Interval(lower=n + lower, upper=n + upper, level=0.95)
