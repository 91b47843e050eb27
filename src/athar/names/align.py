"""Name-level scoring: aligning the parts of two names and weighing what agrees and what does not.

The parts (canonical tokens, see `romanise`) are aligned in order, a part may be missing on
either side. Matched parts add evidence weighted by rarity (`tokens.token_weight`: محمد counts less
than a rare family name); two different parts in the same position count fully against, whatever
their rarity (another father is another father); a part missing on one side counts only a little
against (`GAP_FACTOR`), but parts missing on *both* sides are parts out of place — one record has
a generation the other lacks — and count as conflicts (`SHIFT_COST`: احمد محمد علي ~ احمد خالد
محمد are uncle and nephew). The given name is decisive: if the first parts do not match each
other the score is multiplied by `GIVEN_MISMATCH_FACTOR`, which separates brothers (same father,
grandfather and family) and father/son pairs (the son's name shifted by one).

Damage is not difference: a father's or grandfather's name one lost letter (or one swapped
lam-alef) away from the other side's (منير/مني, صلاح/صالح; see `corruption`) costs `DOUBT_COST`
instead of a full conflict when the given and family names match and nothing else conflicts.
The given name itself is not excused (that is where siblings differ: رامي/رامز, زين/زينب), unless
the same damage also shows in a middle part (`منير محمد منير` ~ `مني محمد مني`): an extraction
error repeats, while siblings share their grandfather.

Limits: this is a name similarity, not a person decision. Brothers who differ only in a given name
that is missing from one record, namesakes with identical four-part names, and women recorded with
a husband's family name cannot be told apart by names; a given name damaged by extraction (سميرة
→ سمية) reads as a sister. The linker must add sex, dates, places and mothers' names. Weights are
judgement, set by reasoning and checked on the Gaza benchmark, not fitted to the test table.

Speed: this is the linker's inner loop, in pure Python. Per token tuple the weights, the set of
parts and their positions are computed once (`prepare`). Equal-length names are first compared
part for part: if every part matches, that is the score; if the differing parts match nothing
elsewhere on the other side, the alignment is the diagonal and is weighed at once (`_diagonal`,
checked against `score_general` in the tests). Otherwise candidates come from the positions of
identical parts and from set intersections with each token's known near matches
(`tokens.MATCHES`); two dictionary names are never compared. Explicit loops instead of
comprehensions: in CPython 3.11 each comprehension is a function call.
"""

from __future__ import annotations

from athar.names import tokens
from athar.names.corruption import confusable
from athar.names.tokens import (
    CACHE_STATE,
    MATCHES,
    SIMILARITY_ROWS,
    TOKEN_MATCH,
    canonical_similarity,
    clear_similarity_cache,
    fill_row,
    fill_similarity,
    lexicon_weights,
)

GIVEN_MISMATCH_FACTOR = 0.6
GAP_FACTOR = 0.3
CONFLICT_COST = 1.0
DOUBT_COST = 0.5
SHIFT_COST = 1.0

# weights, their sum, the set of parts, positions of each part, "is a dictionary name" per part,
# the set of parts that are not dictionary names, and the tokens whose similarity to every part
# it could match is already cached (filled as the name is compared).
Prepared = tuple[tuple[float, ...], float, frozenset[str], dict[str, tuple[int, ...]], tuple[bool, ...],
                 frozenset[str], set[str]]
_PREPARED: dict[tuple[str, ...], Prepared] = {}
_PREPARED_LIMIT = 500_000
_generation = [0]


def prepare(tokens: tuple[str, ...]) -> Prepared:
    """Per-name data used by `score`, computed once per distinct token tuple and cached."""
    weights = lexicon_weights()
    w = tuple(weights.get(t, 1.0) for t in tokens)
    where: dict[str, tuple[int, ...]] = {}
    for i, t in enumerate(tokens):
        where[t] = where.get(t, ()) + (i,)
    if len(_PREPARED) >= _PREPARED_LIMIT:
        _PREPARED.clear()
    listed = tuple(t in weights for t in tokens)
    unlisted = frozenset(t for t, known in zip(tokens, listed, strict=True) if not known)
    prepared = _PREPARED[tokens] = (w, sum(w), frozenset(tokens), where, listed, unlisted, set())
    return prepared


def score(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """Similarity in [0, 1] of two non-empty canonical token tuples, in the order given."""
    n, m = len(a), len(b)
    if CACHE_STATE[0] >= tokens.SIMILARITY_ROWS_LIMIT:
        clear_similarity_cache()  # between two pairs, so that no pair sees half a cache
    if _generation[0] != CACHE_STATE[1]:
        _PREPARED.clear()  # the token caches were emptied: "already compared" sets are stale
        _generation[0] = CACHE_STATE[1]
    pa = _PREPARED.get(a) or prepare(a)
    pb = _PREPARED.get(b) or prepare(b)
    wa, wb = pa[0], pb[0]
    listed_a, listed_b = pa[4], pb[4]
    if n == m:
        # Usual case: every part faces its counterpart. If all match, that is the score; if
        # some conflict but no part matches anything off its own position, the alignment is
        # the diagonal too and is weighed directly (`_diagonal`); otherwise the general path.
        rows_get = SIMILARITY_ROWS.get
        num = 0.0
        differing: list[int] | None = None
        near_match = False
        where_a, where_b = pa[3], pb[3]
        for i in range(n):
            x, y = a[i], b[i]
            if x == y:
                num += wa[i] + wb[i]
                continue
            if not (listed_a[i] and listed_b[i]):  # two different dictionary names never match
                row = rows_get(x)
                sim = row.get(y) if row is not None else None
                if sim is None:
                    sim = fill_similarity(x, y)
                if sim >= TOKEN_MATCH:
                    num += (wa[i] + wb[i]) * sim
                    near_match = True
                    continue
            if x in where_b or y in where_a:
                break  # an identical part elsewhere: the parts may be shifted
            if differing is None:
                differing = [i]
            else:
                differing.append(i)
        else:
            if differing is None:
                return num / (pa[1] + pb[1])
            if not near_match:
                result = _diagonal(a, b, pa, pb, num * 0.5, differing)
                if result is not None:
                    return result
    return score_general(a, b, pa, pb)


def score_general(a: tuple[str, ...], b: tuple[str, ...], pa: Prepared, pb: Prepared) -> float:
    """The general alignment (what `score` computes when its fast paths do not apply)."""
    n = len(a)
    wa, wb = pa[0], pb[0]
    listed_a = pa[4]
    # Candidate matches (i, j, similarity). Identical parts are found through the other side's
    # positions; near-identical ones by intersecting the part's known matches (`MATCHES`) with
    # the other side's parts, once its similarity to each of them is cached. Two dictionary
    # names never match, so a dictionary name is only tried against the other side's others.
    where_b, compared_b = pb[3], pb[6]
    matches_get = MATCHES.get
    cands: list[tuple[int, int, float]] = []
    in_order = True
    last_j = -1
    for i in range(n):
        x = a[i]
        same = where_b.get(x)
        if same is not None:
            for j in same:
                cands.append((i, j, 1.0))
            if same[0] <= last_j or len(same) > 1:
                in_order = False
            last_j = same[-1]
        others = pb[5] if listed_a[i] else pb[2]
        if x not in compared_b:
            fill_row(x, others)
            compared_b.add(x)
        near = matches_get(x)
        if near is None or near.isdisjoint(others):
            continue
        row = SIMILARITY_ROWS[x]
        for y in near & others:
            if y != x:
                for j in where_b[y]:
                    cands.append((i, j, row[y]))
        in_order = False
    if not cands:
        return 0.0
    if not in_order:
        cands = _best_chain(cands, wa, wb)
    return _weigh(a, b, wa, wb, cands)


def _diagonal(a: tuple[str, ...], b: tuple[str, ...], pa: Prepared, pb: Prepared, matched: float,
              differing: list[int]) -> float | None:
    """Score of two equal-length names aligned part for part, when the parts at `differing`
    conflict and match nothing elsewhere on the other side (`score` has checked for identical
    parts elsewhere); None when one of them nearly matches a part elsewhere (then the general
    alignment decides). Gives what `_weigh` gives for the diagonal chain."""
    sa, sb = pa[2], pb[2]
    listed_a, listed_b = pa[4], pb[4]
    compared_a, compared_b = pa[6], pb[6]
    matches_get = MATCHES.get
    conflict_get = _CONFLICTS.get
    against = 0.0
    conflicts = 0
    doubts: list[tuple[int, int, float]] | None = None
    for i in differing:
        x, y = a[i], b[i]
        others = pb[5] if listed_a[i] else sb
        if x not in compared_b:
            fill_row(x, others)
            compared_b.add(x)
        near = matches_get(x)
        if near is not None and not near.isdisjoint(others):
            return None
        others = pa[5] if listed_b[i] else sa
        if y not in compared_a:
            fill_row(y, others)
            compared_a.add(y)
        near = matches_get(y)
        if near is not None and not near.isdisjoint(others):
            return None
        row = conflict_get(x)
        cost = row.get(y) if row is not None else None
        if cost is None:
            cost = _conflict_cost(x, y)
        if cost < 0.0:  # may be one damaged name
            if doubts is None:
                doubts = []
            doubts.append((i, i, -cost))
        else:
            against += cost
            conflicts += 1
    n = len(a)
    given_matched = differing[0] != 0
    if doubts is not None:
        cost, given_excused = _doubt_cost(a, b, doubts, differing[-1] != n - 1, conflicts, given_matched)
        against += cost
        given_matched = given_matched or given_excused
    if matched == 0.0:
        return 0.0  # nothing in common (the general path says so too)
    score = matched / (matched + against)
    if n >= 2 and not given_matched:
        score *= GIVEN_MISMATCH_FACTOR
    return score


def _best_chain(cands: list[tuple[int, int, float]], wa: tuple[float, ...],
                wb: tuple[float, ...]) -> list[tuple[int, int, float]]:
    """The best order-preserving chain among candidate matches (i, j, similarity), by rarity
    and closeness."""
    cands.sort()
    k = len(cands)
    prev_i = prev_j = -1
    for i, j, _ in cands:
        if i <= prev_i or j <= prev_j:
            break
        prev_i, prev_j = i, j
    else:
        return cands  # one increasing chain after all
    gain = [(wa[i] + wb[j]) * (sim - TOKEN_MATCH + 0.05) for i, j, sim in cands]
    best = gain[:]
    back = [-1] * k
    for q in range(1, k):
        iq, jq, _ = cands[q]
        bq, gq = best[q], gain[q]
        for r in range(q):
            ir, jr, _ = cands[r]
            if ir < iq and jr < jq and best[r] + gq > bq:
                bq = best[r] + gq
                back[q] = r
        best[q] = bq
    q = max(range(k), key=best.__getitem__)
    chain: list[tuple[int, int, float]] = []
    while q >= 0:
        chain.append(cands[q])
        q = back[q]
    chain.reverse()
    return chain


def _weigh(a: tuple[str, ...], b: tuple[str, ...], wa: tuple[float, ...], wb: tuple[float, ...],
           chain: list[tuple[int, int, float]]) -> float:
    n, m = len(a), len(b)
    matched = against = 0.0
    pi = pj = 0
    gaps_a = gaps_b = 0.0  # weights of the parts missing on the other side
    n_gaps_a = n_gaps_b = conflicts = 0
    doubts: list[tuple[int, int, float]] | None = None
    conflict_get = _CONFLICTS.get
    chain.append((n, m, 0.0))  # sentinel: the parts after the last match
    for i, j, sim in chain:
        if i > pi or j > pj:
            # parts skipped on both sides since the previous match: paired up they conflict,
            # the surplus on one side is missing on the other
            paired = i - pi if i - pi < j - pj else j - pj
            for t in range(paired):
                x, y = a[pi + t], b[pj + t]
                row = conflict_get(x)
                cost = row.get(y) if row is not None else None
                if cost is None:
                    cost = _conflict_cost(x, y)
                if cost < 0.0:  # may be one damaged name: decided below
                    if doubts is None:
                        doubts = []
                    doubts.append((pi + t, pj + t, -cost))
                else:
                    against += cost
                    conflicts += 1
            if i - pi > paired:
                for t in range(pi + paired, i):
                    gaps_a += wa[t]
                    n_gaps_a += 1
            if j - pj > paired:
                for t in range(pj + paired, j):
                    gaps_b += wb[t]
                    n_gaps_b += 1
        if sim == 1.0:
            matched += (wa[i] + wb[j]) * 0.5
        elif i < n:
            w = (wa[i] + wb[j]) * 0.5
            matched += w * sim
            against += w * (1.0 - sim)
        pi, pj = i + 1, j + 1
    chain.pop()
    if n_gaps_a or n_gaps_b:
        against += GAP_FACTOR * (gaps_a + gaps_b)
        if n_gaps_a and n_gaps_b:
            # Missing on both sides = out of place: paired up, they count as conflicts.
            shifted = min(n_gaps_a, n_gaps_b)
            against += shifted * (SHIFT_COST - GAP_FACTOR * (gaps_a / n_gaps_a + gaps_b / n_gaps_b))
            conflicts += shifted
    given_matched = chain[0][0] == 0 and chain[0][1] == 0
    if doubts is not None:
        last_i, last_j, _ = chain[-1]
        family_matched = last_i == n - 1 and last_j == m - 1
        cost, given_excused = _doubt_cost(a, b, doubts, family_matched, conflicts, given_matched)
        against += cost
        given_matched = given_matched or given_excused
    score = matched / (matched + against)
    if n >= 2 and m >= 2 and not given_matched:
        score *= GIVEN_MISMATCH_FACTOR
    return score


# Cost of two different parts facing each other, per token pair; negative when the two may be
# one damaged name (`corruption.confusable`) and a full conflict would be more than `DOUBT_COST`.
_CONFLICTS: dict[str, dict[str, float]] = {}
_CONFLICTS_LIMIT = 1_000_000
_conflicts_size = 0


def _conflict_cost(x: str, y: str) -> float:
    global _conflicts_size
    cost = CONFLICT_COST * min(1.0, 2.0 * (1.0 - canonical_similarity(x, y)))
    if cost > DOUBT_COST and confusable(x, y):
        cost = -cost
    if _conflicts_size >= _CONFLICTS_LIMIT:
        _CONFLICTS.clear()
        _conflicts_size = 0
    _CONFLICTS.setdefault(x, {})[y] = cost
    _CONFLICTS.setdefault(y, {})[x] = cost
    _conflicts_size += 2
    return cost


def _doubt_cost(a: tuple[str, ...], b: tuple[str, ...], doubts: list[tuple[int, int, float]],
                family_matched: bool, conflicts: int, given_matched: bool) -> tuple[float, bool]:
    """Cost of the conflicts between parts that may be one damaged name, and whether the given
    name was one of them and is excused (see the module docstring for when they are)."""
    n, m = len(a), len(b)
    full = sum(d[2] for d in doubts)
    if conflicts or n < 3 or m < 3 or not family_matched:
        return full, False  # the family names must match, and nothing else may conflict
    if len({(a[i], b[j]) for i, j, _ in doubts}) != 1:
        return full, False  # one damaged name (possibly repeated), not several
    if not any(0 < i < n - 1 and 0 < j < m - 1 for i, j, _ in doubts):
        return full, False  # only a father's or grandfather's name is excused on its own
    given_excused = any(i == 0 and j == 0 for i, j, _ in doubts)
    if not given_matched and not given_excused:
        return full, False
    return DOUBT_COST, given_excused
