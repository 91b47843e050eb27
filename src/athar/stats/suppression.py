"""Small-cell suppression: a count below 5 is shown as "fewer than 5" (never 0 < n < 5), in every
output — page, CSV and chart — because a count of 1 or 2 in a small place can name a person.

Limit: only primary suppression. Someone holding a row total and all but one cell could work the
hidden cell out; totals here are therefore sums of the shown cells only, and say so."""

from __future__ import annotations

SMALL_CELL = 5


def suppress(count: int) -> int | None:
    """The count to publish, or None for "fewer than 5" (zero stays zero: an empty cell names no one)."""
    return count if count == 0 or count >= SMALL_CELL else None
