"""Complementary suppression: a hidden small cell cannot be worked out from what is published.

The reader is assumed to know the total (every dashboard table divides the same persons, so any
table with nothing hidden gives it) and the rule (a small cell is 1–4; a withheld one is 5 or more
and no larger than the smallest cell shown). `brute_force_ranges` tries every assignment of the
hidden cells that fits that knowledge, so the tests do not rest on the module's own arithmetic."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from athar.stats.suppression import Published, Suppressed, protection_ranges, suppress_cells

SMALL, WITHHELD = Suppressed.SMALL, Suppressed.WITHHELD


def brute_force_ranges(published: Sequence[Published], total: int) -> list[tuple[int, int] | None]:
    shown = [c for c in published if isinstance(c, int)]
    ceiling = min((c for c in shown if c > 0), default=total)
    hidden = [i for i, c in enumerate(published) if not isinstance(c, int)]
    choices = [range(1, 5) if published[i] is SMALL else range(5, ceiling + 1) for i in hidden]
    seen: dict[int, set[int]] = {i: set() for i in hidden}
    if not hidden:
        return [None] * len(published)
    for values in itertools.product(*choices[:-1]):  # the last hidden cell is what remains
        last = total - sum(shown) - sum(values)
        if last in choices[-1]:
            for i, v in zip(hidden, (*values, last), strict=True):
                seen[i].add(v)
    return [(min(seen[i]), max(seen[i])) if i in seen else None for i in range(len(published))]


def test_a_single_small_cell_takes_the_next_smallest_with_it():
    published = suppress_cells([50, 30, 12, 7, 3])
    assert published == [50, 30, 12, WITHHELD, SMALL]
    # shown: 50 + 30 + 12 of 102; the hidden two add up to 10, the withheld one is 5 to 12
    assert brute_force_ranges(published, 102)[4] == (1, 4)


def test_without_the_withheld_cell_the_small_one_would_be_known():
    assert brute_force_ranges([50, 30, 12, 7, SMALL], 102)[4] == (3, 3)


def test_two_small_cells_of_one_are_not_left_to_give_each_other_away():
    published = suppress_cells([40, 9, 6, 1, 1])
    assert brute_force_ranges([40, 9, 6, SMALL, SMALL], 57)[3] == (1, 1)  # primary alone: both known
    assert published[3:] == [SMALL, SMALL]
    assert all(r == (1, 4) for r in brute_force_ranges(published, 57)[3:])


def test_a_tie_with_the_smallest_shown_cell_is_withheld_as_well():
    # withholding one 7 would leave "no larger than 7" for it, and so 11 − 7 = 4 for the small cell
    assert suppress_cells([10, 7, 7, 4]) == [10, WITHHELD, WITHHELD, SMALL]


def test_zeros_are_shown_and_never_withheld():
    assert suppress_cells([0, 20, 3, 0, 9]) == [0, 20, SMALL, 0, WITHHELD]


def test_a_table_with_nothing_small_is_published_whole():
    assert suppress_cells([5, 120, 0, 17]) == [5, 120, 0, 17]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=14), min_size=1, max_size=6))
def test_no_small_cell_can_be_narrowed_below_one_to_four(counts: list[int]) -> None:
    published = suppress_cells(counts)
    total = sum(counts)
    truth = brute_force_ranges(published, total)
    assert protection_ranges(published, total) == truth
    for count, shown, possible in zip(counts, published, truth, strict=True):
        assert shown == count if isinstance(shown, int) else possible is not None and possible[0] <= count <= possible[1]
    if any(isinstance(c, int) and c > 0 for c in published):
        # something is still shown, so the table could be protected: every small cell is
        assert all(r == (1, 4) for r, c in zip(truth, published, strict=True) if c is SMALL)
    else:
        # everything nonzero hidden: nothing more can be done within the table (e.g. two persons, 1 and 1)
        assert all(c is SMALL or c is WITHHELD or c == 0 for c in published)
