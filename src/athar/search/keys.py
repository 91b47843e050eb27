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

Two readings more, because lists write names as they are spoken and not always as the dictionary
reads them (both on the record's side and the query's, so that either script finds the other):
- a part's skeletons as spoken (`spoken_skeletons`): ذ said d or z and ث said t or s in Levantine
  speech, so الباذر (`badhr`) also keys `c:bdr`, as El-Bader does (names outside the dictionary:
  a listed name's attested spellings already read as its one canonical token);
- a Latin part as written when the dictionary read it as a listed name (`part_readings`): Al-Rabih
  is read as ربيع (`rabi`, as Lebanese lists write it), yet it may be ربيح, whose record keys
  `c:rbh`; the query keys both.

What it cannot do: a name written in a script `athar.names` cannot read yields no key and can only
be found by its record id."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from functools import cache, lru_cache

from athar.names.arabic import is_arabic_char
from athar.names.latin import latin_key
from athar.names.lexicon import is_canonical
from athar.names.parse import name_tokens
from athar.names.romanise import romanise_token

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


# Digraphs of the canonical romanisation and how Levantine speech, and so the Latin lists, say them:
# colloquially ذ as d and ث as t (الباذر El-Bader, هيثم Haitam), in learned words and many names ذ
# as z and ث as s (ذاكر Zaker, ثامر Samer). A token holding one keys all three skeletons, unless it
# is a dictionary name: every attested spelling of those already reads as the one canonical token
# (Haytham, Haisam: `haitham`), and three keys for one part would weigh it thrice among candidates.
_SPOKEN = ((("dh", "d"), ("th", "t")), (("dh", "z"), ("th", "s")))


def spoken_skeletons(token: str) -> set[str]:
    """The token's skeleton and, when it holds ذ or ث, its skeletons as spoken (`badhr` → `bdhr`,
    `bdr`, `bzr`); only skeletons of `_MIN_SKELETON` letters or more."""
    skeletons = {skeleton(token)}
    if ("dh" in token or "th" in token) and not is_canonical(token):
        for speech in _SPOKEN:
            spoken = token
            for written, said in speech:
                spoken = spoken.replace(written, said)
            skeletons.add(skeleton(spoken))
    return {s for s in skeletons if len(s) >= _MIN_SKELETON}


def token_keys(token: str) -> set[str]:
    keys = {token[:MAX_KEY_LENGTH]}
    keys |= {("c:" + s)[:MAX_KEY_LENGTH] for s in spoken_skeletons(token)}
    return keys


# A Latin part read as a listed name is also read as written from this length on, the article
# taken off as `athar.names` takes it off (`alrabih` → `rabih`).
_ARTICLES = ("al", "el")
_MIN_ARTICLE_WORD = 5


def _as_written(token: str) -> str:
    core = token[2:] if token[:2] in _ARTICLES and len(token) >= _MIN_ARTICLE_WORD else token
    return latin_key(core)


@lru_cache(maxsize=500_000)
def part_readings(text: str) -> tuple[tuple[str, ...], ...]:
    """Per name part, in written order: its canonical token (`canonical_tokens`) and, for a part
    written in Latin letters whose consonants as written are not the canonical token's (the
    dictionary took it for a listed name: Rabih → `rabi`), the part as written (`rabih`)."""
    tokens, _ = name_tokens(text)
    readings: list[tuple[str, ...]] = []
    for token in tokens:
        canonical = romanise_token(token)
        if not canonical:
            continue
        written = "" if any(is_arabic_char(ch) for ch in token) else _as_written(token)
        differs = written and not spoken_skeletons(written) <= spoken_skeletons(canonical)
        readings.append((canonical, written) if differs else (canonical,))
    return tuple(readings)


def name_keys(texts: Iterable[str]) -> set[str]:
    keys: set[str] = set()
    for text in texts:
        if text:
            for canonical, *written in part_readings(text):
                keys |= token_keys(canonical)
                # A part as written only adds its skeletons: its own token would be a second key
                # for what the canonical one already says.
                keys |= {("c:" + s)[:MAX_KEY_LENGTH] for w in written for s in spoken_skeletons(w)}
    return keys


def _pair_parts(readings: tuple[str, ...]) -> set[str]:
    parts: set[str] = set()
    for token in readings:
        parts |= spoken_skeletons(token) or {token}
    return parts


def pair_key(a: str, b: str) -> str:
    """The key of two pair parts (skeletons, or tokens too short for one), in either order."""
    first, second = sorted((a, b))
    return f"{PAIR_PREFIX}{first}|{second}"[:MAX_KEY_LENGTH]


def part_pair_keys(a: tuple[str, ...], b: tuple[str, ...]) -> set[str]:
    """The keys of two name parts given by their readings (`part_readings`), in either order: one
    per skeleton of one with a skeleton of the other (one key for most names)."""
    return {pair_key(x, y) for x in _pair_parts(a) for y in _pair_parts(b)}


def is_pair_key(key: str) -> bool:
    return key.startswith(PAIR_PREFIX)


def record_pair_keys(parts: tuple[tuple[str, ...], ...]) -> set[str]:
    """First part with last, first with second (the same pair for a two-part name)."""
    if len(parts) < 2:
        return set()
    return part_pair_keys(parts[0], parts[-1]) | part_pair_keys(parts[0], parts[1])


def record_keys(row: Mapping[str, str]) -> set[str]:
    """Keys of a record given as a mapping of its `INDEXED_FIELDS`: every part's keys, and the pair
    keys of the full name and of the parts read in order (given, father, grandfather, family)."""
    keys = name_keys(row.get(field) or "" for field in INDEXED_FIELDS)
    full = row.get("full_name") or ""
    parts = " ".join(row.get(f) or "" for f in INDEXED_FIELDS[1:] if row.get(f))
    for name in {full, parts}:
        if name:
            keys |= record_pair_keys(part_readings(name))
    return keys


def query_parts(query: str) -> tuple[tuple[str, ...], ...]:
    """The query's parts' readings (`part_readings`), cut at `MAX_QUERY_PARTS`."""
    return part_readings(query)[:MAX_QUERY_PARTS]


def query_keys(query: str) -> set[str]:
    """The query's parts' keys, and the pair keys of every two of its parts (in either order: a
    register may write the family name first)."""
    parts = query_parts(query)
    keys = name_keys([query])
    for i, a in enumerate(parts):
        for b in parts[i + 1:]:
            keys |= part_pair_keys(a, b)
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
              "الدهني", "Al-Dahni", "ممنوع", "Mmdoh", "Abdulla Al-Jami", "فالح", "مكحول",
              # 2026-12-07: ذ and ث as spoken, a Latin part as written
              "الباذر", "El-Bader", "هيثم", "Haitam", "الربيح", "Yusuf Al-Rabih",
              # 2026-12-07 (eleventh stop): the article's alef lost after عبد
              "عبدلله", "عبدلرحمن")
    text = "|".join(",".join(sorted(record_keys({"full_name": p}))) for p in probes)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
