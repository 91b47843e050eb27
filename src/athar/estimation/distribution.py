"""The confidence distribution of a total, on whole numbers: how the interval of a single-model
estimate (`average=False`) and of a stratified total of such estimates are read off. A
model-averaged estimate takes its interval from `athar.estimation.bootstrap` instead: the mixture
below (MATA) covered the true total in 94 of 100 simulated populations but in only 16 of the first
20 (docs/benchmarks/mse-2026-12-06-mata.md); it stays here for checking and comparison.

- One population: the weighted mixture of the averaged models' confidence curves (each Φ of the
  signed root of its profile likelihood ratio, `athar.estimation.interval.ConfidenceCurve`). Its
  2.5 % and 97.5 % points are the model-averaged tail area (MATA) profile likelihood interval of
  Fletcher & Turek (2012): each bound is where the models' tail areas, weighted, add up to 2.5 %.
  With one model it is that model's profile interval.
- Several strata: the strata are independent samples, so the distribution of the total is the
  convolution of the strata's distributions; the interval is its 2.5 % and 97.5 % points. Adding
  the strata's bounds in quadrature (what athar did before) keeps each stratum's skew in full,
  whereas a sum of skewed parts is less skewed: the total's interval came out too short below.

Limit: a confidence distribution is not a probability distribution of the true total, and the
convolution of several is an approximation (as in the Monte Carlo propagation of distributions of
JCGM 101:2008); how well its intervals cover is checked by simulation (`athar bench mse`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.signal import fftconvolve

from athar.estimation.interval import ConfidenceCurve

# How far above the estimate a curve is followed: to where its signed root reaches this (Φ = 1 − 3e-6)
_FAR_ROOT = 4.5


@dataclass(frozen=True)
class TotalDistribution:
    """Probabilities of the totals start, start + 1, …, and the probability beyond the last one
    (totals the data bound from above by no number, when a model has no upper bound)."""

    start: int
    masses: NDArray[np.float64]
    beyond: float

    @classmethod
    def mixture(cls, curves: Sequence[tuple[ConfidenceCurve, float]]) -> TotalDistribution:
        """The weighted mixture of confidence curves (weights normalised here)."""
        total_weight = sum(w for _, w in curves)
        start = min(c.observed for c, _ in curves)
        end = max(_far_total(c) for c, _ in curves)
        grid = np.arange(start, end + 1, dtype=float)
        cdf = np.zeros_like(grid)
        for curve, weight in curves:
            cdf += weight / total_weight * curve.cdf(grid)
        cdf = np.maximum.accumulate(np.clip(cdf, 0.0, 1.0))
        masses = np.diff(np.concatenate([[0.0], cdf]))
        return cls(start=start, masses=masses, beyond=float(max(1.0 - cdf[-1], 0.0)))

    def plus(self, other: TotalDistribution) -> TotalDistribution:
        """The distribution of the sum of two independent totals."""
        masses = np.clip(fftconvolve(self.masses, other.masses), 0.0, None)
        return TotalDistribution(start=self.start + other.start, masses=masses,
                                 beyond=1.0 - (1.0 - self.beyond) * (1.0 - other.beyond))

    def quantile(self, level: float) -> float:
        """The total below which `level` of the probability lies (linear between whole numbers);
        math.inf when more than 1 − `level` lies beyond every number."""
        cdf = np.cumsum(self.masses)
        if cdf[-1] < level:
            return math.inf
        totals = self.start + np.arange(len(cdf), dtype=float)
        at = int(np.searchsorted(cdf, level))
        if at == 0:
            return float(self.start)
        low, high = cdf[at - 1], cdf[at]
        return float(totals[at - 1] + (level - low) / max(high - low, 1e-300))

    def interval(self, level: float = 0.95) -> tuple[float, float]:
        tail = (1 - level) / 2
        return self.quantile(tail), self.quantile(1 - tail)


def _far_total(curve: ConfidenceCurve) -> int:
    """The whole number up to which a curve is followed (its last evaluated total when it has no
    upper bound: the rest of its probability counts as beyond)."""
    last_total, last_root = curve.totals[-1], curve.roots[-1]
    if curve.unbounded or last_root >= _FAR_ROOT or len(curve.totals) < 2:
        return math.ceil(last_total)
    slope = (last_root - curve.roots[-2]) / max(last_total - curve.totals[-2], 1e-9)
    if slope <= 0:
        return math.ceil(last_total)
    return math.ceil(last_total + (_FAR_ROOT - last_root) / slope)
