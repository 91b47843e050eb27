"""Transliteration habits of the synthetic Latin-script sources, written independently of
athar.names on purpose: a generator that inverted the matcher would test nothing.

A habit is a list of optional rewrite rules applied to a plain base romanisation ("Husayn",
"Abd al-Rahman"). Sampling the rules many times per name gives each style a weighted table of
spellings (`variant_table`), computed once per name, so rendering a record is a weighted pick.

- English habit: Mu-/Mo-, ay → ai/ei/ey, doubled consonants (Hassan), -ah → -a/-eh, Khaled,
  Abdul/Abdel, dh → z, Nureddin.
- French habit: u → ou (Mouhammad, Houssein), sh → ch (Cheikh), j → dj (Djamal), w → ou
  (Oualid), intervocalic s → ss, -ah → -a/-é, Abdel, Eddine.
Article habits for family names differ too: Al-Hasan / al Hasan / Alhasan / Hasan versus
El-Hassan / EL HASSAN / Al Hassan."""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Sequence
from functools import cache, partial

Rule = tuple[re.Pattern[str], tuple[str, ...], float]


def _rules(*specs: tuple[str, tuple[str, ...], float]) -> tuple[Rule, ...]:
    return tuple((re.compile(p), r, prob) for p, r, prob in specs)


ENGLISH: tuple[Rule, ...] = _rules(
    (r"^abd al-", ("abdul ", "abdel ", "abdul", "abd al-", "abd al ", "abdal"), 0.85),
    (r"^abd allah$", ("abdullah", "abdallah", "abd allah"), 0.9),
    (r" al-din$", (" eddin", "eddin", " al-din", " al din", "uddin", "eddine"), 0.8),
    (r"^mu", ("mo",), 0.6),
    (r"dh", ("z", "th", "d"), 0.5),
    (r"th(?=[aeiou])", ("s", "t"), 0.15),
    (r"ay", ("ai", "ei", "ey"), 0.7),
    (r"aw", ("ou", "aw"), 0.4),
    (r"iy", ("i", "y"), 0.5),
    (r"(?<=[aeiou])([sdtmnlr])(?=[aeiou])", (r"\1\1",), 0.2),
    (r"(?<!o)u", ("ou", "ou", "o", "oo"), 0.45),
    (r"(?<=[^aeiou])i(?=[^aeiou ]$)", ("e", "ee"), 0.4),
    (r"(?<!ll)ah$", ("a", "eh"), 0.8),
    (r"q", ("k",), 0.12),
)

FRENCH: tuple[Rule, ...] = _rules(
    (r"^abd al-", ("abdel ", "abdel", "abd el-", "abdoul "), 0.9),
    (r"^abd allah$", ("abdallah", "abdellah", "abdoullah"), 0.9),
    (r" al-din$", (" eddine", "eddine", " el-dine", " ed-dine"), 0.85),
    (r"^mu", ("mo",), 0.35),
    (r"dh", ("d", "z"), 0.6),
    (r"th", ("t",), 0.5),
    (r"sh", ("ch",), 0.9),
    (r"(?<![dn])j", ("dj",), 0.6),
    (r"ay", ("ei", "ai", "ay"), 0.9),
    (r"^w", ("ou",), 0.5),
    (r"(?<=[aeiou])s(?=[aeiou])", ("ss",), 0.8),
    (r"(?<!o)u", ("ou",), 0.85),
    (r"(?<=[^aeiou])i(?=[^aeiou ]$)", ("e",), 0.6),
    (r"(?<!ll)ah$", ("a", "é", "eh"), 0.8),
    (r"q", ("k",), 0.3),
)

STYLES: dict[str, tuple[Rule, ...]] = {"en": ENGLISH, "fr": FRENCH}
_SAMPLES = 64


def _expand_one_of(replacements: Sequence[str], rng: random.Random, match: re.Match[str]) -> str:
    return match.expand(rng.choice(replacements))


def _capitalise(text: str) -> str:
    # Title-case each word but keep a lower-case article as written ("Abd al-Rahman").
    return " ".join("-".join(p if p in ("al", "el", "ed") and i == 0 and "-" in w else p.capitalize()
                             for i, p in enumerate(w.split("-"))) for w in text.split(" "))


def _apply(base: str, rules: tuple[Rule, ...], rng: random.Random) -> str:
    text = base.lower()
    for pattern, replacements, probability in rules:
        if rng.random() < probability:
            # Doubling a consonant happens once a name, not everywhere.
            count = 1 if replacements == (r"\1\1",) else 0
            text = pattern.sub(partial(_expand_one_of, replacements, rng), text, count=count)
    return _capitalise(text)


@cache
def variant_table(base: str, style: str, extra: tuple[str, ...] = ()) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """Spellings of a base romanisation in a style, most usual first, with cumulative weights.
    Deterministic: the sampling RNG is seeded by the name and the style."""
    rng = random.Random(f"{style}:{base}")
    counts = Counter(_apply(base, STYLES[style], rng) for _ in range(_SAMPLES))
    for spelling in extra:
        counts[spelling] += max(2, _SAMPLES // (4 * len(extra)))
    return weighted_table(counts)


def weighted_table(counts: Counter[str]) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """(values, cumulative weights), most frequent first, ties alphabetical: deterministic."""
    values = sorted(counts, key=lambda v: (-counts[v], v))
    cumulative: list[float] = []
    total = 0.0
    for value in values:
        total += counts[value]
        cumulative.append(total)
    return tuple(values), tuple(cumulative)


def split_article(base: str) -> tuple[bool, str]:
    """(has article, stem) of a base family name: "al-Hasan" → (True, "Hasan")."""
    if base.lower().startswith("al-"):
        return True, base[3:]
    return False, base


# How each style writes the article of a family name (cumulative weights follow the forms).
ARTICLE_FORMS: dict[str, tuple[tuple[str, ...], tuple[float, ...]]] = {
    "en": (("Al-{}", "al-{}", "Al {}", "Al{}", "{}", "El-{}"), (40, 60, 72, 80, 95, 100)),
    "fr": (("El-{}", "El {}", "Al-{}", "El{}", "{}", "AL {}"), (35, 55, 75, 82, 95, 100)),
}
