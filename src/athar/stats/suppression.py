"""Small-cell suppression, in every output — page, CSV and chart — because a count of 1 or 2 in a
small place can name a person.

Primary: a count from 1 to 4 is published as "fewer than 5" (`SMALL`); zero stays zero (an empty
cell names no one).

Complementary: every dashboard table divides the same persons into categories, so its total is
known to the reader (it is the number of persons, the sum of any table without a hidden cell). A
table with one small cell hidden would give it away (total minus the cells shown), and two small
cells hidden can give each other away too (two cells of 1 with a hidden sum of 2). So more cells
are withheld (`WITHHELD`), the smallest shown ones first, until what is shown — the total, the cells
shown, and the rule itself (a small cell is 1 to 4, a withheld one is 5 or more and no larger than the
smallest cell shown) — leaves every small cell anywhere from 1 to 4. `protection_ranges` computes
those ranges; the tests check that none is narrower.

Limits: the reasoning is per table. Tables that cross two categories (governorate by year) would
need suppression across rows and columns at once; athar publishes none. The estimate page's
persons observed per stratum go through `suppress_groups` (a pooled stratum is a group of strata).
"""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping, Sequence

SMALL_CELL = 5
SMALL_RANGE = (1, SMALL_CELL - 1)


class Suppressed(enum.Enum):
    """A cell not published, and why; the value is its mark in CSV files and on charts."""

    SMALL = "<5"  # 1 to 4 persons
    WITHHELD = "withheld"  # 5 or more, hidden so that a small cell cannot be worked out

    def __str__(self) -> str:
        return self.value


Published = int | Suppressed


def suppress(count: int) -> int | None:
    """The count to publish, or None for "fewer than 5" (zero stays zero: an empty cell names no
    one). Primary suppression only: tables go through `suppress_cells`."""
    return count if count == 0 or count >= SMALL_CELL else None


def suppress_cells(counts: Sequence[int]) -> list[Published]:
    """Primary and complementary suppression of cells whose total the reader knows (module doc).
    Cells are withheld smallest first (ties: the earlier cell), zeros never (they hide nothing)."""
    hidden: dict[int, Suppressed] = {i: Suppressed.SMALL for i, c in enumerate(counts) if suppress(c) is None}
    while hidden and not _is_protected(counts, hidden):
        shown = [i for i, c in enumerate(counts) if i not in hidden and c > 0]
        if not shown:
            break  # everything is hidden; nothing more can be done within the table
        hidden[min(shown, key=lambda i: (counts[i], i))] = Suppressed.WITHHELD
    return [hidden.get(i, c) for i, c in enumerate(counts)]


def protection_ranges(published: Sequence[Published], total: int) -> list[tuple[int, int] | None]:
    """For each cell, the values a reader who knows `total` and the rule can still think it has
    (None for a cell shown). Exact for this kind of knowledge: each hidden cell within its own
    bounds, and the hidden cells adding up to the total less the cells shown."""
    shown = [c for c in published if isinstance(c, int)]
    largest_withheld = min((c for c in shown if c > 0), default=math.inf)
    bounds = [(SMALL_RANGE if c is Suppressed.SMALL else (SMALL_CELL, largest_withheld))
              if isinstance(c, Suppressed) else None for c in published]
    hidden_sum = total - sum(shown)
    out: list[tuple[int, int] | None] = []
    for i, b in enumerate(bounds):
        if b is None:
            out.append(None)
            continue
        others = [o for j, o in enumerate(bounds) if o is not None and j != i]
        low = max(b[0], hidden_sum - sum(o[1] for o in others))
        high = min(b[1], hidden_sum - sum(o[0] for o in others))
        out.append((int(low), int(high)))
    return out


def _is_protected(counts: Sequence[int], hidden: dict[int, Suppressed]) -> bool:
    published = [hidden.get(i, c) for i, c in enumerate(counts)]
    ranges = protection_ranges(published, sum(counts))
    return all(r == SMALL_RANGE for r, c in zip(ranges, published, strict=True) if c is Suppressed.SMALL)


def suppress_groups(cells: Mapping[str, int], groups: Sequence[Sequence[str]]) -> list[Published]:
    """Counts of groups of cells, each group the sum of its cells (an estimate's stratum pooled from
    several strata is the sum of them), when the cells themselves are not shown. The cells are
    suppressed as a table (`suppress_cells`, the total known) and a group is shown only when every
    cell in it is: a group holding a small cell would give it away to a reader who knows the other
    cells (from the dashboard's table by the same category), and every group shown is then a sum
    of cells shown. What a reader can work out from the groups is therefore no more than from the
    cells' own suppressed table: each small cell still anywhere from 1 to 4. A group hidden is
    `SMALL` when its sum is under 5, else `WITHHELD`."""
    names = list(cells)
    published = dict(zip(names, suppress_cells([cells[n] for n in names]), strict=True))
    out: list[Published] = []
    for group in groups:
        total = sum(cells[name] for name in group)
        if all(isinstance(published[name], int) for name in group):
            out.append(total)
        else:
            out.append(Suppressed.SMALL if suppress(total) is None else Suppressed.WITHHELD)
    return out
