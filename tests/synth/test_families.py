"""The derived family names: many, distinct, well formed, and frequent only as often as real ones."""

from __future__ import annotations

import random
import re
from collections import Counter

import pytest

from athar.synth.families import TAIL_SHARE, derived_family_names, tail_weights
from athar.synth.lexicon import lexicon
from athar.synth.people import Population
from athar.synth.world import world

ARABIC_WORD = re.compile(r"^[\u0621-\u064A]+( [\u0621-\u064A]+)?$")


def test_derived_names_are_distinct_arabic_with_a_latin_base() -> None:
    names = derived_family_names([("خالد", "Khalid"), ("عبد الله", "Abd Allah")], exclude=["الخالد"])
    arabic = [a for a, _ in names]
    assert len(arabic) == len(set(arabic)) > 1000
    assert "الخالد" not in arabic  # excluded: already curated
    assert "أبو خالد" in arabic
    assert not any("عبد الله" in a for a in arabic)  # compound given names are not turned into families
    assert all(ARABIC_WORD.match(a) for a in arabic)
    assert all(re.fullmatch(r"[A-Za-z' -]+", latin) and latin.strip() == latin for _, latin in names)
    assert ("الحماد", "al-Hammad") in names  # فعّال of ح م د, doubled consonant in Latin
    assert ("حمدان", "Hamdan") in names


def test_the_tail_carries_its_share_of_the_weight() -> None:
    weights = tail_weights(500, head_total=100.0)
    assert sum(weights) / (sum(weights) + 100.0) == pytest.approx(TAIL_SHARE)
    assert weights == sorted(weights, reverse=True)


def test_the_lexicon_keeps_the_curated_names_first() -> None:
    families = lexicon().family
    assert families[0].arabic == "الحسن"
    assert len({f.arabic for f in families}) == len(families) > 1500


def test_namesakes_are_about_as_common_as_in_real_lists() -> None:
    # Among 11,962 men aged 15+ of a real Levantine casualty list, 22% share given and family
    # name with someone else and the ten commonest family names cover 5.7% (docs/benchmarks.md).
    # With the curated names alone these were 69% and 24.5%: a generator that makes namesakes
    # three times as common as life measures the wrong thing.
    population = Population(random.Random(1), lexicon(), world())
    names: list[tuple[str, str]] = []
    while len(names) < 11_962:
        names += [(p.first.arabic, p.family.arabic) for p in population.family()]
    names = names[:11_962]
    pairs = Counter(names)
    shared = sum(c for c in pairs.values() if c > 1) / len(names)
    top10 = sum(c for _, c in Counter(f for _, f in names).most_common(10)) / len(names)
    assert 0.17 <= shared <= 0.28
    assert 0.04 <= top10 <= 0.08
