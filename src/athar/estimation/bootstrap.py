"""A parametric bootstrap that repeats the model choice and averaging: the interval athar reports
for a model-averaged estimate.

Why: the profile likelihood interval of one model (`athar.estimation.interval`) holds when that
model is right; the model-averaged tail area (MATA) interval (Fletcher & Turek 2012) mixes the
models' profile intervals with their Akaike weights, but the weights are themselves estimated from
the same counts, and choosing a model that lacks a needed interaction moves the estimate in a way
neither sees. In simulations with dependent lists (`athar bench mse`) MATA covered the true total
about as often as nominal over 100 populations but missed 4 of the first 20, with the truth on
either side. The bootstrap below repeats the whole procedure — fit every model, weigh by the
criterion, average — on tables drawn from a fitted population, so the spread of the choice
enters the interval (Buckland & Garthwaite 1991 for capture–recapture; Buckland, Burnham &
Augustin 1997 for model selection inside the bootstrap).

How:
1. The generating population: the expected count of every one of the 2^t capture histories,
   persons on no list included, under the most general model of the space (every pairwise
   interaction the data can fit), its total rounded; the total is fixed, as the real population is
   (its persons are what we count, not a Poisson draw). Not the averaged or chosen model: a
   population drawn from a model without a dependence the data have cannot show what leaving that
   dependence out costs, which is the error of model choice this is for. Bootstrapping from the
   largest model to assess an estimate made after model selection is Efron's (2014). Measured: drawn
   from the averaged fit, the intervals were a tenth narrower and covered 93 of 100 simulated totals
   (15 of the first 20; docs/benchmarks/mse-2026-12-06-bootstrap-from-averaged-fit.md).
2. `REPLICATES` tables are drawn from it (multinomial); in each, every model of the space is
   refitted (a batched Newton–Raphson Poisson fit, the same maximum likelihood as statsmodels'
   GLM, a thousand tables at once), weighed by the same criterion and averaged over the best
   models holding the same share of the weight as on the data.
3. The pivot is the log of the estimated unseen persons over the true unseen ones in each replicate,
   log(û*/u*), less its median m: the interval for the unseen u is û·exp(−(q₉₇.₅ − m)) to
   û·exp(−(q₂.₅ − m)), and the total is the observed count plus it. The log of the unseen count is
   the scale on which its error is near symmetric (Chao 1987's log-transformed interval of the
   unseen count uses it for the same reason). The quantiles carry the spread of the model choice,
   skewed as the replicates are; the median, the bootstrap's estimate of the estimator's bias, is
   not carried into the interval, which is median-unbiased about the averaged estimate. Why: drawn
   from the general model's fit, that bias estimate is almost exactly the difference between the
   averaged and the general model's estimates on the same data (correlation 0.98 over 59 simulated
   populations of `athar bench mse`, seeds 0–20 and 100–137), i.e. mostly the general model's own
   noise: standard deviation 0.031 on the log of the unseen count, against a true bias of +0.018
   (the averaged estimator's mean over 3,000 populations drawn from the simulation's design) and a
   standard error of 0.075. It ran against the error (correlation −0.46): it moved an interval
   further down when the estimate was already low and further up when it was high — in all six
   totals the bias-corrected pivot missed on seeds 0–99 it pointed away from the truth (+0.04 to
   +0.06 for the five underestimates, −0.01 for the overestimate). A bias correction whose own
   error exceeds the bias adds error; Efron & Tibshirani (1993, ch. 10) advise leaving a bias under
   a quarter of the standard error uncorrected (here 0.018 against 0.075). Measured:
   docs/benchmarks/mse-2026-12-06-median-pivot.md and docs/statistics.md.
4. Strata are independent: the replicates of each stratum are added index by index, and the
   total's interval comes from the same pivot on the summed replicates.

The draws use a generator seeded from the counts themselves, so the same histories always give the
same interval (a report never changes between two runs on the same data).

Limits: the bootstrap's population is the general model's fit, not the truth; the estimator's own
bias (+0.7 % of the total in the simulation) is left in the interval's centre; a dependence no model of
the space can express (e.g. heterogeneity within a stratum) is no more visible to it than to the
models. With three lists the general model (all three pairs) has as many parameters as observed
histories and its estimate can be far off, which widens the interval honestly but much. With five
or six lists the replicates average over the models that the stepwise search
visited on the data (refitting the search in every replicate would multiply the time), which
understates the spread of the choice a little.

References: Buckland & Garthwaite (1991) Biometrics 47:255–268; Buckland, Burnham & Augustin (1997)
Biometrics 53:603–618; Chao (1987) Biometrics 43:783–791; Efron & Tibshirani (1993) *An
Introduction to the Bootstrap*, Chapman & Hall, ch. 10; Efron (2014) J. Am. Stat. Assoc.
109:991–1007.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from athar.estimation.fit import design_matrix
from athar.estimation.histories import CaptureHistories, all_histories
from athar.estimation.models import LogLinearModel, all_pairs

REPLICATES = 999  # quantiles at 2.5 % and 97.5 % from 25 replicates in each tail
_ITERATIONS = 60
_TOLERANCE = 1e-9
_MAX_LOG_COUNT = 40.0  # keeps exp() finite while a divergent fit runs away; such fits are dropped


@dataclass(frozen=True)
class Replicates:
    """One stratum's (or population's) bootstrap: per replicate, the persons observed, the true total
    of that replicate's population, and the estimated total."""

    observed: NDArray[np.float64]
    truth: NDArray[np.float64]
    estimated: NDArray[np.float64]

    def plus(self, other: Replicates) -> Replicates:
        """The replicates of the sum of two independent strata (paired by index: independent draws)."""
        return Replicates(self.observed + other.observed, self.truth + other.truth,
                          self.estimated + other.estimated)

    def interval(self, *, observed: int, estimate: float, level: float = 0.95) -> tuple[float, float]:
        """The `level` interval of the total around `estimate` from the pivot log(û*/u*), centred on
        its median (the spread of the replicates, not their bias: see the module doc)."""
        unseen_hat = self.estimated - self.observed
        unseen_true = self.truth - self.observed
        usable = np.isfinite(unseen_hat) & (unseen_hat > 0) & (unseen_true > 0)
        if usable.sum() < 0.9 * len(unseen_hat):
            return float(observed), math.inf  # the estimate runs away too often to bound it
        pivots = np.log(unseen_hat[usable]) - np.log(unseen_true[usable])
        tail = (1 - level) / 2
        # a replicate that gave no estimate counts as one far too high: the cautious side
        failed = int(len(unseen_hat) - usable.sum())
        pivots = np.concatenate([pivots, np.full(failed, np.inf)])
        # the replicates' spread, not their bias: centred on the pivots' median (module doc, step 3)
        centre = float(np.median(pivots))
        low_q, high_q = np.quantile(pivots, [tail, 1 - tail]) - centre
        unseen = max(estimate - observed, 1e-9)
        lower = observed + unseen * math.exp(-high_q) if math.isfinite(high_q) else float(observed)
        upper = observed + unseen * math.exp(-low_q)
        return lower, upper


def poisson_fits(x: NDArray[np.float64], y: NDArray[np.float64]) -> tuple[NDArray[np.float64],
                                                                          NDArray[np.float64],
                                                                          NDArray[np.bool_]]:
    """Maximum likelihood Poisson log-linear fits of one design `x` (cells × parameters) to many
    tables `y` (tables × cells) at once, by iteratively reweighted least squares (Newton–Raphson:
    the canonical link). Returns the coefficients (tables × parameters), the log-likelihoods without
    the constant −Σ log y! (tables), and whether each fit converged to a finite optimum."""
    tables = y.shape[0]
    mu = (y + y.mean(axis=1, keepdims=True)) / 2 + 0.1  # statsmodels' start, kept off zero
    eta = np.log(mu)
    beta = np.zeros((tables, x.shape[1]))
    ridge = 1e-12 * np.eye(x.shape[1])
    parameters = x.shape[1]
    # X'WX for every table at once as one matrix product: row c of `outer` is x_c x_cᵀ, flattened
    outer = np.einsum("ci,cj->cij", x, x).reshape(len(x), parameters * parameters)
    converged = np.zeros(tables, dtype=bool)
    for _ in range(_ITERATIONS):
        z = eta + (y - mu) / mu
        xtwx = (mu @ outer).reshape(tables, parameters, parameters) + ridge
        xtwz = (mu * z) @ x
        try:
            beta = np.linalg.solve(xtwx, xtwz[..., None])[..., 0]
        except np.linalg.LinAlgError:
            beta = np.stack([np.linalg.lstsq(a, b, rcond=None)[0] for a, b in zip(xtwx, xtwz, strict=True)])
        new_eta = np.clip(beta @ x.T, -_MAX_LOG_COUNT, _MAX_LOG_COUNT)
        change = np.max(np.abs(new_eta - eta), axis=1)
        eta = new_eta
        mu = np.exp(eta)
        converged = change < _TOLERANCE * (1 + np.max(np.abs(eta), axis=1))
        if converged.all():
            break
    finite = np.all(np.abs(eta) < _MAX_LOG_COUNT - 1e-6, axis=1) & np.all(np.isfinite(beta), axis=1)
    log_likelihood = np.sum(y * eta - mu, axis=1)
    return beta, log_likelihood, converged & finite


def _criterion_penalty(model: LogLinearModel, criterion: str, observed: NDArray[np.float64]) -> NDArray[np.float64]:
    k = model.parameter_count
    if criterion == "aic":
        return np.full(len(observed), 2.0 * k)
    return np.log(np.maximum(observed, 2.0)) * k  # as ModelFit.bic


def averaged_estimates(histories_lists: tuple[str, ...], tables: NDArray[np.float64],
                       models: Sequence[LogLinearModel], *, criterion: str, averaged_weight: float
                       ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """For each observed table (tables × the 2^t − 1 cells of `all_histories`): the model-averaged
    total, as `estimate_total` computes it (weights exp(−Δ/2) over the estimable models, the best
    models holding `averaged_weight` of it), and the model-averaged expected counts of all 2^t
    cells, the unobserved last (tables × 2^t)."""
    cells = all_histories(len(histories_lists))
    full_cells = [*cells, tuple(0 for _ in histories_lists)]
    observed = tables.sum(axis=1)
    scores = np.full((len(tables), len(models)), np.inf)
    totals = np.full((len(tables), len(models)), np.nan)
    expected = np.zeros((len(tables), len(models), len(full_cells)))
    for m, model in enumerate(models):
        x = design_matrix(model, cells)
        beta, log_likelihood, ok = poisson_fits(x, tables)
        for i, j in model.interactions:  # a dependence between lists nobody is on together: no estimate
            on_both = [c for c, h in enumerate(cells) if h[i] and h[j]]
            ok &= tables[:, on_both].sum(axis=1) > 0
        unseen = np.exp(np.clip(beta[:, 0], None, 700.0))
        ok &= np.isfinite(unseen) & (beta[:, 0] < 700.0)
        scores[:, m] = np.where(ok, -2 * log_likelihood + _criterion_penalty(model, criterion, observed), np.inf)
        totals[:, m] = observed + unseen
        expected[:, m, :] = np.exp(np.clip(beta @ design_matrix(model, full_cells).T, None, 700.0))
    best = scores.min(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", over="ignore"):
        weights = np.where(np.isfinite(scores), np.exp(-(scores - best) / 2), 0.0)
        weights /= weights.sum(axis=1, keepdims=True)
    # keep the best models until they hold `averaged_weight` (ties broken as `select` ranks: by order)
    order = np.argsort(-weights, axis=1, kind="stable")
    ranked = np.take_along_axis(weights, order, axis=1)
    before = np.cumsum(ranked, axis=1) - ranked
    kept_ranked = np.where(before < averaged_weight - 1e-12, ranked, 0.0)
    kept = np.zeros_like(weights)
    np.put_along_axis(kept, order, kept_ranked, axis=1)
    with np.errstate(invalid="ignore"):
        kept /= kept.sum(axis=1, keepdims=True)
        estimate = np.nansum(np.where(kept > 0, kept * totals, 0.0), axis=1)
        cells_expected = np.einsum("bm,bmc->bc", kept, np.where(kept[..., None] > 0, expected, 0.0))
    no_model = ~np.isfinite(best[:, 0])
    estimate[no_model] = np.nan
    return estimate, cells_expected


def _seed(histories: CaptureHistories, criterion: str) -> int:
    text = repr((histories.lists, histories.cell_counts(), criterion))
    return zlib.crc32(text.encode("utf-8"))


def generating_model(histories: CaptureHistories) -> LogLinearModel:
    """The most general model of the space that the data can fit: every pairwise interaction but
    those between lists nobody is on together (their terms have no finite estimate)."""
    pairs = all_pairs(len(histories.lists))
    return LogLinearModel(histories.lists, tuple(p for p in pairs if histories.overlap(*p) > 0))


def bootstrap(histories: CaptureHistories, models: Sequence[LogLinearModel], *, criterion: str,
              averaged_weight: float, replicates: int = REPLICATES) -> Replicates:
    """The replicates of the averaged estimator for `histories` (see the module doc)."""
    table = np.asarray([histories.cell_counts()], dtype=float)
    _, cells_expected = averaged_estimates(histories.lists, table, [generating_model(histories)],
                                           criterion=criterion, averaged_weight=1.0)
    if not np.all(np.isfinite(cells_expected[0])):
        # the general model runs away (too few on several lists): draw from the averaged fit instead
        _, cells_expected = averaged_estimates(histories.lists, table, models, criterion=criterion,
                                               averaged_weight=averaged_weight)
    expected = cells_expected[0]
    total = max(int(round(float(expected.sum()))), histories.observed)
    rng = np.random.default_rng(_seed(histories, criterion))
    drawn = rng.multinomial(total, expected / expected.sum(), size=replicates).astype(float)
    observed_tables = drawn[:, :-1]
    estimated, _ = averaged_estimates(histories.lists, observed_tables, models, criterion=criterion,
                                      averaged_weight=averaged_weight)
    return Replicates(observed=observed_tables.sum(axis=1), truth=np.full(replicates, float(total)),
                      estimated=estimated)
