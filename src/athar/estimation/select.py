"""Choose a log-linear model by an information criterion (AIC by default, or BIC).

Up to four lists every model of `athar.estimation.models` is fitted and the one with the lowest
criterion among the estimable ones is chosen; five or six lists are searched stepwise (see
`models`). Akaike weights over the fitted models are reported so a reader sees how clear the choice
was; `athar.estimation.estimate` averages over the models holding most of the weight.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from athar.errors import AtharError
from athar.estimation.fit import ModelFit, fit_model
from athar.estimation.histories import CaptureHistories
from athar.estimation.models import ENUMERATED_UP_TO, LogLinearModel, all_pairs, enumerate_models

CRITERIA = ("aic", "bic")


class NoEstimableModel(AtharError):
    """No model of the space can be fitted to these histories (e.g. the lists do not overlap)."""


@dataclass(frozen=True)
class Selection:
    chosen: ModelFit
    candidates: tuple[ModelFit, ...]  # every estimable model fitted, best first
    criterion: str
    search: str  # "all models" or "stepwise"

    def weight(self, fit: ModelFit) -> float:
        """Akaike-style weight exp(−Δ/2), normalised over the candidates."""
        best = self.candidates[0].criterion(self.criterion)
        raw = [math.exp(-(c.criterion(self.criterion) - best) / 2) for c in self.candidates]
        return math.exp(-(fit.criterion(self.criterion) - best) / 2) / sum(raw)


def _rank(fits: list[ModelFit], criterion: str) -> tuple[ModelFit, ...]:
    usable = [f for f in fits if f.is_estimable]
    return tuple(sorted(usable, key=lambda f: (f.criterion(criterion), f.model.parameter_count,
                                                f.model.interactions)))


def _stepwise(histories: CaptureHistories, criterion: str) -> list[ModelFit]:
    """Forward–backward search from independence, one interaction at a time."""
    lists = histories.lists
    cache: dict[LogLinearModel, ModelFit] = {}

    def fitted(model: LogLinearModel) -> ModelFit:
        if model not in cache:
            cache[model] = fit_model(histories, model)
        return cache[model]

    current = fitted(LogLinearModel(lists))
    if not current.is_estimable:
        return list(cache.values())
    while True:
        neighbours = [current.model.with_interaction(p) for p in all_pairs(len(lists))
                      if p not in current.model.interactions]
        neighbours += [current.model.without_interaction(p) for p in current.model.interactions]
        ranked = _rank([fitted(m) for m in neighbours], criterion)
        if not ranked or ranked[0].criterion(criterion) >= current.criterion(criterion) - 1e-9:
            return list(cache.values())
        current = ranked[0]


def select_model(histories: CaptureHistories, *, criterion: str = "aic") -> Selection:
    if criterion not in CRITERIA:
        raise ValueError(f"criterion must be one of {CRITERIA}")
    if len(histories.lists) <= ENUMERATED_UP_TO:
        fits = [fit_model(histories, m) for m in enumerate_models(histories.lists)]
        search = "all models"
    else:
        fits = _stepwise(histories, criterion)
        search = "stepwise"
    ranked = _rank(fits, criterion)
    if not ranked:
        raise NoEstimableModel("no log-linear model can be fitted to these capture histories "
                               "(too few persons, or lists that do not overlap)")
    return Selection(chosen=ranked[0], candidates=ranked, criterion=criterion, search=search)
