"""Whether two canonical given names may be variants of one name (the clustering guard's
"different first names that are not variants" test).

Works on the canonical ASCII forms from `features.canonical`, where transliteration families
(Mohammad / Muhammed / محمد) already coincide; what is left to tolerate is typing: a letter
more or less, swapped letters, a compound written with or without its second half
("abd al rahman" / "abdalrahman" / "abd").

Two different dictionary names are never variants (that is the dictionary's promise); a name
outside the dictionary — often a misreading of a listed one in a register typed from photos —
is a variant of anything that keeps enough of its consonants.

The guard sees how a name was written (`written_name`): when one is in Latin letters, two
dictionary names one vowel apart are compatible (a Latin list's "Samer" may be سمير written with
the vowels of a dialect, or سامر; "Salem" and "Salim" in two lists may be one سليم); two Arabic
spellings with the same dotless letter shapes are compatible (a register's غمر is عمر with a
misplaced dot). Both also join a few real pairs of names (ساهر / شاهر, سالم / سليم in Latin
letters): brothers so named can meet.

What it cannot do: know nicknames (Abu Ahmad for Mohammad) — they look like different names
and keep two records apart, which is the safe side (the pair still shows up for review)."""

from __future__ import annotations

from rapidfuzz.distance import Levenshtein

from athar import names
from athar.linkage.features import part_key

# `athar.names.compare.TOKEN_MATCH`: the similarity from which two tokens count as one name.
VARIANT_SIMILARITY = 0.8
MISREAD_SIMILARITY = 0.6


def _listed(canonical: str) -> bool:
    return all(names.token_weight(t) < 1.0 for t in canonical.split())


# How a name reaches the guard (`written_name`): "~salem" was written in Latin letters, whose
# vowels do not tell سالم from سليم; "umar|EMR" in Arabic, with its dotless letter shapes; a
# bare "umar" says nothing about its writing (mothers' names, older callers).
LATIN_MARK = "~"
_SHAPES_MARK = "|"


def written_name(canonical: str | None, rasm: str | None) -> str | None:
    """The guard's form of a canonical name part and its letter shapes (None: no Arabic letters)."""
    if not canonical:
        return canonical
    return f"{canonical}{_SHAPES_MARK}{rasm}" if rasm else LATIN_MARK + canonical


def _decode(name: str) -> tuple[str, str | None, bool]:
    """(canonical, letter shapes, written in Latin)."""
    if name.startswith(LATIN_MARK):
        return name[len(LATIN_MARK):], None, True
    canonical, _, shapes = name.partition(_SHAPES_MARK)
    return canonical, shapes or None, False


# Titles that become part of a given name (شيخ موسى, سيد أحمد, حاج علي), as canonical forms. Not
# the name engine's whole honorific list: that also holds عريف (arif) and قاضي (qadi), which
# romanise like the given names عارف and قاضي.
_TITLES = frozenset({"shaikh", "sayyid", "hajj"})


def _without_titles(tokens: list[str]) -> list[str]:
    return [t for t in tokens if t not in _TITLES]


def latin_vowel_variant(a: str, b: str) -> bool:
    """Two canonical names one edit apart with the same consonant key: salem / salim, amir /
    amer, amina / amna — not muhammad / mahmud (three edits). The same test as the comparison
    level "one vowel apart, in Latin letters" (`comparisons.name_part`), so the guard never
    refuses what that level weighed as one name."""
    return Levenshtein.distance(a, b) <= 1 and part_key(a) == part_key(b)


def given_compatible(a: str, b: str) -> bool:
    if a == b:
        return True
    a, shapes_a, latin_a = _decode(a)
    b, shapes_b, latin_b = _decode(b)
    if a == b or (shapes_a and shapes_a == shapes_b):
        return True  # the same name, or one Arabic spelling with a dot misread
    if (latin_a or latin_b) and latin_vowel_variant(a, b):
        return True  # a side in Latin letters, one vowel apart: possibly one name
    ca, cb = a.replace(" ", ""), b.replace(" ", "")
    if ca == cb:
        return True
    similarity = names.token_similarity(ca, cb)
    if similarity >= VARIANT_SIMILARITY:
        return True
    # A compound written in full on one side and only its first token on the other, or a
    # title that is part of a given name (شيخ موسى) kept on one side and dropped on the other.
    ta, tb = a.split(), b.split()
    if len(ta) != len(tb) and (ta[0] == tb[0] or _without_titles(ta) == _without_titles(tb)):
        return True
    if _listed(a) and _listed(b):
        return False  # two different dictionary names are two names (محمد / محمود)
    # One side is not a dictionary name: often a misread one (خالد read as هالد); tolerate what
    # keeps the consonants.
    return similarity >= MISREAD_SIMILARITY or names.blocking_keys(a)[:1] == names.blocking_keys(b)[:1]
