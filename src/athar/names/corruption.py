"""Whether two different name tokens could be one name damaged in writing or extraction.

Lists of names typed from photos or extracted from PDFs lose letters: a letter dropped by the
extractor (منير → مني, زهير → زهي, سميرة → سمية) or by the typist, and the lam-alef ligature
stored the wrong way round (سلام → سالم, صلاح → صالح). Such a corruption can turn one dictionary
name into another, which `compare` would otherwise read as two names. `confusable` says whether
two canonical tokens are one such step apart, on their written letters: the Arabic spelling of a
dictionary name (romanised letter by letter, long vowels only), or the canonical form itself for
an unlisted token.

What counts: exactly one consonant letter more or less (after setting a final ة/ه aside), or one
lam-alef pair swapped. What does not: a long vowel letter more or less (محمد/محمود, حسن/حسين,
سعيد/سعد, علي/عليا — that is how Arabic makes different names from one root), one consonant
replaced by another (باسل/باسم, زياد/رياض), and the feminine ending (نبيل/نبيلة).

Limits: this is a necessary condition, not evidence of corruption: منير/منى are also a brother and
sister. `compare` uses it only where the rest of the name agrees and the slot cannot be a sibling's
(see there). Unlisted Latin tokens keep their short vowels, so they are rarely one step from
anything; the check is meant for Arabic-script sources.
"""

from __future__ import annotations

from functools import cache, lru_cache

from athar.names import lexicon
from athar.names.romanise import _ar_translit

_DIGRAPHS = (("kh", "x"), ("gh", "g"), ("sh", "$"), ("th", "0"), ("dh", "9"))
_VOWEL_LETTERS = frozenset("aeiouwy")


def _fold(letters: str) -> str:
    for a, b in _DIGRAPHS:
        letters = letters.replace(a, b)
    out: list[str] = []
    for ch in letters:
        if not (out and out[-1] == ch):
            out.append(ch)
    return "".join(out)


def _without_feminine_ending(canonical: str) -> str:
    """An unlisted Arabic-derived token: final ة/ه is romanised `a` after a consonant and `h`
    after a long vowel letter (ح is `h` too, so `...ah` stays)."""
    if len(canonical) > 2 and (canonical[-1] == "a" or canonical[-1] == "h" and canonical[-2] in "iu"):
        return canonical[:-1]
    return canonical


@cache
def _listed_letters() -> dict[str, frozenset[str]]:
    """Canonical dictionary name → its Arabic spellings romanised letter by letter, folded, a
    final ة/ه set aside (the feminine ending is judged elsewhere: `compare.GENDER_CAP`)."""
    forms: dict[str, set[str]] = {}
    for arabic, canonical in lexicon.get().arabic.items():
        stem = arabic[:-1] if len(arabic) > 2 and arabic.endswith("ه") else arabic
        forms.setdefault(canonical, set()).add(_fold(_ar_translit(stem, short_vowels=False)))
    return {c: frozenset(f) for c, f in forms.items()}


def letters(canonical: str) -> frozenset[str]:
    """The written-letter forms of a canonical token (several for a name with several spellings)."""
    return _listed_letters().get(canonical) or frozenset((_fold(_without_feminine_ending(canonical)),))


def _one_consonant_lost(longer: str, shorter: str) -> bool:
    if len(longer) != len(shorter) + 1:
        return False
    for k, ch in enumerate(longer):
        if k == len(shorter) or ch != shorter[k]:
            return ch not in _VOWEL_LETTERS and longer[k + 1:] == shorter[k:]
    return False


def _lam_alef_swapped(x: str, y: str) -> bool:
    if len(x) != len(y) or x == y:
        return False
    k = next(i for i, (p, q) in enumerate(zip(x, y, strict=True)) if p != q)
    return x[k:k + 2] in ("la", "al") and y[k:k + 2] == x[k + 1] + x[k] and x[k + 2:] == y[k + 2:]


@lru_cache(maxsize=200_000)
def confusable(a: str, b: str) -> bool:
    """Whether canonical tokens `a` and `b` are one lost consonant or one lam-alef swap apart.

    >>> confusable("munir", "muna"), confusable("salam", "salem"), confusable("muhammad", "mahmud")
    (True, True, False)
    """
    if a == b:
        return False
    for x in letters(a):
        for y in letters(b):
            if _one_consonant_lost(x, y) or _one_consonant_lost(y, x) or _lam_alef_swapped(x, y):
                return True
    return False
