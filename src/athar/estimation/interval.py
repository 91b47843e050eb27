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
choosing the model, nor of the linkage that built the histories.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import statsmodels.api as sm
from scipy.optimize import brentq, minimize_scalar
from scipy.special import gammaln
from scipy.stats import chi2

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


def profile_interval(histories: CaptureHistories, model: LogLinearModel, *, unobserved_hint: float,
                     spread_hint: float, level: float = 0.95) -> Interval:
    """The `level` profile likelihood interval of the total. The hints (the fitted unobserved count
    and its standard error) only place the search."""
    n = histories.observed
    log_likelihood = profile_log_likelihood(histories, model)
    spread = spread_hint if math.isfinite(spread_hint) and spread_hint > 0 else max(unobserved_hint, 10.0)
    high = max(10.0, unobserved_hint + 6 * spread)
    best = minimize_scalar(lambda u: -log_likelihood(u), bounds=(0.0, high), method="bounded",
                           options={"xatol": 1e-3})
    peak_at = float(best.x)
    cut = -float(best.fun) - chi2.ppf(level, 1) / 2

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
    return Interval(lower=n + lower, upper=n + upper, level=level)
