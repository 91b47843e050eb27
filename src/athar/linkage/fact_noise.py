"""How carelessly these lists carry the hard facts that the clustering guards trust.

The guards (`clustering.FactChecker`) refuse to join two records whose national IDs differ (beyond
one typing error) or whose birth years lie more than `clustering.BIRTH_YEAR_TOLERANCE` apart,
however high the pair scores. On Syrian registers and testimonies that is right: namesakes are
many, and records of one person almost never disagree there (on 100,000 synthetic records 0.08 %
of the pairs scored at 0.99 or more carry conflicting IDs; on the Gaza releases 1.1 % conflicting
birth years). Other lists are typed less carefully: in the FEBRL benchmark sets (Latin names,
addresses, a social-security number) 3 to 5 % of the records of one person carry another ID or a
mistyped birth year, and a veto on them kept apart 363 of 5,000 true pairs that scored 1.0.

So the run measures it, before clustering: among the pairs the model is sure of
(`SURE_PROBABILITY`) that both carry the fact, the share that conflict on it. At
`NOISY_SHARE` or above the fact no longer vetoes a merge on its own: the model, which weighs the
disagreement as it learnt it, decides, and the other guards still apply. Below, or with fewer than
`MIN_SURE_PAIRS` such pairs to judge by, the veto stays (the safe default). The measurement is
written to run.json and to the model, so that matching new records against the run
(`athar link --against`) uses the same guards.

What it cannot tell: a list where namesakes are so many that the model is sure of pairs of two
people would look careless too; the share is measured on the pairs the model scores before any
guard, so it is an estimate, not a count of true pairs."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from athar.linkage.clustering import (
    BIRTH_YEAR_TOLERANCE,
    Edge,
    FactChecker,
    NodeFacts,
    birth_gap,
    national_ids_compatible,
)

# The pairs the share is measured on: those the model is sure of.
SURE_PROBABILITY = 0.99
# At or above this share of sure pairs conflicting on a fact, the fact does not veto alone. The
# lists measured lie on either side by a factor of two or more: synthetic Syrian sets at most
# 0.63 % (IDs, 20,000 records), the Gaza releases 1.1 % (birth years); FEBRL 2.8 % to 5.2 %.
NOISY_SHARE = 0.02
# Fewer sure pairs carrying the fact than this: too few to judge, the veto stays.
MIN_SURE_PAIRS = 100

FACTS = ("national_id", "birth_year")


@dataclass(frozen=True)
class FactNoise:
    """Per fact: sure pairs that carry it on both sides, and how many of them conflict."""

    carried: Mapping[str, int]
    conflicting: Mapping[str, int]

    def share(self, fact: str) -> float:
        n = self.carried.get(fact, 0)
        return self.conflicting.get(fact, 0) / n if n else 0.0

    def vetoes(self, fact: str) -> bool:
        """Whether `fact` still keeps two records apart on its own in this run."""
        return self.carried.get(fact, 0) < MIN_SURE_PAIRS or self.share(fact) < NOISY_SHARE

    def checker(self, given_compatible: Callable[[str, str], bool]) -> FactChecker:
        """The clustering guards of a run with this measurement."""
        return FactChecker(given_compatible, ids_veto=self.vetoes("national_id"),
                           birth_years_veto=self.vetoes("birth_year"))

    def as_json(self) -> dict[str, Any]:
        return {fact: {"sure_pairs": self.carried.get(fact, 0), "conflicting": self.conflicting.get(fact, 0),
                       "share": round(self.share(fact), 4), "vetoes": self.vetoes(fact)} for fact in FACTS}

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> FactNoise:
        """As `as_json` wrote it; a run written before this existed (None) keeps every veto."""
        data = data or {}
        return cls(carried={f: int(v["sure_pairs"]) for f, v in data.items() if f in FACTS},
                   conflicting={f: int(v["conflicting"]) for f, v in data.items() if f in FACTS})


def measure(nodes: Sequence[NodeFacts], edges: Iterable[Edge]) -> FactNoise:
    carried = dict.fromkeys(FACTS, 0)
    conflicting = dict.fromkeys(FACTS, 0)
    for e in edges:
        if e.probability < SURE_PROBABILITY:
            continue
        x, y = nodes[e.left], nodes[e.right]
        if x.national_id and y.national_id:
            carried["national_id"] += 1
            conflicting["national_id"] += not national_ids_compatible(x.national_id, y.national_id)
        if None not in (x.birth_lo, x.birth_hi, y.birth_lo, y.birth_hi):
            carried["birth_year"] += 1
            conflicting["birth_year"] += birth_gap(x.birth_lo, x.birth_hi, y.birth_lo, y.birth_hi) \
                > BIRTH_YEAR_TOLERANCE
    return FactNoise(carried, conflicting)


def describe(noise: FactNoise) -> list[str]:
    """One line per fact that no longer vetoes, for the command's output."""
    words = {"national_id": ("different national IDs", "two records with different IDs"),
             "birth_year": (f"birth years more than {BIRTH_YEAR_TOLERANCE} years apart",
                            "two records with birth years that far apart")}
    lines = []
    for fact in FACTS:
        if noise.vetoes(fact):
            continue
        what, alone = words[fact]
        lines.append(f"{noise.share(fact):.1%} of the pairs scored {SURE_PROBABILITY} or more carry {what} "
                     f"({noise.conflicting[fact]:,} of {noise.carried[fact]:,}), too many for a typing slip: "
                     f"{alone} may still be linked when their other details agree strongly")
    return lines
