"""Similarity of two name tokens, in any script, on their romanised (canonical) forms.

Two canonical forms (see `romanise`) are compared by an edit distance in which consonants carry
the identity of a name and vowels are cheap, because Arabic does not write short vowels and Latin
spellings disagree about them (حسن `hsn`… `hasan`; Keskin ↔ كسكين). Two different names that are
both in the dictionary are different names, however close they look: محمد/محمود, حسن/حسين,
سعيد/سعد, علي/عليا score at most `DISTINCT_KNOWN_CAP`. A final -a/-e against a consonant ending is
read as the feminine ending (نبيل/نبيلة) and capped at `GENDER_CAP`. Rarity weights
(`token_weight`) say how much a matching part is worth: محمد less than a rare family name.

Similarities are cached per token pair (`SIMILARITY_ROWS[a][b]`): the edit distance is pure Python
and slow (tens of microseconds); names repeat, so after a warm-up almost every pair is a lookup.

Limits: the canonical form of an unlisted Arabic token has long vowels only, so it meets its Latin
spellings approximately (كسكين/Keskin 0.93); ى/ي and ة/ه are merged before this point; an
Arabic `سح` romanises like `ش` (`sh`), so the two are not told apart here.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache, lru_cache

from athar.names import lexicon
from athar.names.latin import fold_doubles
from athar.names.romanise import romanise

TOKEN_MATCH = 0.8  # from here two tokens count as one name
DISTINCT_KNOWN_CAP = 0.5
GENDER_CAP = 0.6
SAME_SKELETON_FLOOR = 0.85

_FORM_DIGRAPHS = (("kh", "x"), ("gh", "g"), ("sh", "$"), ("th", "t"), ("dh", "d"), ("q", "k"), ("c", "k"),
                  ("p", "b"), ("v", "f"), ("o", "u"), ("j", "j"))
_VOWELS = frozenset("aeiu")
_FEMININE = frozenset("ae")
_SEMI = {"y": "i", "w": "u"}
_VOWEL_COST = 0.3
# Consonants that transliterations confuse: ص/س, ط/ت, ض/د, ظ/ز, ذ/د, ق/ك/غ, ح/ه/خ.
_NEAR = frozenset({frozenset(p) for p in ("s$", "td", "dz", "kg", "hx", "sz", "jg", "bf")})


@lru_cache(maxsize=200_000)
def comparison_form(canonical: str) -> str:
    """One character per sound class: kh→x, gh→g, sh→$, th→t, dh→d, q→k, o→u, doubles single
    after a vowel (`latin.fold_doubles`: a letter-by-letter `qnn` keeps both n, as قنن `qnan`)."""
    s = canonical.replace(" ", "")
    for a, b in _FORM_DIGRAPHS:
        s = s.replace(a, b)
    if len(s) > 3 and s[-1] == "h" and s[-2] in _VOWELS:  # Fatmeh/Fatma, Salameh/سلامة
        s = s[:-1]
    return fold_doubles(s)


def _weight(s: str) -> float:
    return sum(_VOWEL_COST if ch in _VOWELS else 1.0 for ch in s)


def _sub_cost(x: str, y: str) -> float:
    if x == y:
        return 0.0
    xv, yv = x in _VOWELS, y in _VOWELS
    if xv and yv:
        return 0.15 if "e" in (x, y) else _VOWEL_COST
    if xv or yv:
        other, vowel = (y, x) if xv else (x, y)
        return 0.2 if _SEMI.get(other) == vowel or (other in _SEMI and vowel == "e") else 1.0
    if frozenset((x, y)) in _NEAR:
        return 0.6
    return 1.0


def _indel_cost(x: str) -> float:
    if x in _VOWELS:
        return _VOWEL_COST
    if x in "yw'h":
        return 0.6
    return 1.0


def _form_similarity(a: str, b: str) -> float:
    n, m = len(a), len(b)
    prev = [0.0] * (m + 1)
    for j in range(1, m + 1):
        prev[j] = prev[j - 1] + _indel_cost(b[j - 1])
    for i in range(1, n + 1):
        ai = a[i - 1]
        cur = [prev[0] + _indel_cost(ai)] + [0.0] * m
        da = _indel_cost(ai)
        for j in range(1, m + 1):
            bj = b[j - 1]
            cur[j] = min(prev[j] + da, cur[j - 1] + _indel_cost(bj), prev[j - 1] + _sub_cost(ai, bj))
        prev = cur
    norm = max(_weight(a), _weight(b), 1.0)
    return max(0.0, 1.0 - prev[m] / norm)


_SKELETON_DROP = str.maketrans(dict.fromkeys("aeiuyw", None))


def _canonical_similarity(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    fa, fb = comparison_form(a), comparison_form(b)
    sim = 1.0 if fa == fb else _form_similarity(fa, fb)
    ka, kb = lexicon.is_canonical(a), lexicon.is_canonical(b)
    if ka and kb:
        return min(sim, DISTINCT_KNOWN_CAP)
    if fa.translate(_SKELETON_DROP) == fb.translate(_SKELETON_DROP):
        # Same consonants, vowels differ: what unwritten short vowels and dropped final
        # letters (مصطف for مصطفى) look like.
        sim = max(sim, SAME_SKELETON_FLOOR)
    if (fa[-1] in _FEMININE and fb[-1] not in _VOWELS) or (fb[-1] in _FEMININE and fa[-1] not in _VOWELS):
        fem, masc = (a, b) if fa[-1] in _FEMININE else (b, a)
        sexes = lexicon.get().sex
        if sexes.get(fem) == "f" or sexes.get(masc) == "m" and fem not in sexes:
            # the feminine ending on a known name: نبيل/نبيلة, Lin/Lina
            sim = min(sim, GENDER_CAP)
    return sim


# Token-pair similarities, one row per token: `SIMILARITY_ROWS[a][b]`. A row lookup and a
# `str`-keyed get are the cheapest lookups Python offers (string hashes are cached on the objects),
# cheaper than building a tuple key per pair.
SIMILARITY_ROWS: dict[str, dict[str, float]] = {}
# For each token, the tokens it matches (similarity ≥ TOKEN_MATCH) among those it has been
# compared with: a set intersection then finds a name's near-identical parts without a loop.
MATCHES: dict[str, set[str]] = {}
# The caches are emptied when they hold `SIMILARITY_ROWS_LIMIT` entries: by `align` between two
# name pairs (never in the middle of one), or here at twice that for callers outside `align`.
# CACHE_STATE = [entries, generation]; the generation tells `align` that data derived from the
# caches (its per-name "already compared with" sets) must be dropped too.
SIMILARITY_ROWS_LIMIT = 2_000_000
CACHE_STATE = [0, 0]


def clear_similarity_cache() -> None:
    SIMILARITY_ROWS.clear()
    MATCHES.clear()
    CACHE_STATE[0] = 0
    CACHE_STATE[1] += 1


def fill_similarity(a: str, b: str) -> float:
    """Compute, cache and return the similarity of two different canonical tokens."""
    sim = _canonical_similarity(a, b)
    if CACHE_STATE[0] >= 2 * SIMILARITY_ROWS_LIMIT:
        clear_similarity_cache()
    row = SIMILARITY_ROWS.get(a)
    if row is None:
        row = SIMILARITY_ROWS[a] = {}
    row[b] = sim
    row = SIMILARITY_ROWS.get(b)
    if row is None:
        row = SIMILARITY_ROWS[b] = {}
    row[a] = sim
    CACHE_STATE[0] += 2
    if sim >= TOKEN_MATCH:
        MATCHES.setdefault(a, set()).add(b)
        MATCHES.setdefault(b, set()).add(a)
    return sim


def fill_row(a: str, others: Iterable[str]) -> None:
    """Make sure the similarity of `a` to each of `others` is cached (and `MATCHES` complete for them)."""
    row = SIMILARITY_ROWS.get(a)
    for b in others:
        if b != a and (row is None or b not in row):
            fill_similarity(a, b)
            row = SIMILARITY_ROWS.get(a)


def canonical_similarity(a: str, b: str) -> float:
    """Similarity of two canonical tokens (outputs of `romanise`), symmetric, cached."""
    if a == b:
        return 1.0
    row = SIMILARITY_ROWS.get(a)
    if row is not None:
        hit = row.get(b)
        if hit is not None:
            return hit
    return fill_similarity(a, b)


# The least an edit touching a consonant other than y, w costs (`_indel_cost` of h and ').
HARD_LETTER_COST = 0.6


@lru_cache(maxsize=400_000)
def hard_letters(canonical: str) -> int:
    """The consonants other than y, w of a token's comparison form, as a bit set (a letter's bit
    is its code point modulo 63: two letters may share one, which only makes `similarity_bound`
    looser, never wrong)."""
    bits = 0
    for ch in comparison_form(canonical):
        if ch not in _VOWELS and ch not in _SEMI:
            bits |= 1 << (ord(ch) % 63)
    return bits


@lru_cache(maxsize=400_000)
def form_weight(canonical: str) -> float:
    """The weight of a token's comparison form: the edit distance's norm (vowels 0.3, others 1)."""
    return _weight(comparison_form(canonical))


def similarity_bound(a: str, b: str) -> float:
    """An upper bound of `canonical_similarity(a, b)` from the letters alone, without the edit
    distance: what lets a caller skip the pairs that cannot reach a threshold.

    Why it holds: a consonant other than y, w costs at least HARD_LETTER_COST to delete, insert or
    change (`_indel_cost`, `_sub_cost`), one edit touches at most one letter of each side, and the
    floor that raises a similarity (`SAME_SKELETON_FLOOR`) needs the same consonants on both
    sides. So each consonant that one side has and the other lacks costs that much at least.
    The linker's SQL computes the same bound from `hard_letters` and `form_weight`."""
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    la, lb = hard_letters(a), hard_letters(b)
    apart = max((la & ~lb).bit_count(), (lb & ~la).bit_count())
    return 1.0 - HARD_LETTER_COST * apart / max(form_weight(a), form_weight(b), 1.0)


def token_similarity(a: str, b: str) -> float:
    """Similarity in [0, 1] of two name tokens (or compounds) in any script.

    >>> token_similarity("محمد", "Mohammed"), token_similarity("محمد", "محمود") < 0.6
    (1.0, True)
    """
    return canonical_similarity(romanise(a).replace(" ", ""), romanise(b).replace(" ", ""))


_WEIGHT_BY_FREQ = (1.0, 0.85, 0.65, 0.4)


@cache
def lexicon_weights() -> dict[str, float]:
    """Rarity weight of every listed canonical name; unlisted names weigh 1.0."""
    return {c: _WEIGHT_BY_FREQ[min(f, 3)] for c, f in lexicon.get().freq.items()}


def canonical_weight(canonical: str) -> float:
    return lexicon_weights().get(canonical, 1.0)


def token_weight(token: str) -> float:
    """Rarity weight of a name token in any script: 0.4 for the commonest names (Muhammad, Ahmad),
    0.65 common, 0.85 listed, 1.0 unlisted (presumed rare)."""
    canon = romanise(token).replace(" ", "")
    return canonical_weight(canon) if canon else 0.0
