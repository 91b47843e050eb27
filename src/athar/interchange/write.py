"""Write the outputs of `athar link` (spec section 2): pairs.csv and clusters.csv."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

PAIR_COLUMNS: tuple[str, ...] = ("source_l", "record_id_l", "source_r", "record_id_r", "match_probability")
CLUSTER_COLUMNS: tuple[str, ...] = ("source", "record_id", "cluster_id")


def write_pairs(path: str | Path, pairs: Iterable[Mapping[str, object]],
                extra_columns: Sequence[str] = ()) -> int:
    """Write scored pairs; returns how many rows were written."""
    count = 0
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([*PAIR_COLUMNS, *extra_columns])
        for pair in pairs:
            writer.writerow([pair[c] for c in PAIR_COLUMNS] + [pair.get(c, "") for c in extra_columns])
            count += 1
    return count


def write_clusters(path: str | Path, clusters: Iterable[tuple[str, str, str]]) -> int:
    """Write (source, record_id, cluster_id) rows; returns how many were written."""
    count = 0
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CLUSTER_COLUMNS)
        for row in clusters:
            writer.writerow(row)
            count += 1
    return count
