"""athar's own functions inside DuckDB: the name engine's token similarity for the linker's SQL.

The linker compares name parts in DuckDB, whose string similarities know nothing of names.
`athar_name_similarity(a, b)` is `athar.names.tokens.canonical_similarity` (the similarity
search and `athar names score` build on, part for part) on two canonical name parts: vowels
cheap, consonants weighty, two different dictionary names kept apart (محمد / محمود at most 0.5),
a feminine ending on a known name capped (نبيل / نبيلة). One scorer, wherever a name is compared.

It is a vectorised Python function: DuckDB hands it whole vectors of the pairs that a `CASE` has not
decided yet and that the letters' bound before it (`comparisons._similarity`) did not rule out,
and the similarities are cached per token pair, so a name pair met a thousand times is computed
once.

What it cannot do: run where DuckDB runs without Python (a database file opened by another
program does not know it), or be faster than a dictionary look-up per pair."""

from __future__ import annotations

import contextlib

import duckdb
import duckdb.func
import pyarrow as pa

from athar.names.tokens import canonical_similarity

NAME_SIMILARITY = "athar_name_similarity"


def _similarities(left: pa.ChunkedArray, right: pa.ChunkedArray) -> pa.Array:
    # NULLs never reach here (DuckDB answers NULL for them without calling).
    sim = canonical_similarity
    return pa.array([sim(a, b) for a, b in zip(left.to_pylist(), right.to_pylist(), strict=True)], pa.float64())


def register(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """Make athar's functions callable on `con` (idempotent)."""
    # A second registration on one connection is refused with NotImplementedException.
    with contextlib.suppress(duckdb.NotImplementedException):
        con.create_function(NAME_SIMILARITY, _similarities, ["VARCHAR", "VARCHAR"], "DOUBLE",
                            type=duckdb.func.ARROW, side_effects=False)
    return con
