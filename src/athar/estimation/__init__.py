"""athar.estimation: multiple systems estimation — how many persons no list recorded (pure Python,
statsmodels, no Django).

- `CaptureHistories`: persons per combination of lists; `read_histories` reads spec §7's CSV.
- `estimate_total` / `estimate_stratified` → `Estimate`: log-linear Poisson models with pairwise
  interactions, weighed by AIC or BIC (all models up to 4 lists, stepwise for 5–6), the total
  averaged over the plausible models (Buckland, Burnham & Augustin 1997) with a 95 % interval from
  a parametric bootstrap that repeats the fitting, weighing and averaging (Buckland & Garthwaite
  1991; `athar.estimation.bootstrap`), small strata pooled, strata added replicate by replicate.
  One model alone (`average=False`): its profile likelihood interval (Cormack 1992), strata added by
  convolving their confidence distributions (`athar.estimation.distribution`).
- `fit_model`, `profile_interval`, `select_model`, `LogLinearModel`: the parts, for checking.
- `ASSUMPTIONS`: what every estimate assumes, in plain words, to print beside it.

What it cannot do: see docs/statistics.md. In short — the estimate is a minimum, not a census;
it cannot see persons no list could ever reach, nor heterogeneity of catchability inside a stratum
beyond pairwise list dependence; its interval does not include linkage errors (compare two match
thresholds) nor models outside the space searched.
"""

from athar.estimation.estimate import (
    ASSUMPTIONS,
    Estimate,
    estimate_stratified,
    estimate_total,
    pool_strata,
)
from athar.estimation.fit import ModelFit, fit_model
from athar.estimation.histories import MAX_LISTS, MIN_LISTS, CaptureHistories, all_histories
from athar.estimation.interval import Interval, profile_interval
from athar.estimation.models import LogLinearModel, enumerate_models
from athar.estimation.read import HistoriesFileError, read_histories
from athar.estimation.select import NoEstimableModel, Selection, select_model

__all__ = [
    "ASSUMPTIONS",
    "MAX_LISTS",
    "MIN_LISTS",
    "CaptureHistories",
    "Estimate",
    "HistoriesFileError",
    "Interval",
    "LogLinearModel",
    "ModelFit",
    "NoEstimableModel",
    "Selection",
    "all_histories",
    "enumerate_models",
    "estimate_stratified",
    "estimate_total",
    "fit_model",
    "pool_strata",
    "profile_interval",
    "read_histories",
    "select_model",
]
