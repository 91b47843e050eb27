"""The generator's own name lists (data/names.tsv) with every spelling table precomputed.

Each name carries, once computed: its Arabic spellings as families and clerks write them
(hamza dropped from alef, ة as ه, ى as ي, عبد joined), and its Latin spellings in the English and
French habits of `athar.synth.styles`. Rendering a record then only picks from tables."""

from __future__ import annotations

import random
from bisect import bisect
from collections import Counter
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from typing import TypeVar

from athar.synth.families import derived_family_names, tail_weights
from athar.synth.styles import ARTICLE_FORMS, split_article, variant_table, weighted_table

Table = tuple[tuple[str, ...], tuple[float, ...]]
T = TypeVar("T")


def pick(table: tuple[tuple[T, ...], tuple[float, ...]], rng: random.Random) -> T:
    """A weighted pick from a (values, cumulative weights) table."""
    values, cumulative = table
    return values[bisect(cumulative, rng.random() * cumulative[-1])]


@dataclass(frozen=True)
class Name:
    arabic: str
    latin: str
    weight: float
    extra: tuple[str, ...]
    is_family: bool

    # Computed on first use: most of the long tail of family names is never rendered in Latin
    # in a small run, and building every table up front took seconds.
    @cached_property
    def arabic_table(self) -> Table:
        return _arabic_table(self.arabic)

    @cached_property
    def latin_tables(self) -> dict[str, Table]:
        return {s: (_family_table(self.latin, s) if self.is_family else variant_table(self.latin, s, self.extra))
                for s in ("en", "fr")}


def _arabic_once(name: str, rng: random.Random) -> str:
    if rng.random() < 0.3:
        name = name.replace("أ", "ا").replace("إ", "ا").replace("آ", "ا")
    if rng.random() < 0.12 and name.endswith("ة"):
        name = name[:-1] + "ه"
    if rng.random() < 0.15 and name.endswith("ى"):
        name = name[:-1] + "ي"
    if rng.random() < 0.35 and name.startswith("عبد "):
        name = "عبد" + name[4:]
    if rng.random() < 0.06 and name.startswith("ال") and " " not in name:
        name = name[2:]
    return name


def _arabic_table(name: str) -> Table:
    rng = random.Random(f"ar:{name}")
    counts = Counter(_arabic_once(name, rng) for _ in range(64))
    return weighted_table(counts)


def _family_table(base: str, style: str) -> Table:
    has_article, stem = split_article(base)
    stems = variant_table(stem, style)
    if not has_article:
        return stems
    rng = random.Random(f"family:{style}:{base}")
    counts: Counter[str] = Counter()
    for _ in range(96):
        form = pick(ARTICLE_FORMS[style], rng)
        spelling = pick(stems, rng)
        if form.endswith("{}") and form[-3:-2].isalpha():
            spelling = spelling.lower()  # Alhasan, Elhassan
        if form.startswith("AL "):
            spelling = spelling.upper()
        counts[form.format(spelling)] += 1
    return weighted_table(counts)


@dataclass(frozen=True)
class Lexicon:
    male: tuple[Name, ...]
    female: tuple[Name, ...]
    family: tuple[Name, ...]
    male_weights: tuple[float, ...]
    female_weights: tuple[float, ...]
    family_weights: tuple[float, ...]


@cache
def lexicon() -> Lexicon:
    text = resources.files("athar.synth").joinpath("data", "names.tsv").read_text(encoding="utf-8")
    groups: dict[str, list[Name]] = {"m": [], "f": [], "family": []}
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    for line in lines[1:]:
        kind, arabic, latin, weight, extra = (line.split("\t") + [""])[:5]
        groups[kind].append(Name(arabic, latin, float(weight), tuple(e for e in extra.split("|") if e),
                                 is_family=kind == "family"))

    curated = groups["family"]
    derived = derived_family_names(((n.arabic, n.latin) for n in groups["m"]), exclude=(n.arabic for n in curated))
    weights = tail_weights(len(derived), sum(n.weight for n in curated))
    groups["family"] = curated + [Name(arabic, latin, weight, (), is_family=True)
                                  for (arabic, latin), weight in zip(derived, weights, strict=True)]

    def cumulative(names: list[Name]) -> tuple[float, ...]:
        out, total = [], 0.0
        for name in names:
            total += name.weight
            out.append(total)
        return tuple(out)

    return Lexicon(tuple(groups["m"]), tuple(groups["f"]), tuple(groups["family"]),
                   cumulative(groups["m"]), cumulative(groups["f"]), cumulative(groups["family"]))
