"""Search keys of a name: what the index stores per record and what a query is looked up by.

A key is a canonical token of `athar.names` (محمد, Mohammed and Mhd all give `muhammad`; الحسن and
Al-Hassan give `hasan`), plus its consonant skeleton (`c:hsn`) so that names missing from the name
dictionary, whose Arabic and Latin romanisations differ in their vowels (كسكين → `kskin`, Keskin →
`keskin`), still meet. Keys only select candidates; `scoring` decides how well each one matches.

Indexed: the full name and the name parts (first, father, grandfather, family). Not indexed: the
mother's names, so that looking for "Fatima" does not list every child of a Fatima.

What it cannot do: a name written in a script `athar.names` cannot read yields no key and can only
be found by its record id."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from functools import cache

from athar.names import canonical_tokens

INDEXED_FIELDS: tuple[str, ...] = ("full_name", "first_name", "father_name", "grandfather_name", "family_name")
MAX_KEY_LENGTH = 64
_VOWELS = frozenset("aeiouwy")
# Tokens this short say too little to retrieve by skeleton: `c:m` would match half the registry.
_MIN_SKELETON = 2


def skeleton(token: str) -> str:
    """Consonants of a canonical token in order, repeated letters once (`muhammad` → `mhmd`)."""
    out: list[str] = []
    for ch in token:
        if ch in _VOWELS or not ch.isalnum():
            continue
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


def token_keys(token: str) -> set[str]:
    keys = {token[:MAX_KEY_LENGTH]}
    consonants = skeleton(token)
    if len(consonants) >= _MIN_SKELETON:
        keys.add(("c:" + consonants)[:MAX_KEY_LENGTH])
    return keys


def name_keys(texts: Iterable[str]) -> set[str]:
    keys: set[str] = set()
    for text in texts:
        if text:
            for token in canonical_tokens(text):
                keys |= token_keys(token)
    return keys


def record_keys(row: Mapping[str, str]) -> set[str]:
    """Keys of a record given as a mapping of its `INDEXED_FIELDS`."""
    return name_keys(row.get(field) or "" for field in INDEXED_FIELDS)


def query_keys(query: str) -> set[str]:
    return name_keys([query])


@cache
def fingerprint() -> str:
    """Changes whenever the keys change (a new name dictionary, new romanisation rules), so that
    the index re-keys its records instead of silently missing them."""
    probes = ("محمد أحمد الحسن", "Mhd Ahmad Al-Hasan", "عبد الرحمن أبو زيد", "Abdulrahman Abou Zeid",
              "فاطمة الزهراء", "Fatme Zahra", "كسكين", "Keskin", "Ḥusayn ʿAlī", "ابراهيم خليل", "Brahim Khalil")
    text = "|".join(",".join(sorted(name_keys([p]))) for p in probes)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
