"""Similarity of full names in any script: the front door of the name comparison.

`name_similarity(a, b)` on two written names; `compare_canonical(a, b)` on precomputed
`canonical_tokens` and `compare_canonical_many` for a batch of pairs (the linker's hot path:
the same scores, vectorised in `batch`).
`NAME_MATCH_THRESHOLD` means "same person as far as the names can tell".

Token level lives in `tokens` (edit distance on romanised forms, dictionary caps, rarity weights),
name level in `align` (order-preserving alignment, conflicts, gaps, damaged parts). This module
adds the family-name-first order: when one side's first part is the other side's family name, the
name is also tried rotated (family name last), at a small discount (`ROTATION_FACTOR`).

Limits: this is a name similarity, not a person decision (see `align`): namesakes, siblings who
differ only in a part missing from one record, and a given name damaged by extraction cannot be
resolved from names. The threshold was chosen on the hand-written pair table (its precision and
recall are flat from about 0.66 to 0.76; 0.75 sits at the precision end, because a wrong merge of
two disappeared people does more harm than a missed link, which review can still find).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from athar.names.align import (
    CONFLICT_COST,
    DOUBT_COST,
    GAP_FACTOR,
    GIVEN_MISMATCH_FACTOR,
    SHIFT_COST,
    score,
)
from athar.names.batch import compare_many
from athar.names.corruption import confusable
from athar.names.romanise import canonical_tokens
from athar.names.tokens import (
    DISTINCT_KNOWN_CAP,
    GENDER_CAP,
    SAME_SKELETON_FLOOR,
    SIMILARITY_ROWS,
    TOKEN_MATCH,
    canonical_similarity,
    canonical_weight,
    comparison_form,
    lexicon_weights,
    token_similarity,
    token_weight,
)

__all__ = [
    "CONFLICT_COST",
    "DISTINCT_KNOWN_CAP",
    "DOUBT_COST",
    "GAP_FACTOR",
    "GENDER_CAP",
    "GIVEN_MISMATCH_FACTOR",
    "NAME_MATCH_THRESHOLD",
    "ROTATION_FACTOR",
    "SAME_SKELETON_FLOOR",
    "SHIFT_COST",
    "TOKEN_MATCH",
    "canonical_similarity",
    "canonical_weight",
    "compare_canonical",
    "compare_canonical_many",
    "comparison_form",
    "lexicon_weights",
    "name_similarity",
    "token_similarity",
    "token_weight",
]

NAME_MATCH_THRESHOLD = 0.75
ROTATION_FACTOR = 0.97


def compare_canonical(a: tuple[str, ...], b: tuple[str, ...], threshold: float | None = None) -> float:
    """`name_similarity` on precomputed `canonical_tokens` (the linker's hot path).

    With `threshold`, a pair that cannot reach it may be answered early with an upper bound
    below it instead of its exact score (today: different given names that are neither close
    nor one damaged name, and no family-name-first order, cannot score above
    `GIVEN_MISMATCH_FACTOR`). Scores at or above `threshold` are always exact.
    """
    if a == b:
        return 1.0 if a else 0.0
    if not a or not b:
        return 0.0
    if threshold is not None and threshold > GIVEN_MISMATCH_FACTOR and _given_names_differ(a, b):
        return GIVEN_MISMATCH_FACTOR
    result = score(a, b)
    if result < NAME_MATCH_THRESHOLD and len(a) >= 3 and len(b) >= 3:
        # Family name written first on one side: only when that side's first part is the other
        # side's family name (otherwise a father/son shift would pass for a rotation).
        if _same_name(a[0], b[-1]):
            result = max(result, score(a[1:] + a[:1], b) * ROTATION_FACTOR)
        if _same_name(b[0], a[-1]):
            result = max(result, score(a, b[1:] + b[:1]) * ROTATION_FACTOR)
    return result


def _same_name(x: str, y: str) -> bool:
    """Whether two canonical tokens count as one name (similarity ≥ `TOKEN_MATCH`)."""
    if x == y:
        return True
    row = SIMILARITY_ROWS.get(x)
    sim = row.get(y) if row is not None else None
    return (sim if sim is not None else canonical_similarity(x, y)) >= TOKEN_MATCH


def _given_names_differ(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether the score is bound to carry `GIVEN_MISMATCH_FACTOR`: the first parts differ (not
    close, not one damaged name) and no family-name-first reading applies."""
    x, y = a[0], b[0]
    if len(a) < 2 or len(b) < 2 or _same_name(x, y) or confusable(x, y):
        return False
    return not (len(a) >= 3 and len(b) >= 3 and (_same_name(x, b[-1]) or _same_name(y, a[-1])))


def compare_canonical_many(pairs: Iterable[tuple[tuple[str, ...], tuple[str, ...]]],
                           threshold: float | None = None) -> list[float]:
    """`compare_canonical(a, b, threshold)` for each pair (e.g. a block of candidate pairs), in
    order, the same floats bit for bit; vectorised with numpy (`batch`): about three times faster
    per pair than `compare_canonical` in a loop on batches of thousands of pairs. The fixed cost
    is per call, so pass many blocks' candidate pairs at once; batches under `batch.MIN_BATCH`
    go pair by pair."""
    if not isinstance(pairs, Sequence):
        pairs = list(pairs)
    return compare_many(pairs, threshold, compare_canonical, NAME_MATCH_THRESHOLD)


def name_similarity(a: str, b: str) -> float:
    """Similarity in [0, 1] of two full names in any scripts; `NAME_MATCH_THRESHOLD` means
    "same person as far as the names can tell" (see `align` for what names cannot tell)."""
    return compare_canonical(canonical_tokens(a), canonical_tokens(b))
