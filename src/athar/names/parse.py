"""Parsing a Syrian/Arab full name into given, father, grandfather and family names.

The common Syrian order is given, father, (grandfather,) family: `محمد أحمد علي الحسن`. Some
registers write the family name first (`family_first=True`). Compounds (عبد + X, X + الدين,
أبو X, X + الله) stay one token; lineage particles (بن, ابن, بنت, bin, ibn, bint) are dropped;
honorifics (الحاج, الشيخ, د., Dr, Hajj, ...) are dropped when they lead the name (a family called
الشيخ stays).

Limits: roles are positional. With three parts the middle one is taken as the father and the last
as the family; with five or more the extra middle parts (great-grandfather, a second family name)
are kept in `tokens` but have no role. A name written in an unusual order is parsed wrongly unless
the caller says so; `compare.name_similarity` therefore tolerates reordering on its own.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from athar.names import lexicon
from athar.names.arabic import is_arabic_char, normalise_arabic
from athar.names.latin import normalise_latin


@dataclass(frozen=True)
class ParsedName:
    given: str | None
    father: str | None
    grandfather: str | None
    family: str | None
    tokens: tuple[str, ...]
    script: str


def _letter_class(codepoints: Iterable[int], keep: Callable[[str], bool]) -> re.Pattern[str]:
    chars = "".join(re.escape(chr(c)) for c in codepoints if chr(c).isalpha() and keep(chr(c)))
    return re.compile(f"[{chars}]")


# The exact letters each script counts, compiled once, so detection runs at C speed on every name.
_ARABIC_LETTER = _letter_class(
    [*range(0x0600, 0x0700), *range(0x0750, 0x0780), *range(0xFB50, 0xFF00)], is_arabic_char)
_LATIN_LETTER = _letter_class(
    [*range(0x80), *range(0x00C0, 0x0250), *range(0x1E00, 0x1F00)], lambda ch: not is_arabic_char(ch))


def detect_script(text: str) -> str:
    """"arabic", "latin", "mixed" (both kinds of letters) or "none" (no letters at all)."""
    arabic = _ARABIC_LETTER.search(text) is not None
    latin = _LATIN_LETTER.search(text) is not None
    if arabic and latin:
        return "mixed"
    if arabic:
        return "arabic"
    return "latin" if latin else "none"


@cache
def _stopwords() -> tuple[frozenset[str], frozenset[str]]:
    text = resources.files("athar.names").joinpath("data", "particles.tsv").read_text(encoding="utf-8")
    rows = csv.DictReader([ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")],
                          delimiter="\t")
    honorifics: set[str] = set()
    particles: set[str] = set()
    for row in rows:
        (honorifics if row["kind"] == "honorific" else particles).add(row["word"])
    return frozenset(honorifics), frozenset(particles)


def normalise_name(text: str) -> tuple[str, str]:
    """The normalised form of a full name in its own script, and the script."""
    script = detect_script(text)
    if script == "arabic":
        return normalise_arabic(text), script
    if script == "latin":
        return normalise_latin(text), script
    if script == "mixed":
        return normalise_latin(normalise_arabic(text)), script
    return "", script


@lru_cache(maxsize=200_000)
def name_tokens(text: str) -> tuple[tuple[str, ...], str]:
    """Normalised name parts in written order, honorifics and particles removed."""
    normalised, script = normalise_name(text)
    honorifics, particles = _stopwords()
    words = [w for w in normalised.split() if w not in particles and not w.isdigit()]
    while len(words) > 1 and words[0] in honorifics:
        words.pop(0)
    return tuple(words), script


# The Arabic article on a folded word (normalise_arabic folds أ/إ/آ to ا).
_ARTICLE = "ال"


@lru_cache(maxsize=200_000)
def written_order(text: str) -> str | None:
    """"family" when an Arabic full name says by itself that it is written family name first, as
    registers write it (`الجاسم ليلى محمد`: its first part carries the article, its last does not);
    "given" when it says the reverse (`محمد أحمد الحسن`); None when it says nothing. Syrian family
    names often carry the article and given names almost never do; the given names that begin with
    its letters (الياس, الهام) are in the dictionary and are not taken for it.

    Limits: a family name without the article (`منصور أحمد محمد`) says nothing, and a given name
    written with the article that the dictionary lacks (`الوليد`) is taken for a family name. Latin
    spellings are not read: their normalised form joins the article to the word (`Al-Hasan` →
    `alhasan`), which cannot be told from a name beginning with those letters (`Alaa`)."""
    tokens, script = name_tokens(text)
    if script != "arabic" or len(tokens) < 2:
        return None
    first, last = _has_article(tokens[0]), _has_article(tokens[-1])
    if first == last:
        return None
    return "family" if first else "given"


def _has_article(token: str) -> bool:
    if not token.startswith(_ARTICLE) or len(token) <= len(_ARTICLE) + 1:
        return False
    listed = lexicon.get().arabic.get(token)
    return listed is None or listed not in lexicon.get().sex


@lru_cache(maxsize=100_000)
def parse_name(text: str, *, family_first: bool = False) -> ParsedName:
    """Split a full name (either script) into its parts; see the module docstring for the rules.

    >>> p = parse_name("الحاج محمد بن أحمد عبد الرحمن الحسن")
    >>> (p.given, p.father, p.grandfather, p.family)
    ('محمد', 'احمد', 'عبدالرحمن', 'الحسن')
    """
    tokens, script = name_tokens(text)
    parts: tuple[str | None, ...]
    rest = tokens
    family: str | None = None
    if family_first and len(tokens) >= 2:
        family, rest = tokens[0], tokens[1:]
        given = rest[0]
        father = rest[1] if len(rest) >= 2 else None
        grandfather = rest[2] if len(rest) >= 3 else None
        parts = (given, father, grandfather, family)
    else:
        n = len(rest)
        parts = (
            rest[0] if n >= 1 else None,
            rest[1] if n >= 3 else None,
            rest[2] if n >= 4 else None,
            rest[-1] if n >= 2 else None,
        )
    return ParsedName(parts[0], parts[1], parts[2], parts[3], tokens, script)
