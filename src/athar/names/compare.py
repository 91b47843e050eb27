"""Similarity of name tokens and full names, in any script, on their romanised forms.

Token level: two canonical forms (see `romanise`) are compared by an edit distance in which
consonants carry the identity of a name and vowels are cheap, because Arabic does not write short
vowels and Latin spellings disagree about them (حسن `hsn`… `hasan`; Keskin ↔ كسكين). Two different
names that are both in the dictionary are different names, however close they look: محمد/محمود,
حسن/حسين, سعيد/سعد, علي/عليا score at most `DISTINCT_KNOWN_CAP`.

Name level: the parts of two names are aligned in order (a part may be missing on either side);
matched parts add evidence weighted by rarity (`token_weight`: محمد counts less than a rare family
name); two different parts in the same position count fully against, whatever their rarity (another
father is another father); a part missing on one side counts only a little against. A final -a/-e
against a consonant ending is read as the feminine ending (نبيل/نبيلة) and capped at `GENDER_CAP`. The given name is decisive: if the first parts do not match each other the
score is multiplied by `GIVEN_MISMATCH_FACTOR`, which separates brothers (same father, grandfather
and family) and father/son pairs (the son's name shifted by one). A family-name-first order is
tried as well.

Limits: this is a name similarity, not a person decision. Brothers who differ only in a given name
that is missing from one record, namesakes with identical four-part names, and women recorded with
a husband's family name cannot be told apart by names; the linker must add dates, places and
mothers' names. Weights are judgement, tuned on reasoning and the Gaza benchmark, not on the test
table.
"""

from __future__ import annotations

from functools import cache, lru_cache

from athar.names import lexicon
from athar.names.romanise import canonical_tokens, romanise

NAME_MATCH_THRESHOLD = 0.75
TOKEN_MATCH = 0.8
DISTINCT_KNOWN_CAP = 0.5
GIVEN_MISMATCH_FACTOR = 0.6
GAP_FACTOR = 0.3
CONFLICT_COST = 1.0
GENDER_CAP = 0.6
SAME_SKELETON_FLOOR = 0.85
ROTATION_FACTOR = 0.97

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
    """One character per sound class: kh→x, gh→g, sh→$, th→t, dh→d, q→k, o→u, doubles single."""
    s = canonical.replace(" ", "")
    for a, b in _FORM_DIGRAPHS:
        s = s.replace(a, b)
    if len(s) > 3 and s[-1] == "h" and s[-2] in _VOWELS:  # Fatmeh/Fatma, Salameh/سلامة
        s = s[:-1]
    out: list[str] = []
    for ch in s:
        if out and out[-1] == ch:
            continue
        out.append(ch)
    return "".join(out)


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


_PAIR_CACHE: dict[tuple[str, str], float] = {}
_PAIR_CACHE_LIMIT = 2_000_000


def canonical_similarity(a: str, b: str) -> float:
    """Similarity of two canonical tokens (outputs of `romanise`), symmetric, cached."""
    if a == b:
        return 1.0
    hit = _PAIR_CACHE.get((a, b))
    if hit is None:
        hit = _canonical_similarity(a, b)
        if len(_PAIR_CACHE) >= _PAIR_CACHE_LIMIT:
            _PAIR_CACHE.clear()
        _PAIR_CACHE[(a, b)] = _PAIR_CACHE[(b, a)] = hit
    return hit


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


def _score(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    n, m = len(a), len(b)
    weights = lexicon_weights()
    wa = [weights.get(t, 1.0) for t in a]
    wb = [weights.get(t, 1.0) for t in b]
    cache_get = _PAIR_CACHE.get
    if n == m:
        # Usual case for one person: every part matches its counterpart in place.
        num = 0.0
        for i in range(n):
            x, y = a[i], b[i]
            if x == y:
                num += wa[i] + wb[i]
                continue
            sim = cache_get((x, y))
            if sim is None:
                sim = canonical_similarity(x, y)
            if sim < TOKEN_MATCH:
                break
            num += (wa[i] + wb[i]) * sim
        else:
            return num / (sum(wa) + sum(wb))
    # Candidate matches (i, j, similarity); everything else is a conflict or a gap.
    cands: list[tuple[int, int, float]] = []
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            if x == y:
                sim = 1.0
            else:
                sim = cache_get((x, y))
                if sim is None:
                    sim = canonical_similarity(x, y)
            if sim >= TOKEN_MATCH:
                cands.append((i, j, sim))
    if not cands:
        return 0.0
    # Best order-preserving chain of matches (weighted by rarity and closeness).
    k = len(cands)
    gain = [(wa[i] + wb[j]) * (sim - TOKEN_MATCH + 0.05) for i, j, sim in cands]
    best = gain[:]
    back = [-1] * k
    for q in range(k):
        iq, jq, _ = cands[q]
        for r in range(q):
            ir, jr, _ = cands[r]
            if ir < iq and jr < jq and best[r] + gain[q] > best[q]:
                best[q] = best[r] + gain[q]
                back[q] = r
    q = max(range(k), key=best.__getitem__)
    chain: list[tuple[int, int, float]] = []
    while q >= 0:
        chain.append(cands[q])
        q = back[q]
    chain.reverse()
    matched = against = 0.0
    pi = pj = 0
    for i, j, sim in chain + [(n, m, 0.0)]:
        # parts skipped on both sides since the previous match: paired up they conflict,
        # the surplus on one side is missing on the other
        da, db = i - pi, j - pj
        for t in range(min(da, db)):
            x, y = a[pi + t], b[pj + t]
            sim_xy = 1.0 if x == y else canonical_similarity(x, y)
            against += CONFLICT_COST * min(1.0, 2.0 * (1.0 - sim_xy))
        for t in range(min(da, db), da):
            against += GAP_FACTOR * wa[pi + t]
        for t in range(min(da, db), db):
            against += GAP_FACTOR * wb[pj + t]
        if i < n:
            w = (wa[i] + wb[j]) / 2
            matched += w * sim
            against += w * (1.0 - sim)
        pi, pj = i + 1, j + 1
    score = matched / (matched + against)
    if n >= 2 and m >= 2 and not (chain[0][0] == 0 and chain[0][1] == 0):
        score *= GIVEN_MISMATCH_FACTOR
    return score


def compare_canonical(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """`name_similarity` on precomputed `canonical_tokens` (the linker's hot path)."""
    if a == b:
        return 1.0 if a else 0.0
    if not a or not b:
        return 0.0
    score = _score(a, b)
    if score < NAME_MATCH_THRESHOLD and len(a) >= 3 and len(b) >= 3:
        # Family name written first on one side: only when that side's first part is the other
        # side's family name (otherwise a father/son shift would pass for a rotation).
        if canonical_similarity(a[0], b[-1]) >= TOKEN_MATCH:
            score = max(score, _score(a[1:] + a[:1], b) * ROTATION_FACTOR)
        if canonical_similarity(b[0], a[-1]) >= TOKEN_MATCH:
            score = max(score, _score(a, b[1:] + b[:1]) * ROTATION_FACTOR)
    return score


def name_similarity(a: str, b: str) -> float:
    """Similarity in [0, 1] of two full names in any scripts; `NAME_MATCH_THRESHOLD` means
    "same person as far as the names can tell" (see the module docstring for what they cannot)."""
    return compare_canonical(canonical_tokens(a), canonical_tokens(b))
