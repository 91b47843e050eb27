"""Human review decisions about pairs of records, as the linker consumes them.

A reviewer looks at two records and says "same person", "different people" or "cannot tell".
Positive labels improve the model's m probabilities (how often true matches agree on each
field); negative labels become cannot-links that clustering never crosses; unsure labels are
kept but change nothing. Labels refer to records by their stable key (source, record_id),
never by row numbers, so they survive re-imports and re-runs.

What it cannot do: reconcile reviewers who disagree. The last label given for a pair wins;
the registry keeps the history."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from athar.errors import InputError
from athar.interchange import neutralise_cell, restore_cell

Key = tuple[str, str]
LABEL_COLUMNS: tuple[str, ...] = ("source_l", "record_id_l", "source_r", "record_id_r", "judgement")


class Judgement(StrEnum):
    POSITIVE = "positive"
    NEGATIVE = "negative"
    UNSURE = "unsure"


@dataclass(frozen=True, slots=True)
class Label:
    left: Key
    right: Key
    judgement: Judgement

    @property
    def pair(self) -> tuple[Key, Key]:
        """The pair in canonical order, so (a, b) and (b, a) are the same pair."""
        return (self.left, self.right) if self.left <= self.right else (self.right, self.left)


def latest_by_pair(labels: Iterable[Label]) -> dict[tuple[Key, Key], Judgement]:
    """The judgement that counts for each pair: the last one given."""
    out: dict[tuple[Key, Key], Judgement] = {}
    for label in labels:
        if label.left == label.right:
            continue  # a record is trivially itself; nothing to learn
        out[label.pair] = label.judgement
    return out


def cannot_links(labels: Iterable[Label]) -> set[tuple[Key, Key]]:
    return {pair for pair, j in latest_by_pair(labels).items() if j is Judgement.NEGATIVE}


def must_links(labels: Iterable[Label]) -> set[tuple[Key, Key]]:
    return {pair for pair, j in latest_by_pair(labels).items() if j is Judgement.POSITIVE}


def read_labels(path: str | Path) -> list[Label]:
    """Read a labels CSV (`source_l,record_id_l,source_r,record_id_r,judgement`)."""
    name = str(path)
    if not Path(path).is_file():
        raise InputError("file not found", file=name)
    labels: list[Label] = []
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in LABEL_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError("missing required column", file=name, row=1, column=missing[0])
        for row_number, row in enumerate(reader, start=2):
            try:
                judgement = Judgement((row["judgement"] or "").strip().lower())
            except ValueError:
                raise InputError("judgement must be positive, negative or unsure", file=name,
                                 row=row_number, column="judgement") from None
            # Keys copied from pairs.csv come neutralised against spreadsheet formulas.
            left = (restore_cell((row["source_l"] or "").strip()), restore_cell((row["record_id_l"] or "").strip()))
            right = (restore_cell((row["source_r"] or "").strip()), restore_cell((row["record_id_r"] or "").strip()))
            for column, value in (("source_l", left[0]), ("record_id_l", left[1]),
                                  ("source_r", right[0]), ("record_id_r", right[1])):
                if not value:
                    raise InputError("empty key", file=name, row=row_number, column=column)
            labels.append(Label(left, right, judgement))
    return labels


def write_labels(path: str | Path, labels: Iterable[Label]) -> None:
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(LABEL_COLUMNS)
        for label in labels:
            writer.writerow([*map(neutralise_cell, label.left), *map(neutralise_cell, label.right),
                             label.judgement.value])
