"""`athar names score PAIRS.csv [--out FILE]`: score pairs of personal names (spec §5).

Input: UTF-8 CSV (a BOM is accepted) with a header holding `pair_id,name_a,name_b`; further
columns are ignored. Output, to stdout or FILE: `pair_id,score,same` per input pair, in input
order; `same` is 1 when the score is at or above the engine's default threshold. A name without
usable letters scores 0 with a warning naming its pair_id (never the name); a missing column
stops the run with one line on stderr and exit status 2.

`--engine names` (default): athar.names, the engine search uses. `--engine linker`: the
linker's own name comparisons with the shipped model's weights (`athar.linkage.name_score`).
On the hand-written pair table (tests/names/cases/name_pairs.tsv) the first is far the better
name scorer (docs/names.md), which is why it is the default."""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import TextIO

import click

from athar.cli.errors import fail

REQUIRED = ("pair_id", "name_a", "name_b")


def _read_pairs(path: Path) -> list[tuple[str, str, str]]:
    name = str(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            for column in REQUIRED:
                if column not in header:
                    fail(f"{name}, row 1, column {column}: missing required column")
            return [(row["pair_id"] or "", row["name_a"] or "", row["name_b"] or "") for row in reader]
    except FileNotFoundError:
        fail(f"{name}: file not found")
    except UnicodeDecodeError as exc:
        fail(f"{name}: not UTF-8 text (byte {exc.start})")
    return []  # unreachable: fail() exits


def _scores(pairs: list[tuple[str, str]], engine: str) -> tuple[list[float], float, list[bool]]:
    """(scores, default threshold, whether each pair has letters on both sides)."""
    from athar.names import NAME_MATCH_THRESHOLD, canonical_tokens, name_similarity

    usable = [bool(canonical_tokens(a)) and bool(canonical_tokens(b)) for a, b in pairs]
    if engine == "linker":
        from athar.linkage.name_score import DEFAULT_THRESHOLD, score_names

        return score_names(pairs), DEFAULT_THRESHOLD, usable
    return ([name_similarity(a, b) if ok else 0.0 for (a, b), ok in zip(pairs, usable, strict=True)],
            NAME_MATCH_THRESHOLD, usable)


def _write(out: TextIO, rows: list[tuple[str, float, int]]) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("pair_id", "score", "same"))
    writer.writerows((pair_id, f"{score:.4f}", same) for pair_id, score, same in rows)


@click.group("names")
def command() -> None:
    """Personal names: score pairs with athar's name engine."""


@command.command("score")
@click.argument("pairs_csv", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--out", "out_file", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the scores here instead of to standard output.")
@click.option("--engine", type=click.Choice(["names", "linker"]), default="names", show_default=True,
              help="names: athar.names (as search); linker: the linker's name comparisons and model.")
def score(pairs_csv: Path, out_file: Path | None, engine: str) -> None:
    """Score PAIRS.csv (pair_id,name_a,name_b): pair_id,score,same per pair, in input order."""
    pairs = _read_pairs(pairs_csv)
    scores, threshold, usable = _scores([(a, b) for _id, a, b in pairs], engine)
    rows = []
    for (pair_id, _a, _b), value, ok in zip(pairs, scores, usable, strict=True):
        if not ok:
            click.echo(f"athar: warning: pair {pair_id}: a name has no usable letters; score 0", err=True)
            value = 0.0
        value = min(max(value, 0.0), 1.0)
        rows.append((pair_id, value, int(value >= threshold)))
    if out_file is None:
        _write(sys.stdout, rows)
        return
    with out_file.open("w", encoding="utf-8", newline="") as handle:
        _write(handle, rows)
