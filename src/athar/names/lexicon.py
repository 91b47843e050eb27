"""The name dictionary: common Syrian/Levantine given and family names with attested Latin spellings.

Data lives in `data/given_names.tsv` and `data/family_names.tsv` (reviewed like code). Each row gives
one name: its Arabic spelling(s), a canonical ASCII romanisation, a frequency class (3 very common,
2 common, 1 ordinary) and the Latin spellings seen for it. The canonical romanisation is the
identity of the name: two tokens with the same canonical form are the same name, two tokens with
different canonical forms from this dictionary are different names (محمد ≠ محمود).

Limits: coverage is a few hundred names written from general knowledge, not a census; anything
not listed falls back to rule-based romanisation (`romanise.py`). A Latin spelling that could
belong to two names is listed under one only (the commoner reading).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Lexicon:
    arabic: dict[str, str]  # folded Arabic token (no spaces, no article) → canonical
    latin: dict[str, str]  # latin_key(spelling) → canonical
    freq: dict[str, int]  # canonical → frequency class
    sex: dict[str, str]  # canonical → m / f / u (given names only)
    family: frozenset[str]  # canonicals listed as family names


def _rows(filename: str) -> list[dict[str, str]]:
    text = resources.files("athar.names").joinpath("data", filename).read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def _latin_spelling_key(spelling: str) -> str:
    from athar.names.latin import fold_latin, latin_key

    return latin_key(fold_latin(spelling).replace(" ", ""))


@cache
def get() -> Lexicon:
    # Imported here: arabic.py and latin.py use this module, and the dictionary is normalised with them.
    from athar.names.arabic import fold_arabic

    arabic: dict[str, str] = {}
    latin: dict[str, str] = {}
    freq: dict[str, int] = {}
    sex: dict[str, str] = {}
    family: set[str] = set()
    ambiguous: set[str] = set()
    own: dict[str, str] = {}
    for filename, is_family in (("given_names.tsv", False), ("family_names.tsv", True)):
        for row in _rows(filename):
            canon = row["canonical"].strip()
            f = int(row.get("freq") or 1)
            freq[canon] = max(freq.get(canon, 0), f)
            if is_family:
                family.add(canon)
            else:
                sex[canon] = row.get("sex", "u").strip() or "u"
            for spelling in row["arabic"].split("|"):
                key = fold_arabic(spelling).replace(" ", "")
                if key.startswith("ال") and len(key) > 4 and is_family:
                    key = key[2:]
                if key:
                    arabic.setdefault(key, canon)
            own.setdefault(_latin_spelling_key(canon), canon)
            for spelling in row["latin"].split(","):
                if spelling.strip():
                    key = _latin_spelling_key(spelling)
                    if latin.setdefault(key, canon) != canon:
                        ambiguous.add(key)
    # A Latin spelling listed for two different names identifies neither (Hamad: حمد or حماد?).
    for key in ambiguous:
        del latin[key]
    for key, canon in own.items():
        if key not in ambiguous:
            latin.setdefault(key, canon)
    return Lexicon(arabic, latin, freq, sex, frozenset(family))


def is_known_arabic(word: str) -> bool:
    """Whether a folded Arabic word (article allowed) is a dictionary name."""
    table = get().arabic
    return word in table or (word.startswith("ال") and word[2:] in table)


def is_canonical(token: str) -> bool:
    return token in get().freq
