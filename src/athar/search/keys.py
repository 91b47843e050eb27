"""Search keys of a name: what the index stores per record and what a query is looked up by.

A key is a canonical token of `athar.names` (محمد, Mohammed and Mhd all give `muhammad`; الحسن and
Al-Hassan give `hasan`), plus its consonant skeleton (`c:hsn`) so that names missing from the name
dictionary, whose Arabic and Latin romanisations differ in their vowels (كسكين → `kskin`, Keskin →
`keskin`) or write ق as q or k (الشارق `sharq`, Al Sharrek `sharek`: both `c:shrk`), still meet.
Keys only select candidates; `scoring` decides how well each one matches.

Pair keys (`p:mhmd|nzr`): two parts of one name together, as skeletons, in either order. A record
stores two: its first part with its last (given and family name; family and grandfather in a
register that writes the family first) and its first with its second (given and father; family
and given). A query looks up every pair of its parts. A common given name (محمد: a quarter of the
registry) says almost nothing alone, but محمد with a family name is as selective as the family
name, and more: the engine can leave the postings of very common single keys unread and still
find the records that hold them in the places a query puts them (see `engine`).

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
# ق is romanised q by the name engine and written k (or q) in Latin lists: one letter in skeletons.
_SKELETON_FOLD = {"q": "k"}
PAIR_PREFIX = "p:"
# A query's parts paired with each other: a longer query is cut (its first parts are the given,
# father's and grandfather's names, or the family and given name: the ones worth pairing).
MAX_QUERY_PARTS = 6
# Tokens this short say too little to retrieve by skeleton: `c:m` would match half the registry.
_MIN_SKELETON = 2


def skeleton(token: str) -> str:
    """Consonants of a canonical token in order, repeated letters once, q as k (`muhammad` → `mhmd`,
    `sharq` → `shrk`)."""
    out: list[str] = []
    for ch in token:
        if ch in _VOWELS or not ch.isalnum():
            continue
        ch = _SKELETON_FOLD.get(ch, ch)
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


def _pair_part(token: str) -> str:
    consonants = skeleton(token)
    return consonants if len(consonants) >= _MIN_SKELETON else token


def pair_key(a: str, b: str) -> str:
    """The key of two canonical tokens of one name, in either order."""
    first, second = sorted((_pair_part(a), _pair_part(b)))
    return f"{PAIR_PREFIX}{first}|{second}"[:MAX_KEY_LENGTH]


def is_pair_key(key: str) -> bool:
    return key.startswith(PAIR_PREFIX)


def record_pair_keys(tokens: tuple[str, ...]) -> set[str]:
    """First part with last, first with second (the same pair for a two-part name)."""
    if len(tokens) < 2:
        return set()
    return {pair_key(tokens[0], tokens[-1]), pair_key(tokens[0], tokens[1])}


def record_keys(row: Mapping[str, str]) -> set[str]:
    """Keys of a record given as a mapping of its `INDEXED_FIELDS`: every part's keys, and the pair
    keys of the full name and of the parts read in order (given, father, grandfather, family)."""
    keys = name_keys(row.get(field) or "" for field in INDEXED_FIELDS)
    full = row.get("full_name") or ""
    parts = " ".join(row.get(f) or "" for f in INDEXED_FIELDS[1:] if row.get(f))
    for name in {full, parts}:
        if name:
            keys |= record_pair_keys(canonical_tokens(name))
    return keys


def query_keys(query: str) -> set[str]:
    """The query's parts' keys, and the pair keys of every two of its parts (in either order: a
    register may write the family name first)."""
    tokens = canonical_tokens(query)[:MAX_QUERY_PARTS]
    keys = name_keys([query])
    keys |= {pair_key(a, b) for i, a in enumerate(tokens) for b in tokens[i + 1:]}
    return keys


@cache
def fingerprint() -> str:
    """Changes whenever the keys change (a new name dictionary, new romanisation rules), so that
    the index re-keys its records instead of silently missing them."""
    probes = ("محمد أحمد الحسن", "Mhd Ahmad Al-Hasan", "عبد الرحمن أبو زيد", "Abdulrahman Abou Zeid",
              "فاطمة الزهراء", "Fatme Zahra", "كسكين", "Keskin", "Ḥusayn ʿAlī", "ابراهيم خليل", "Brahim Khalil",
              "الشارق", "Al Sharrek",
              # romanisation rules of 2026-12-06: a vowel before ه/ح (الدهني dahni), a doubled letter,
              # Abdulla before a family name, a final ح
              "الدهني", "Al-Dahni", "ممنوع", "Mmdoh", "Abdulla Al-Jami", "فالح", "مكحول")
    text = "|".join(",".join(sorted(record_keys({"full_name": p}))) for p in probes)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
