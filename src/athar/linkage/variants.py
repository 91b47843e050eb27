"""Whether two canonical given names may be variants of one name (the clustering guard's
"different first names that are not variants" test).

Works on the canonical ASCII forms from `features.canonical`, where transliteration families
(Mohammad / Muhammed / محمد) already coincide; what is left to tolerate is typing: a letter
more or less, swapped letters, a compound written with or without its second half
("abd al rahman" / "abdalrahman" / "abd").

Two different dictionary names are never variants (that is the dictionary's promise); a name
outside the dictionary — often a misreading of a listed one in a register typed from photos —
is a variant of anything that keeps enough of its consonants.

Across scripts, two dictionary names one vowel apart are compatible: a Latin list's "Samer" may
be سمير written with the vowels of a dialect, or سامر (names marked `LATIN_MARK`).

What it cannot do: know nicknames (Abu Ahmad for Mohammad) — they look like different names
and keep two records apart, which is the safe side (the pair still shows up for review)."""

from __future__ import annotations

from rapidfuzz.distance import Levenshtein

from athar import names

# `athar.names.compare.TOKEN_MATCH`: the similarity from which two tokens count as one name.
VARIANT_SIMILARITY = 0.8
MISREAD_SIMILARITY = 0.6


def _listed(canonical: str) -> bool:
    return all(names.token_weight(t) < 1.0 for t in canonical.split())


# Marks a name written in Latin letters (`pipeline.node_facts`): Latin vowels do not tell two
# Arabic names of one consonant skeleton apart (Salem for سالم or سليم, Amir for أمير or عامر).
LATIN_MARK = "~"
_NO_VOWELS = str.maketrans("", "", "aeiou")


def latin_vowel_variant(a: str, b: str) -> bool:
    """Two canonical names one vowel apart (a vowel replaced, added or dropped) with the same
    consonants: salem / salim, amir / amer, amina / amna — not muhammad / mahmud (three edits)."""
    return Levenshtein.distance(a, b) <= 1 and a.translate(_NO_VOWELS) == b.translate(_NO_VOWELS)


def given_compatible(a: str, b: str) -> bool:
    if a == b:
        return True
    latin_a, latin_b = a.startswith(LATIN_MARK), b.startswith(LATIN_MARK)
    if latin_a or latin_b:
        a, b = a.removeprefix(LATIN_MARK), b.removeprefix(LATIN_MARK)
        if a == b:
            return True
        if latin_a != latin_b and latin_vowel_variant(a, b):
            return True  # one side in Latin letters, one vowel apart: possibly one name
    ca, cb = a.replace(" ", ""), b.replace(" ", "")
    if ca == cb:
        return True
    similarity = names.token_similarity(ca, cb)
    if similarity >= VARIANT_SIMILARITY:
        return True
    # A compound written in full on one side and only its first token on the other.
    ta, tb = a.split(), b.split()
    if len(ta) != len(tb) and ta[0] == tb[0]:
        return True
    if _listed(a) and _listed(b):
        return False  # two different dictionary names are two names (محمد / محمود)
    # One side is not a dictionary name: often a misread one (خالد read as هالد); tolerate what
    # keeps the consonants.
    return similarity >= MISREAD_SIMILARITY or names.blocking_keys(a)[:1] == names.blocking_keys(b)[:1]
