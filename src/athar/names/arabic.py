"""Arabic-script normalisation for matching (not for display: callers keep the original).

What it does, in order: Unicode NFKC (folds presentation forms and the lam-alef ligatures),
removes tashkeel, tatweel, Quranic marks and zero-width/bidi controls, folds the letter variants
that writers and keyboards use interchangeably (أ إ آ ٱ → ا, ى → ي, ئ → ي, ؤ → و, ة → ه, Persian
ک ی ۀ → ك ي ه), turns Arabic-Indic and Persian digits into ASCII, replaces punctuation with spaces,
joins compounds (عبد الرحمن → عبدالرحمن, see `compounds`),
and repairs three common PDF-extraction breakages: `هللا` for `الله`, letters isolated by spaces
(`م ح م د`), and whole words or lam-alef pairs stored in reverse order.

What it cannot do: the reverse-order and lam-alef repairs rely on the name dictionary
(`data/*.tsv`), so they only fire when the broken form is unknown and the repaired form is a
known name; an unknown broken family name stays broken. Folding ة/ه and ى/ي is lossy by design
(it merges a few genuinely different spellings) and hamza is kept only as a bare ء.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from athar.names import lexicon
from athar.names.compounds import join_compounds

_TABLE: dict[int, str | None] = {}
for _cp in list(range(0x064B, 0x0660)) + [0x0670] + list(range(0x06D6, 0x06EE)):
    _TABLE[_cp] = None  # tashkeel, superscript alef, Quranic annotation marks
for _cp in (0x0640,):  # tatweel
    _TABLE[_cp] = None
for _cp in [0x00AD, 0x061C, 0xFEFF] + list(range(0x200B, 0x2010)) + list(range(0x202A, 0x202F)) + list(
    range(0x2066, 0x206A)
):
    _TABLE[_cp] = None  # zero-width and bidi controls
for _src, _dst in {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ى": "ي", "ئ": "ي", "ی": "ي", "ې": "ي", "ۍ": "ي",
    "ؤ": "و", "ۇ": "و", "ۆ": "و",
    "ة": "ه", "ۀ": "ه", "ە": "ه", "ھ": "ه", "ہ": "ه",
    "ک": "ك", "ڪ": "ك", "گ": "ك",
    "پ": "ب", "چ": "ج", "ژ": "ز", "ڤ": "ف",
}.items():
    _TABLE[ord(_src)] = _dst
for _i in range(10):
    _TABLE[0x0660 + _i] = str(_i)  # Arabic-Indic digits
    _TABLE[0x06F0 + _i] = str(_i)  # Persian digits

# Anything that is not a letter or digit separates words. `\w` also keeps `_`, removed after.
_NON_WORD = re.compile(r"[\W_]+")
_ARABIC_LETTERS = frozenset(chr(c) for c in range(0x0621, 0x064B))


def is_arabic_char(ch: str) -> bool:
    return "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" or "\ufb50" <= ch <= "\ufeff"


def fold_arabic(text: str) -> str:
    """Character-level folding only (no dictionary repairs): NFKC, marks, letter variants, digits,
    punctuation → space, collapsed whitespace."""
    text = unicodedata.normalize("NFKC", text).translate(_TABLE)
    return " ".join(_NON_WORD.sub(" ", text).split())


def _join_isolated_letters(words: list[str]) -> list[str]:
    """`م ح م د` → `محمد`: a run of three or more one-letter Arabic words is one broken word.
    Runs of two are left alone: `د م` can be two abbreviations (Dr, Eng)."""
    out: list[str] = []
    run: list[str] = []
    for w in words + [""]:
        if len(w) == 1 and w in _ARABIC_LETTERS:
            run.append(w)
            continue
        if len(run) >= 3:
            out.append("".join(run))
        else:
            out.extend(run)
        run = []
        if w:
            out.append(w)
    return out


@lru_cache(maxsize=200_000)  # words repeat across names far more than whole names do
def _repair_word(word: str) -> str:
    """Dictionary-guided repairs of one PDF-broken word; a known word is never touched."""
    if word.endswith("هللا"):  # the ligature ﷲ extracted in visual order
        word = word[:-4] + "الله"
    if len(word) < 3 or lexicon.is_known_arabic(word):
        return word
    if "ال" in word[1:]:
        # the lam-alef ligature extracted as alef-lam: اسالم → اسلام, عالء → علاء
        swapped = word[0] + word[1:].replace("ال", "لا")
        if lexicon.is_known_arabic(swapped):
            return swapped
    rev = word[::-1]
    if lexicon.is_known_arabic(rev):
        return rev
    return word


@lru_cache(maxsize=200_000)
def normalise_arabic(text: str) -> str:
    """Normalise Arabic-script text for matching; Latin letters and digits pass through (folded).

    >>> normalise_arabic("مُحَمَّد  أحمد ـ الحسن")
    'محمد احمد الحسن'
    >>> normalise_arabic("عبدهللا")
    'عبدالله'
    """
    words = fold_arabic(text).split()
    if not words:
        return ""
    if any(len(w) == 1 for w in words):
        words = _join_isolated_letters(words)
    repaired = [_repair_word(w) for w in words]
    # A whole line extracted right-to-left reverses word order too: if most words needed
    # reversing, the order was reversed as well.
    reversed_count = sum(1 for w, r in zip(words, repaired, strict=True) if r != w and r == w[::-1])
    if len(repaired) > 1 and reversed_count * 2 > len(repaired):
        repaired.reverse()
    return " ".join(join_compounds(repaired))
