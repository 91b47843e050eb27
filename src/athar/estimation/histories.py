"""Capture histories: for each combination of lists, how many persons appear on exactly those lists.

A capture history is a tuple of 0/1, one per list, in the order of `lists`; `(1, 0, 1)` means "on
lists A and C, not on B". The all-zero history is never observed: estimating how many persons have
it is the whole point of multiple systems estimation.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from athar.errors import InputError

MIN_LISTS = 3
MAX_LISTS = 6

History = tuple[int, ...]


def all_histories(list_count: int) -> list[History]:
    """Every observable history in a fixed order: descending binary, (1,1,…,1) first, all-zero
    excluded (the order Rcapture's `histpos.t` uses, so published tables read straight in)."""
    return [h for h in itertools.product((1, 0), repeat=list_count) if any(h)]


@dataclass(frozen=True)
class CaptureHistories:
    """How many persons were seen with each capture history, for one population (or stratum)."""

    lists: tuple[str, ...]
    counts: Mapping[History, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not MIN_LISTS <= len(self.lists) <= MAX_LISTS:
            raise InputError(f"multiple systems estimation needs {MIN_LISTS} to {MAX_LISTS} lists, "
                             f"got {len(self.lists)}")
        if len(set(self.lists)) != len(self.lists):
            raise InputError("a list is named twice")
        for history, count in self.counts.items():
            if len(history) != len(self.lists) or any(v not in (0, 1) for v in history):
                raise InputError(f"history {history} does not fit {len(self.lists)} lists")
            if not any(history):
                raise InputError("a person on no list cannot have been observed")
            if count < 0:
                raise InputError(f"negative count for history {history}")

    @classmethod
    def from_rows(cls, lists: Iterable[str], rows: Iterable[Iterable[int]]) -> CaptureHistories:
        """One row per observed person, one 0/1 per list."""
        return cls(tuple(lists), dict(Counter(tuple(int(v) for v in row) for row in rows)))

    @classmethod
    def from_table(cls, lists: Iterable[str], frequencies: Iterable[int]) -> CaptureHistories:
        """Frequencies in the order of `all_histories` (a published 2^t − 1 table)."""
        names = tuple(lists)
        values = list(frequencies)
        order = all_histories(len(names))
        if len(values) != len(order):
            raise InputError(f"{len(names)} lists need {len(order)} frequencies, got {len(values)}")
        return cls(names, dict(zip(order, values, strict=True)))

    @property
    def observed(self) -> int:
        """Persons on at least one list."""
        return sum(self.counts.values())

    def cell_counts(self) -> list[int]:
        """Counts in the order of `all_histories` (zeros included)."""
        return [self.counts.get(h, 0) for h in all_histories(len(self.lists))]

    def overlap(self, i: int, j: int) -> int:
        """Persons on both list i and list j (whatever else they are on)."""
        return sum(c for h, c in self.counts.items() if h[i] and h[j])

    def list_total(self, i: int) -> int:
        return sum(c for h, c in self.counts.items() if h[i])

    def __add__(self, other: CaptureHistories) -> CaptureHistories:
        if other.lists != self.lists:
            raise ValueError("cannot add histories over different lists")
        merged = Counter(dict(self.counts))
        merged.update(dict(other.counts))
        return CaptureHistories(self.lists, dict(merged))
