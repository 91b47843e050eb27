"""Many name pairs at once: `compare_canonical` vectorised with numpy (`compare_many`).

The linker compares blocks of candidate pairs, most of them different people with four-part
names. One pair in pure Python costs several microseconds of interpreter work; here a block of
pairs is compared as arrays, so that the interpreter's cost is paid per block, not per pair:

- names and tokens are interned to integer ids once (per distinct token tuple: its token ids,
  weights and weight sum, computed as `align.prepare` computes them);
- every cell (part i of one name, part j of the other) gets its token-pair similarity from an
  open-addressing hash table of token-id pairs (`_PairTable`), filled from
  `tokens.canonical_similarity` and `corruption.confusable` the first time a token pair is met;
- `align.score` is then replayed on the arrays, path for path and in the same order of floating
  point operations: names that agree part for part, the diagonal alignment with conflicts
  (`align._diagonal`), and the general alignment (`align.score_general`: candidate matches, the
  best order-preserving chain by the same dynamic programme with the same tie-breaking, and
  `align._weigh`). `compare.compare_canonical`'s early answer below a `threshold` is replayed too.
  The result is the same float, bit for bit, as `compare_canonical` (the tests check this on the
  hand-written pair table and on random cross pairs).

What it does not do: the rare pairs that need more than these paths are handed to the exact
single-pair function (`exact`): a part that may be a damaged name (`align._doubt_cost`), a
family-name-first reading (`compare`'s rotation), names of more than `MAX_PARTS` parts. Batches
smaller than `MIN_BATCH` are not worth the arrays and go pair by pair. The tables are emptied
between chunks when they reach their limits, like the single-pair caches.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from athar.names.align import CONFLICT_COST, DOUBT_COST, GAP_FACTOR, GIVEN_MISMATCH_FACTOR, SHIFT_COST
from athar.names.corruption import confusable
from athar.names.tokens import TOKEN_MATCH, canonical_similarity, lexicon_weights

MAX_PARTS = 6
MIN_BATCH = 1_000  # below this the arrays cost more than they save (measured: 256 pairs per call 66k/s)
CHUNK = 16_384
PAIR_LIMIT = 2_000_000  # token pairs kept (≈ 70 MB of arrays at most)
NAME_LIMIT = 1_000_000  # names kept

Names = tuple[str, ...]
Exact = Callable[[Names, Names, float | None], float]

_MULT = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing


class _PairTable:
    """Similarity and `confusable` of token-id pairs (lo, hi), lo < hi, keyed by lo << 32 | hi;
    open addressing with linear probing, kept at most half full."""

    def __init__(self, bits: int = 16) -> None:
        self._allocate(bits)

    def _allocate(self, bits: int) -> None:
        self.bits = bits
        self.keys = np.full(1 << bits, -1, dtype=np.int64)
        self.sim = np.zeros(1 << bits, dtype=np.float64)
        self.conf = np.zeros(1 << bits, dtype=np.bool_)
        self.count = 0

    def _home(self, keys: np.ndarray) -> np.ndarray:
        return ((keys.astype(np.uint64) * _MULT) >> np.uint64(64 - self.bits)).astype(np.int64)

    def find(self, keys: np.ndarray) -> np.ndarray:
        """Slot of each key, -1 where absent."""
        mask = (1 << self.bits) - 1
        out = np.empty(keys.size, dtype=np.int64)
        idx = np.arange(keys.size)
        h = self._home(keys)
        k = keys
        while idx.size:
            found = self.keys[h]
            hit = found == k
            done = hit | (found == -1)
            out[idx[hit]] = h[hit]
            out[idx[done & ~hit]] = -1
            more = ~done
            idx, k, h = idx[more], k[more], (h[more] + 1) & mask
        return out

    def insert(self, keys: np.ndarray, sim: np.ndarray, conf: np.ndarray) -> None:
        """Add keys that are absent and distinct."""
        if 2 * (self.count + keys.size) > (1 << self.bits):
            old = self.keys >= 0
            old_keys, old_sim, old_conf = self.keys[old], self.sim[old], self.conf[old]
            bits = self.bits
            while 2 * (self.count + keys.size) > (1 << bits):
                bits += 1
            self._allocate(bits)
            self.insert(old_keys, old_sim, old_conf)
        mask = (1 << self.bits) - 1
        h = self._home(keys)
        while keys.size:
            free = np.flatnonzero(self.keys[h] == -1)
            _, first = np.unique(h[free], return_index=True)
            win = free[first]
            slots = h[win]
            self.keys[slots] = keys[win]
            self.sim[slots] = sim[win]
            self.conf[slots] = conf[win]
            self.count += win.size
            rest = np.ones(keys.size, dtype=np.bool_)
            rest[win] = False
            keys, sim, conf, h = keys[rest], sim[rest], conf[rest], (h[rest] + 1) & mask


class _Store:
    """Interned tokens and names. Token id 0 pads names shorter than `MAX_PARTS` (weight 0)."""

    def __init__(self) -> None:
        self.token_ids: dict[str, int] = {"": 0}
        self.tokens: list[str] = [""]
        self.weight = np.zeros(1024, dtype=np.float64)
        self.listed = np.zeros(1024, dtype=np.bool_)
        self.pairs = _PairTable()
        self.reset_names()

    def reset_names(self) -> None:
        self.name_ids: dict[Names, int] = {}
        self.name_tokens = np.zeros((1024, MAX_PARTS), dtype=np.int64)
        self.name_len = np.zeros(1024, dtype=np.int64)
        self.name_wsum = np.zeros(1024, dtype=np.float64)

    def token(self, t: str) -> int:
        i = self.token_ids.get(t)
        if i is None:
            i = self.token_ids[t] = len(self.tokens)
            self.tokens.append(t)
            if i >= self.weight.size:
                self.weight = np.concatenate([self.weight, np.zeros(self.weight.size)])
                self.listed = np.concatenate([self.listed, np.zeros(self.listed.size, dtype=np.bool_)])
            weights = lexicon_weights()
            self.weight[i] = weights.get(t, 1.0)
            self.listed[i] = t in weights
        return i

    def name(self, name: Names) -> int:
        i = len(self.name_ids)
        if i >= self.name_len.size:
            grow = self.name_len.size
            self.name_tokens = np.concatenate([self.name_tokens, np.zeros((grow, MAX_PARTS), dtype=np.int64)])
            self.name_len = np.concatenate([self.name_len, np.zeros(grow, dtype=np.int64)])
            self.name_wsum = np.concatenate([self.name_wsum, np.zeros(grow)])
        self.name_ids[name] = i
        self.name_len[i] = len(name)
        weights = lexicon_weights()
        self.name_wsum[i] = sum(tuple(weights.get(t, 1.0) for t in name))  # as `align.prepare`
        if len(name) <= MAX_PARTS:
            for k, t in enumerate(name):
                self.name_tokens[i, k] = self.token(t)
        return i


_STORE = [_Store()]


def clear_batch_cache() -> None:
    """Forget interned names, tokens and token-pair similarities."""
    _STORE[0] = _Store()


def _name_ids(store: _Store, names: Sequence[Names]) -> np.ndarray:
    ids = list(map(store.name_ids.get, names))
    try:
        return np.fromiter(ids, dtype=np.int64, count=len(ids))
    except TypeError:  # names met for the first time
        pass
    for k, i in enumerate(ids):
        if i is None:
            found = store.name_ids.get(names[k])
            ids[k] = found if found is not None else store.name(names[k])
    return np.fromiter(ids, dtype=np.int64, count=len(ids))


def _cell_values(store: _Store, ta: np.ndarray, tb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Similarity and `confusable` of token-id pairs (different ids), computing the new ones."""
    lo, hi = np.minimum(ta, tb), np.maximum(ta, tb)
    keys = (lo << 32) | hi
    table = store.pairs
    slots = table.find(keys)
    missing = slots < 0
    if missing.any():
        new = np.unique(keys[missing])
        words = store.tokens
        sims = np.empty(new.size, dtype=np.float64)
        confs = np.empty(new.size, dtype=np.bool_)
        for k, key in enumerate(new.tolist()):
            x, y = words[key >> 32], words[key & 0xFFFFFFFF]
            sims[k] = canonical_similarity(x, y)
            confs[k] = confusable(x, y)
        table.insert(new, sims, confs)
        slots = table.find(keys)
    return table.sim[slots], table.conf[slots]


def compare_many(pairs: Sequence[tuple[Names, Names]], threshold: float | None, exact: Exact,
                 rotation_below: float) -> list[float]:
    """`exact(a, b, threshold)` for every pair, in order (see the module docstring).

    `rotation_below`: the score under which `exact` tries a family-name-first reading
    (`compare.NAME_MATCH_THRESHOLD`); such pairs are handed to `exact`."""
    if len(pairs) < MIN_BATCH:
        return [exact(a, b, threshold) for a, b in pairs]
    out: list[float] = []
    for start in range(0, len(pairs), CHUNK):
        store = _STORE[0]
        if store.pairs.count >= PAIR_LIMIT:
            clear_batch_cache()
        elif len(store.name_ids) >= NAME_LIMIT:
            store.reset_names()
        out.extend(_compare_chunk(_STORE[0], pairs[start:start + CHUNK], threshold, exact, rotation_below))
    return out


def _compare_chunk(store: _Store, pairs: Sequence[tuple[Names, Names]], threshold: float | None,
                   exact: Exact, rotation_below: float) -> list[float]:
    names_a = [p[0] for p in pairs]
    names_b = [p[1] for p in pairs]
    ia = _name_ids(store, names_a)
    ib = _name_ids(store, names_b)
    na, nb = store.name_len[ia], store.name_len[ib]
    result = np.zeros(ia.size, dtype=np.float64)
    result[(ia == ib) & (na > 0)] = 1.0  # a == b (the ids are interned) ; empty names score 0
    todo = (ia != ib) & (na > 0) & (nb > 0)
    longest = np.maximum(na, nb)
    fallback = todo & (longest > MAX_PARTS)
    for low, high in ((1, 4), (5, MAX_PARTS)):
        group = np.flatnonzero(todo & (longest >= low) & (longest <= high))
        if group.size:
            scores, hand_over = _score_group(store, ia[group], ib[group], high, threshold, rotation_below)
            result[group] = scores
            fallback[group[hand_over]] = True
    scores = result.tolist()
    for k in np.flatnonzero(fallback).tolist():
        scores[k] = exact(names_a[k], names_b[k], threshold)
    return scores


def _score_group(store: _Store, ia: np.ndarray, ib: np.ndarray, width: int, threshold: float | None,
                 rotation_below: float) -> tuple[np.ndarray, np.ndarray]:
    """Scores of pairs of names of at most `width` parts, and which pairs must go to `exact`."""
    g = ia.size
    rows = np.arange(g)
    span = np.arange(width)
    na, nb = store.name_len[ia], store.name_len[ib]
    A, B = store.name_tokens[ia, :width], store.name_tokens[ib, :width]
    va, vb = span < na[:, None], span < nb[:, None]
    valid = va[:, :, None] & vb[:, None, :]
    TA, TB = np.broadcast_arrays(A[:, :, None], B[:, None, :])
    EQ = (TA == TB) & valid
    other = valid & ~EQ
    sim = np.zeros((g, width, width))
    conf = np.zeros((g, width, width), dtype=np.bool_)
    sim[EQ] = 1.0
    sim[other], conf[other] = _cell_values(store, TA[other], TB[other])
    WA, WB = store.weight[A], store.weight[B]
    LA, LB = store.listed[A], store.listed[B]
    close = other & (sim >= TOKEN_MATCH)
    SAME = EQ | close  # `compare._same_name`
    OK = EQ | (close & ~(LA[:, :, None] & LB[:, None, :]))  # candidate matches (`align.score_general`)
    cost = CONFLICT_COST * np.minimum(1.0, 2.0 * (1.0 - sim))  # `align._conflict_cost`
    doubt = conf & (cost > DOUBT_COST)  # a negative cost there: handed to `exact`

    result = np.zeros(g)
    hand_over = np.zeros(g, dtype=np.bool_)

    # `align.score` on equal-length names: part for part first.
    same_len = na == nb
    dEQ, dOK = EQ[:, span, span], OK[:, span, span]
    dvalid = va & vb
    differing = dvalid & ~dOK
    near = dvalid & dOK & ~dEQ
    identical_elsewhere = (differing & (EQ.any(2) | EQ.any(1))).any(1)
    any_differing = differing.any(1)
    all_match = same_len & ~identical_elsewhere & ~any_differing
    diagonal = (same_len & ~identical_elsewhere & any_differing & ~near.any(1)
                & ~(differing & (OK.any(2) | OK.any(1))).any(1))
    general = ~all_match & ~diagonal

    pair_w = WA + WB
    if all_match.any():
        d = np.flatnonzero(all_match)
        dsim, dw = sim[d][:, span, span], pair_w[d]
        num = np.zeros(d.size)
        for i in range(width):
            num = num + np.where(dvalid[d, i], dw[:, i] * dsim[:, i], 0.0)
        result[d] = num / (store.name_wsum[ia[d]] + store.name_wsum[ib[d]])

    if diagonal.any():
        d = np.flatnonzero(diagonal)
        dcost, ddoubt, ddiff = cost[d][:, span, span], doubt[d][:, span, span], differing[d]
        deq, dw = dEQ[d], pair_w[d]
        num = np.zeros(d.size)
        for i in range(width):
            num = num + np.where(deq[:, i], dw[:, i], 0.0)
        matched = num * 0.5  # the diagonal's matches are all identical parts
        against = np.zeros(d.size)
        for i in range(width):
            against = against + np.where(ddiff[:, i], dcost[:, i], 0.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            s = matched / (matched + against)
        s = np.where(matched == 0.0, 0.0, s)
        s = np.where((na[d] >= 2) & ddiff[:, 0], s * GIVEN_MISMATCH_FACTOR, s)
        result[d] = s
        hand_over[d] |= (ddiff & ddoubt).any(1)

    if general.any():
        q = np.flatnonzero(general)
        s, h = _general(OK[q], sim[q], cost[q], doubt[q], WA[q], WB[q], na[q], nb[q], width)
        result[q] = s
        hand_over[q] |= h

    # `compare.compare_canonical`: family name first → `exact`; early answer below `threshold`.
    last_b, last_a = np.maximum(nb - 1, 0), np.maximum(na - 1, 0)
    rotation = (na >= 3) & (nb >= 3) & (SAME[rows, 0, last_b] | SAME[rows, last_a, 0])
    hand_over |= (result < rotation_below) & rotation
    if threshold is not None and threshold > GIVEN_MISMATCH_FACTOR:
        early = (na >= 2) & (nb >= 2) & ~SAME[:, 0, 0] & ~conf[:, 0, 0] & ~rotation
        result[early] = GIVEN_MISMATCH_FACTOR
        hand_over &= ~early
    return result, hand_over


def _general(OK: np.ndarray, sim: np.ndarray, cost: np.ndarray, doubt: np.ndarray, WA: np.ndarray,
             WB: np.ndarray, na: np.ndarray, nb: np.ndarray, width: int) -> tuple[np.ndarray, np.ndarray]:
    """`align.score_general` (+ `_best_chain`, `_weigh`) on arrays; (scores, pairs with doubts)."""
    g = OK.shape[0]
    rows = np.arange(g)
    cells = width * width
    # `_best_chain`: gains, then the dynamic programme over candidates in (i, j) order.
    gain = (WA[:, :, None] + WB[:, None, :]) * (sim - TOKEN_MATCH + 0.05)
    ok = OK.reshape(g, cells)
    best = np.where(ok, gain.reshape(g, cells), -np.inf)
    back = np.full((g, cells), -1, dtype=np.int64)
    for i in range(1, width):
        for j in range(1, width):
            qc = i * width + j
            bq, gq, okq = best[:, qc].copy(), best[:, qc].copy(), ok[:, qc]
            for r_i in range(i):
                for r_j in range(j):
                    rc = r_i * width + r_j
                    cand = best[:, rc] + gq
                    upd = okq & ok[:, rc] & (cand > bq)
                    bq = np.where(upd, cand, bq)
                    back[:, qc] = np.where(upd, rc, back[:, qc])
            best[:, qc] = bq
    has = ok.any(1)
    cur = np.argmax(best, axis=1)
    chain = np.zeros((g, cells), dtype=np.bool_)
    alive = has.copy()
    for _ in range(width):
        chain[rows[alive], cur[alive]] = True
        cur = np.where(alive, back[rows, np.where(alive, cur, 0)], -1)
        alive = cur >= 0
    chain = chain.reshape(g, width, width)

    # `_weigh`: walk the chain (ascending rows) and a sentinel (n, m).
    in_row = chain.any(2)
    col = np.argmax(chain, axis=2)
    pi = np.zeros(g, dtype=np.int64)
    pj = np.zeros(g, dtype=np.int64)
    matched = np.zeros(g)
    against = np.zeros(g)
    gaps_a = np.zeros(g)
    gaps_b = np.zeros(g)
    n_gaps_a = np.zeros(g, dtype=np.int64)
    n_gaps_b = np.zeros(g, dtype=np.int64)
    doubted = np.zeros(g, dtype=np.bool_)
    top = width - 1
    for step in range(width + 1):
        if step < width:
            here = in_row[:, step] & has
            ei = np.full(g, step, dtype=np.int64)
            ej = col[:, step]
        else:
            here = has
            ei, ej = na, nb
        skipped = here & ((ei > pi) | (ej > pj))
        if skipped.any():
            paired = np.minimum(ei - pi, ej - pj)
            for t in range(width):
                m = skipped & (t < paired)
                ci, cj = np.minimum(pi + t, top), np.minimum(pj + t, top)
                against = against + np.where(m, cost[rows, ci, cj], 0.0)
                doubted |= m & doubt[rows, ci, cj]
            for t in range(width):
                ta = pi + paired + t
                m = skipped & (ta < ei)
                gaps_a = gaps_a + np.where(m, WA[rows, np.minimum(ta, top)], 0.0)
                n_gaps_a += m
                tb = pj + paired + t
                m = skipped & (tb < ej)
                gaps_b = gaps_b + np.where(m, WB[rows, np.minimum(tb, top)], 0.0)
                n_gaps_b += m
        if step < width:
            ci, cj = np.minimum(ei, top), np.minimum(ej, top)
            w = (WA[rows, ci] + WB[rows, cj]) * 0.5
            s = sim[rows, ci, cj]
            matched = matched + np.where(here, w * s, 0.0)
            against = against + np.where(here, w * (1.0 - s), 0.0)
            pi = np.where(here, ei + 1, pi)
            pj = np.where(here, ej + 1, pj)
    any_gap = (n_gaps_a > 0) | (n_gaps_b > 0)
    against = np.where(any_gap, against + GAP_FACTOR * (gaps_a + gaps_b), against)
    both = (n_gaps_a > 0) & (n_gaps_b > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        shift = np.minimum(n_gaps_a, n_gaps_b) * (SHIFT_COST - GAP_FACTOR * (gaps_a / n_gaps_a + gaps_b / n_gaps_b))
    against = np.where(both, against + shift, against)
    with np.errstate(divide="ignore", invalid="ignore"):
        score = matched / (matched + against)
    score = np.where((na >= 2) & (nb >= 2) & ~chain[:, 0, 0], score * GIVEN_MISMATCH_FACTOR, score)
    return np.where(has, score, 0.0), doubted & has
