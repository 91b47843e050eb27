"""Latin-script normalisation for Arabic names.

`normalise_latin` makes the surface uniform: case, accents, ayn/hamza marks and apostrophes
(` ' ʿ ʾ ’), punctuation, abbreviations (Mhd, Moh'd, Abd.), the article (al-, el-, Al , El, -ul-,
assimilated ar-/as-/ash-/ad-/an-/at-/az-), and spacing in compounds (Abd al-Rahman, Abdel Rahman,
Nour Eddine, Abu Zaid, Nasr Allah are each joined into one word).

`latin_key` folds one word's French and English transliteration habits into one spelling: ou/oo→u,
ee→i, o→u, ch→sh, dj→j, ph→f, c/ck→k, y after a consonant→i, doubled letters single after
a vowel (see `fold_doubles`).
(-eh/-ah endings are left to `compare`: Saleh/Salah must stay apart here.)
It is a matching key, not a transliteration: `Mahmud` and `Mahmoud` meet, and so would two
genuinely different names that differ only in those habits. Vowel quality in Latin renderings of
Arabic is unreliable (Ahmad/Ahmed, Hasan/Hassen), so `e` is kept as written and judged by `compare`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from athar.names.compounds import join_compounds

_MARKS = dict.fromkeys(map(ord, "'`´’‘ʿʾʻʼʽ′ˈ\"ʹ"), None)
_NON_WORD = re.compile(r"[\W_]+")

ABBREVIATIONS = {
    "mhd": "muhammad", "mohd": "muhammad", "muhd": "muhammad", "mhmd": "muhammad", "mohmd": "muhammad",
    "mohamd": "muhammad",
}

# Placeholders protect digraphs while single letters are rewritten.
_DIGRAPHS = (("tch", "S"), ("dj", "j"), ("kh", "K"), ("gh", "G"), ("sh", "S"), ("ch", "S"),
             ("th", "T"), ("dh", "D"), ("ph", "f"), ("ck", "k"),
             # A soft c in a European name (Garcia, Marcel) is the s of its Arabic spelling.
             ("ce", "se"), ("ci", "si"), ("cy", "sy"), ("c", "k"), ("x", "ks"))
_VOWEL_GROUPS = (("ou", "u"), ("oo", "u"), ("ee", "i"), ("ie", "i"), ("ei", "ay"), ("ey", "ay"),
                 ("o", "u"), ("w", "w"))
_BACK = str.maketrans({"K": "kh", "G": "gh", "S": "sh", "T": "th", "D": "dh"})
_VOWELS = frozenset("aeiou")


def fold_latin(text: str) -> str:
    """Case, accents, apostrophe-like marks and punctuation only."""
    text = unicodedata.normalize("NFKD", text.translate(_MARKS))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return " ".join(_NON_WORD.sub(" ", text).split())


@lru_cache(maxsize=200_000)
def normalise_latin(text: str) -> str:
    """Normalise a Latin-script name for matching.

    >>> normalise_latin("Mhd  Abdel-Rahman AL-Ḥasan")
    'muhammad abdelrahman alhasan'
    """
    words = [ABBREVIATIONS.get(w, w) for w in fold_latin(text).split()]
    return " ".join(join_compounds(words))


@lru_cache(maxsize=200_000)
def latin_key(word: str) -> str:
    """Fold transliteration habits of one lower-case ASCII word (see module docstring)."""
    s = word
    for a, b in _DIGRAPHS:
        s = s.replace(a, b)
    for a, b in _VOWEL_GROUPS:
        s = s.replace(a, b)
    chars = list(s)
    for i, ch in enumerate(chars):
        # after a consonant y is a vowel: Zyad = Ziyad, Fathy = Fathi (but Ayman, Sayyed keep it)
        if ch == "y" and i > 0 and chars[i - 1] not in _VOWELS and chars[i - 1] != "y":
            chars[i] = "i"
    return fold_doubles("".join(chars)).translate(_BACK)


def fold_doubles(word: str) -> str:
    """A doubled letter written once (Hassan = Hasan, Ehssan = Ehsan, Noomaan), except a
    consonant doubled with no vowel on either side (Mmdoh, Qnn, Ntt): two letters with a short
    vowel left unwritten, as in a letter-by-letter rendering of ممدوح, قنن (whose Arabic
    romanisation writes that vowel: `mamduh`, `qnan`)."""
    out: list[str] = []
    n = len(word)
    for i, ch in enumerate(word):
        if out and out[-1] == ch:
            bare = (i < 2 or word[i - 2] not in _VOWELS) and (i + 1 == n or word[i + 1] not in _VOWELS)
            if ch in _VOWELS or not bare or len(out) >= 2 and out[-2] == ch:
                continue
        out.append(ch)
    return "".join(out)
