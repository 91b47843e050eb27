"""The estimated total with its interval, for one population or stratified, with pooling.

Stratifying (by governorate group, period, …) matters because capture probabilities differ between
strata: lists that both cover Damascus well and Raqqa badly look dependent when pooled, and a single
model then underestimates. Each stratum gets its own model choice and interval; the total is the sum.

Pooling: a stratum with fewer than `min_observed` persons, or fewer than `min_overlap` persons on
two or more lists, carries too little information to fit (the overlaps are what the estimate rests
on). Such strata are pooled together into one stratum; if that pool is still too small, it is
joined to the smallest stratum big enough on its own. Which strata were pooled is reported.

The interval of a model-averaged estimate comes from a parametric bootstrap that repeats the model
choice and averaging (`athar.estimation.bootstrap`); the strata are independent, so a stratified
total's replicates are the sums of the strata's and its interval comes from them the same way.
With `average=False` (one model) the interval is that model's profile likelihood interval, and a
stratified total's is read off the convolution of the strata's confidence distributions
(`athar.estimation.distribution`). Both are checked by simulation in `athar bench mse`.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from athar.estimation.bootstrap import Replicates, bootstrap
from athar.estimation.distribution import TotalDistribution
from athar.estimation.fit import ModelFit
from athar.estimation.histories import CaptureHistories
from athar.estimation.interval import confidence_curve
from athar.estimation.models import ENUMERATED_UP_TO, enumerate_models
from athar.estimation.select import NoEstimableModel, select_model

MIN_OBSERVED = 30
MIN_OVERLAP = 5
AVERAGED_WEIGHT = 0.99  # models averaged: the best ones holding this share of the weight

ASSUMPTIONS = (
    "The estimate is of the persons who belong to the population the lists cover (the same places, "
    "period and kind of event); it says nothing about anyone outside it.",
    "It is a minimum, not a census: persons whom no list could ever record (for example whole "
    "families who never spoke to anyone) are not counted by this or any model of these lists.",
    "Every person is linked correctly across lists: a missed link makes one person two and pushes the "
    "estimate up; a false link makes two persons one and pushes it down (compare two match "
    "thresholds).",
    "Within a stratum, the lists' dependence on each other is captured by the chosen pairwise "
    "interactions; persons who are much easier to record than others in ways the model cannot see "
    "(heterogeneity) lead to an underestimate.",
    "The interval is 95 %: it covers the sampling uncertainty and the uncertainty of choosing among "
    "the plausible models (the choice is repeated on a thousand simulated copies of the data), not "
    "errors of linkage nor models outside the space searched.",
)


@dataclass(frozen=True)
class Estimate:
    """The estimate for one population or stratum (`label`), or the total of several (`strata`)."""

    label: str
    observed: int
    estimate: float
    lower: float
    upper: float
    model: str  # in words
    formula: str = ""
    criterion: str = "aic"
    search: str = ""
    deviance: float = math.nan
    degrees_of_freedom: int = 0
    model_weight: float = math.nan
    models_compared: int = 0
    models_averaged: int = 1
    pooled_from: tuple[str, ...] = ()
    strata: tuple[Estimate, ...] = field(default_factory=tuple)
    interval_method: str = ""
    # what the interval was read from (not part of the JSON): the bootstrap's replicates when the
    # models were averaged, the profile likelihood's confidence distribution otherwise
    replicates: Replicates | None = field(default=None, repr=False, compare=False)
    distribution: TotalDistribution | None = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of interchange spec §7 (extra keys are extensions, never renamings)."""

        def number(value: float) -> float | None:
            return round(value, 1) if math.isfinite(value) else None

        out: dict[str, Any] = {
            "observed": self.observed,
            "estimate": number(self.estimate),
            "lower": number(self.lower),
            "upper": number(self.upper),
            "model": self.model,
        }
        if self.label:
            out["stratum"] = self.label
        if self.formula:
            out.update(formula=self.formula, criterion=self.criterion, search=self.search,
                       deviance=round(self.deviance, 3), df=self.degrees_of_freedom,
                       model_weight=round(self.model_weight, 3), models_compared=self.models_compared,
                       models_averaged=self.models_averaged)
        if self.interval_method:
            out["interval"] = self.interval_method
        if self.pooled_from:
            out["pooled_from"] = list(self.pooled_from)
        out["strata"] = [s.to_dict() for s in self.strata]
        return out


def estimate_total(histories: CaptureHistories, *, criterion: str = "aic", label: str = "",
                   pooled_from: tuple[str, ...] = (), average: bool = True) -> Estimate:
    """Estimate the total of `histories` with a 95 % interval.

    With `average` (the default) the estimate is the weighted mean over the best models holding
    99 % of the criterion weight (Buckland, Burnham & Augustin 1997), and the interval comes from a
    parametric bootstrap that repeats the fitting, weighing and averaging on 999 tables drawn from
    the model-averaged fit (Buckland & Garthwaite 1991; `athar.estimation.bootstrap`), so that the
    uncertainty of the choice between models widens it. Without it, the chosen model's estimate and
    profile likelihood interval alone (Cormack 1992; too narrow when the choice is not clear)."""
    selection = select_model(histories, criterion=criterion)
    chosen = selection.chosen
    used: list[tuple[ModelFit, float]] = []
    mass = 0.0
    for fit in selection.candidates if average else (chosen,):
        weight = selection.weight(fit) if average else 1.0
        used.append((fit, weight))
        mass += weight
        if mass >= AVERAGED_WEIGHT:
            break
    total_weight = sum(w for _, w in used)
    mean = sum(w * fit.estimate for fit, w in used) / total_weight
    replicates: Replicates | None = None
    distribution: TotalDistribution | None = None
    if average:
        # the replicates refit the whole space searched: every model up to four lists, the models
        # the stepwise search visited on the data above that
        models = (list(enumerate_models(histories.lists)) if len(histories.lists) <= ENUMERATED_UP_TO
                  else [fit.model for fit in selection.candidates])
        replicates = bootstrap(histories, models, criterion=criterion, averaged_weight=AVERAGED_WEIGHT)
        lower, upper = replicates.interval(observed=histories.observed, estimate=mean)
        method = f"parametric bootstrap repeating the model choice ({len(replicates.estimated)} replicates)"
    else:
        curve, interval = confidence_curve(histories, chosen.model, unobserved_hint=chosen.unobserved,
                                           spread_hint=chosen.standard_error)
        distribution = TotalDistribution.mixture([(curve, 1.0)])
        lower, upper = interval.lower, interval.upper  # exactly the profile interval
        method = "profile likelihood of the chosen model"
    words = chosen.model.describe()
    if len(used) > 1:
        words = f"average of {len(used)} models; best: {words}"
    return Estimate(
        label=label,
        observed=histories.observed,
        estimate=mean,
        lower=max(float(histories.observed), lower),
        upper=upper,
        model=words,
        formula=chosen.model.formula(),
        criterion=criterion,
        search=selection.search,
        deviance=chosen.deviance,
        degrees_of_freedom=chosen.degrees_of_freedom,
        model_weight=selection.weight(chosen),
        models_compared=len(selection.candidates),
        models_averaged=len(used),
        pooled_from=pooled_from,
        interval_method=method,
        replicates=replicates,
        distribution=distribution,
    )


def _is_too_small(histories: CaptureHistories, min_observed: int, min_overlap: int) -> bool:
    on_several = sum(c for h, c in histories.counts.items() if sum(h) >= 2)
    return histories.observed < min_observed or on_several < min_overlap


def pool_strata(strata: Mapping[str, CaptureHistories], *, min_observed: int = MIN_OBSERVED,
                min_overlap: int = MIN_OVERLAP) -> dict[str, tuple[CaptureHistories, tuple[str, ...]]]:
    """Strata big enough to fit on their own, plus one pool of the small ones (see module doc).
    Returns label → (histories, names of the strata pooled into it; empty when not pooled)."""
    big = {k: v for k, v in strata.items() if not _is_too_small(v, min_observed, min_overlap)}
    small = sorted(k for k in strata if k not in big)
    out: dict[str, tuple[CaptureHistories, tuple[str, ...]]] = {k: (v, ()) for k, v in big.items()}
    if not small:
        return out
    pool = strata[small[0]]
    for name in small[1:]:
        pool = pool + strata[name]
    members = tuple(small)
    if _is_too_small(pool, min_observed, min_overlap) and big:
        host = min(big, key=lambda k: big[k].observed)
        del out[host]
        pool = pool + big[host]
        members = tuple(sorted((host, *small)))
    label = "pooled: " + " + ".join(members) if len(members) > 1 else members[0]
    out[label] = (pool, members if len(members) > 1 else ())
    return out


def estimate_stratified(strata: Mapping[str, CaptureHistories], *, criterion: str = "aic",
                        min_observed: int = MIN_OBSERVED, min_overlap: int = MIN_OVERLAP,
                        average: bool = True) -> Estimate:
    """Estimate each stratum (after pooling the small ones) and add them up."""
    if not strata:
        raise NoEstimableModel("no strata to estimate")
    groups = pool_strata(strata, min_observed=min_observed, min_overlap=min_overlap)
    results: list[Estimate] = []
    failed: list[str] = []
    for label in sorted(groups):
        histories, members = groups[label]
        try:
            results.append(estimate_total(histories, criterion=criterion, label=label, pooled_from=members,
                                          average=average))
        except NoEstimableModel:
            failed.append(label)
    if failed:
        # A stratum no model fits is too small in a way the thresholds did not see (e.g. lists that
        # never overlap there): stop and say which, rather than drop its persons from the total.
        raise NoEstimableModel(f"no model can be fitted in stratum {failed[0]}; "
                               "raise the pooling thresholds or stratify more coarsely")
    total = sum(r.estimate for r in results)
    observed = sum(r.observed for r in results)
    replicates: Replicates | None = None
    distribution: TotalDistribution | None = None
    if all(r.replicates is not None for r in results):
        replicates = functools.reduce(Replicates.plus, [r.replicates for r in results if r.replicates])
        lower, upper = replicates.interval(observed=observed, estimate=total)
        method = results[0].interval_method + ", strata added replicate by replicate"
    else:
        distribution = functools.reduce(TotalDistribution.plus,
                                        [r.distribution for r in results if r.distribution is not None])
        lower, upper = distribution.interval(0.95)
        method = "profile likelihood of each stratum's chosen model, strata convolved"
    return Estimate(
        label="",
        observed=observed,
        estimate=total,
        lower=max(float(observed), lower),
        upper=upper,
        model=f"stratified: {len(results)} strata, each with its own model (see strata)",
        criterion=criterion,
        strata=tuple(results),
        interval_method=method,
        replicates=replicates,
        distribution=distribution,
    )
