"""Simulated populations with a known total, for tests and `athar bench mse`.

Each stratum is drawn from a log-linear model: capture probabilities differ between strata (the
main effects), and some lists depend on each other (positive pairwise interactions, as when one
organisation's list is built partly from another's, and a negative one, as when two lists cover
people who rarely talk to both). Within a stratum every person of the same history pattern is
equally catchable: no hidden heterogeneity, which log-linear models cannot see (stated as an
assumption of every estimate).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np

from athar.estimation.histories import CaptureHistories

LISTS = ("A", "B", "C", "D")


@dataclass(frozen=True)
class StratumDesign:
    name: str
    size: int
    main_effects: tuple[float, ...]  # log-odds of being on each list, alone


# Three strata of different sizes and catchability; A–B and C–D depend positively, B–C negatively.
DEFAULT_STRATA = (
    StratumDesign("north", 3000, (-1.4, -1.8, -1.2, -2.0)),
    StratumDesign("centre", 5000, (-0.9, -1.1, -1.6, -1.3)),
    StratumDesign("south", 2000, (-2.0, -1.5, -1.9, -1.6)),
)
DEFAULT_INTERACTIONS = {(0, 1): 1.0, (2, 3): 0.8, (1, 2): -0.5}


def cell_probabilities(design: StratumDesign, interactions: dict[tuple[int, int], float]
                       ) -> tuple[list[tuple[int, ...]], np.ndarray]:
    """Every history including all-zero, with its probability under the log-linear model."""
    histories = list(itertools.product((0, 1), repeat=len(design.main_effects)))
    weights = []
    for h in histories:
        log_weight = sum(b * v for b, v in zip(design.main_effects, h, strict=True))
        log_weight += sum(g * h[i] * h[j] for (i, j), g in interactions.items())
        weights.append(math.exp(log_weight))
    p = np.asarray(weights)
    return histories, p / p.sum()


def simulate_strata(seed: int, strata: tuple[StratumDesign, ...] = DEFAULT_STRATA,
                    interactions: dict[tuple[int, int], float] | None = None,
                    lists: tuple[str, ...] = LISTS) -> tuple[dict[str, CaptureHistories], int]:
    """Observed histories per stratum and the true total (persons on no list included)."""
    rng = np.random.default_rng(seed)
    chosen = DEFAULT_INTERACTIONS if interactions is None else interactions
    out: dict[str, CaptureHistories] = {}
    for design in strata:
        histories, p = cell_probabilities(design, chosen)
        drawn = rng.multinomial(design.size, p)
        counts = {h: int(c) for h, c in zip(histories, drawn, strict=True) if any(h) and c}
        out[design.name] = CaptureHistories(lists, counts)
    return out, sum(d.size for d in strata)
