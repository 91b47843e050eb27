"""Coverage and error of the estimator on simulated populations with a known total (`athar bench mse`).

Each seed draws the three strata of `athar.estimation.simulate` (10,000 persons; dependent lists;
catchability varying by stratum) and estimates the total twice: stratified (what athar does when
told the stratum) and ignoring the strata (what happens when it is not), so the cost of pooling
strata of different catchability shows."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from athar.estimation.estimate import estimate_stratified, estimate_total
from athar.estimation.simulate import simulate_strata

BLOCK = 20  # seeds per block: the acceptance test's size, so the spread of blocks shows


@dataclass(frozen=True)
class MethodResult:
    name: str
    seeds: int
    coverage: float
    block_coverages: tuple[float, ...]
    mean_relative_error: float  # mean of |estimate − truth| / truth
    mean_signed_error: float  # mean of (estimate − truth) / truth: bias
    mean_interval_width: float  # relative to the truth
    truth_above_interval: int  # misses where the interval was too low (an underestimate)
    truth_below_interval: int
    seconds: float
    missed_seeds: tuple[int, ...] = ()  # the seeds whose interval missed the truth, to look into


def run(first_seed: int, seeds: int, *, progress: Callable[[int], None] | None = None) -> list[MethodResult]:
    rows: dict[str, list[tuple[bool, float, float]]] = {"stratified": [], "ignoring strata": []}
    seeds_run = list(range(first_seed, first_seed + seeds))
    above: dict[str, int] = dict.fromkeys(rows, 0)
    spent = dict.fromkeys(rows, 0.0)
    for index, seed in enumerate(range(first_seed, first_seed + seeds)):
        strata, truth = simulate_strata(seed)
        started = time.perf_counter()
        stratified = estimate_stratified(strata)
        spent["stratified"] += time.perf_counter() - started
        started = time.perf_counter()
        pooled_histories = sum(list(strata.values())[1:], start=list(strata.values())[0])
        pooled = estimate_total(pooled_histories)
        spent["ignoring strata"] += time.perf_counter() - started
        for name, estimate in (("stratified", stratified), ("ignoring strata", pooled)):
            above[name] += truth > estimate.upper
            rows[name].append((estimate.lower <= truth <= estimate.upper,
                               (estimate.estimate - truth) / truth, (estimate.upper - estimate.lower) / truth))
        if progress:
            progress(index + 1)
    results = []
    for name, values in rows.items():
        covered = [c for c, _, _ in values]
        blocks = tuple(sum(covered[i:i + BLOCK]) / len(covered[i:i + BLOCK])
                       for i in range(0, len(covered), BLOCK) if len(covered[i:i + BLOCK]) == BLOCK)
        results.append(MethodResult(
            name=name, seeds=len(values), coverage=sum(covered) / len(covered), block_coverages=blocks,
            mean_relative_error=statistics.fmean(abs(e) for _, e, _ in values),
            mean_signed_error=statistics.fmean(e for _, e, _ in values),
            mean_interval_width=statistics.fmean(w for _, _, w in values),
            truth_above_interval=above[name], truth_below_interval=len(covered) - sum(covered) - above[name],
            seconds=spent[name],
            missed_seeds=tuple(seed for seed, hit in zip(seeds_run, covered, strict=True) if not hit)))
    return results
