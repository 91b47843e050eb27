"""Fit one log-linear model to capture histories (Poisson GLM, statsmodels) and read off the total.

The observed 2^t − 1 cells are fitted by a Poisson regression on the model's terms; the intercept is
the log of the expected count of the unobserved cell (on no list), so the estimated total is
`observed + exp(intercept)` (Fienberg 1972; Cormack 1989). The standard error is the delta-method
one, `sqrt(exp(b0) + exp(2 b0) var(b0))`, as in Rcapture; athar reports the profile likelihood
interval (`athar.estimation.interval`) rather than estimate ± 1.96 SE, which is too narrow on the
low side when few persons are on several lists.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
import statsmodels.api as sm
from numpy.typing import NDArray

from athar.estimation.histories import CaptureHistories, History, all_histories
from athar.estimation.models import LogLinearModel


def design_matrix(model: LogLinearModel, histories: list[History]) -> NDArray[np.float64]:
    """Columns: intercept, one per list, one per interaction (product of the two lists' 0/1)."""
    h = np.asarray(histories, dtype=float).reshape(len(histories), len(model.lists))
    columns = [np.ones(len(histories))] + [h[:, i] for i in range(len(model.lists))]
    columns += [h[:, i] * h[:, j] for i, j in model.interactions]
    return np.column_stack(columns)


@dataclass(frozen=True)
class ModelFit:
    """One fitted model: the estimate and how well the model describes the observed cells."""

    model: LogLinearModel
    observed: int
    unobserved: float  # expected persons on no list, exp(intercept)
    standard_error: float
    deviance: float
    degrees_of_freedom: int
    log_likelihood: float
    is_estimable: bool
    problem: str = ""

    @property
    def estimate(self) -> float:
        return self.observed + self.unobserved

    @property
    def aic(self) -> float:
        return -2 * self.log_likelihood + 2 * self.model.parameter_count

    @property
    def bic(self) -> float:
        # log(persons observed), the usual sample size of capture-recapture BIC (not the cell count)
        return -2 * self.log_likelihood + math.log(max(self.observed, 2)) * self.model.parameter_count

    def criterion(self, name: str) -> float:
        return {"aic": self.aic, "bic": self.bic}[name]


def fit_model(histories: CaptureHistories, model: LogLinearModel) -> ModelFit:
    """Fit `model`. A model is marked not estimable (and never selected) when nobody is on two lists,
    when an interaction joins two lists nobody is on together (its term runs to minus infinity and the total with it), when the
    fit does not converge, or when the estimate is not finite."""
    if model.lists != histories.lists:
        raise ValueError("model and histories name different lists")
    cells = all_histories(len(model.lists))
    y = np.asarray(histories.cell_counts(), dtype=float)
    x = design_matrix(model, cells)
    problem = ""
    empty = [(i, j) for i, j in model.interactions if histories.overlap(i, j) == 0]
    if not any(c for h, c in histories.counts.items() if sum(h) >= 2):
        problem = "nobody is on more than one list"  # no overlap: nothing to estimate from
    elif empty:
        i, j = empty[0]
        problem = f"nobody is on both {model.lists[i]} and {model.lists[j]}"
    if x.shape[1] > len(cells):
        problem = problem or "more parameters than capture histories"
    if problem:
        return ModelFit(model, histories.observed, math.inf, math.inf, math.nan,
                        len(cells) - x.shape[1], -math.inf, False, problem)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # perfect-fit and separation warnings: judged below instead
        result = sm.GLM(y, x, family=sm.families.Poisson()).fit(maxiter=200)
    b0 = float(result.params[0])
    variance = float(result.cov_params()[0, 0])
    unobserved = math.exp(b0) if b0 < 700 else math.inf
    se = math.sqrt(unobserved + unobserved**2 * variance) if math.isfinite(unobserved) else math.inf
    converged = bool(result.converged) if hasattr(result, "converged") else True
    is_estimable = converged and math.isfinite(unobserved) and math.isfinite(se)
    if not converged:
        problem = "the fit did not converge"
    elif not is_estimable:
        problem = "the estimate is not finite"
    return ModelFit(
        model=model,
        observed=histories.observed,
        unobserved=unobserved,
        standard_error=se,
        deviance=max(float(result.deviance), 0.0),
        degrees_of_freedom=int(round(result.df_resid)),
        log_likelihood=float(result.llf),
        is_estimable=is_estimable,
        problem=problem,
    )
