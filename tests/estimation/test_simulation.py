"""Coverage on simulated populations with a known total (10,000 persons in three strata of different
catchability; lists A–B and C–D depend positively, B–C negatively; see athar.estimation.simulate).

The seeds 1000–1019 were fixed before they were first run, as a block not looked at while choosing
the method (the model-averaged tail area intervals and the convolution of strata were developed on
seeds 100–139, the bootstrap's generating model chosen on seeds 100–156, its pivot centred on its
median after looking at seeds 0–20 and 100–137); `athar bench mse` reports
coverage over many more seeds, in blocks of 20 (docs/statistics.md). An interval that covers 95 %
of the time still falls under 18 of 20 in about one block in 13: this test can fail by chance as
well as by a worse method, which is why the benchmark, not this block, is the measure."""

import pytest

from athar.estimation import estimate_stratified
from athar.estimation.simulate import simulate_strata


@pytest.mark.slow
def test_the_95_interval_covers_the_truth_in_at_least_18_of_20_seeds():
    covered = 0
    errors = []
    for seed in range(1000, 1020):
        strata, truth = simulate_strata(seed)
        estimate = estimate_stratified(strata)
        covered += estimate.lower <= truth <= estimate.upper
        errors.append(abs(estimate.estimate - truth) / truth)
    assert covered >= 18
    assert sum(errors) / len(errors) < 0.05
