"""Log-linear models of capture histories and the space of models searched.

A model has a main effect per list (how likely each list is to record a person) and a chosen set of
pairwise interactions (two lists that tend to record the same persons — e.g. a family-report list
and a list compiled from those same families' testimonies — or avoid each other). Every model here
is hierarchical (interactions only between lists whose main effects are in it). Terms of three or
more lists are not searched: with three lists the three-way term leaves nothing to estimate the
unobserved cell from, and with more lists they are rarely supported by the counts of human-rights
data; their absence is one of the assumptions stated to the reader.

Model space:
- 3 lists: all 8 subsets of the 3 pairwise interactions.
- 4 lists: all 64 subsets of the 6 pairwise interactions.
- 5 or 6 lists (10 or 15 pairs; 1,024 or 32,768 subsets): not enumerated; `athar.estimation.select`
  searches stepwise (forward from independence, adding or dropping one interaction at a time while
  the information criterion improves), as is usual for five or more lists (e.g. Silverman 2014).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

Pair = tuple[int, int]

ENUMERATED_UP_TO = 4  # lists; above this the space is searched stepwise


@dataclass(frozen=True, order=True)
class LogLinearModel:
    """Main effects for every list plus the given pairwise interactions (indices into `lists`)."""

    lists: tuple[str, ...]
    interactions: tuple[Pair, ...] = ()

    def __post_init__(self) -> None:
        normalised = tuple(sorted({(min(p), max(p)) for p in self.interactions}))
        for i, j in normalised:
            if i == j or not (0 <= i < len(self.lists) and 0 <= j < len(self.lists)):
                raise ValueError(f"no such pair of lists: {(i, j)}")
        object.__setattr__(self, "interactions", normalised)

    def with_interaction(self, pair: Pair) -> LogLinearModel:
        return LogLinearModel(self.lists, (*self.interactions, pair))

    def without_interaction(self, pair: Pair) -> LogLinearModel:
        return LogLinearModel(self.lists, tuple(p for p in self.interactions if p != pair))

    @property
    def parameter_count(self) -> int:
        """Intercept + one main effect per list + one per interaction."""
        return 1 + len(self.lists) + len(self.interactions)

    def formula(self) -> str:
        """Compact notation: `A + B + C + A:B` (the terms of the model)."""
        terms = list(self.lists) + [f"{self.lists[i]}:{self.lists[j]}" for i, j in self.interactions]
        return " + ".join(terms)

    def describe(self) -> str:
        """The model in words, for a report."""
        names = ", ".join(self.lists)
        if not self.interactions:
            return f"lists {names} independent of each other"
        pairs = ", ".join(f"{self.lists[i]} with {self.lists[j]}" for i, j in self.interactions)
        return f"lists {names}; dependence between {pairs}"


def all_pairs(list_count: int) -> list[Pair]:
    return list(itertools.combinations(range(list_count), 2))


def enumerate_models(lists: tuple[str, ...]) -> Iterator[LogLinearModel]:
    """Every model with main effects and any subset of pairwise interactions (≤ 4 lists only)."""
    if len(lists) > ENUMERATED_UP_TO:
        raise ValueError(f"{len(lists)} lists: the model space is searched stepwise, not enumerated")
    pairs = all_pairs(len(lists))
    for size in range(len(pairs) + 1):
        for chosen in itertools.combinations(pairs, size):
            yield LogLinearModel(lists, chosen)
