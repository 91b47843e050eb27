"""Generate a synthetic records CSV with its ground truth, in memory or to files.

Files written to `out_dir`:
- `records.csv` — spec section 1 columns, rows of every source shuffled together (row order and
  record numbers say nothing about who is who);
- `truth.csv` — `source,record_id,person_id` for every record;
- `families.csv` — `person_id,family_id,relation` (father, son, daughter, cousin) for every
  person, so a benchmark can count sibling and father/son confusions.

The same seed gives byte-identical files. Rows are shuffled through bucket files, so memory
stays small at millions of records."""

from __future__ import annotations

import csv
import random
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from athar.interchange import COLUMNS
from athar.synth.lexicon import lexicon
from athar.synth.people import Person, Population
from athar.synth.sources import Renderer, Row
from athar.synth.world import world

TRUTH_COLUMNS: tuple[str, ...] = ("source", "record_id", "person_id")
FAMILY_COLUMNS: tuple[str, ...] = ("person_id", "family_id", "relation")
_ROWS_PER_BUCKET = 20_000
_PROGRESS_EVERY = 10_000


@dataclass(frozen=True, slots=True)
class SynthRecord:
    row: Row  # only the columns the source filled; missing columns are empty
    person: Person


@dataclass(frozen=True, slots=True)
class SynthResult:
    records_csv: Path
    truth_csv: Path
    families_csv: Path
    n_persons: int
    n_records: int


def iter_records(n_records: int, *, seed: int = 1, invalid_dates: bool = True) -> Iterator[SynthRecord]:
    """Exactly `n_records` records, person by person (not shuffled). Deterministic for a seed.
    With `invalid_dates` a few prison-register dates are written DD/MM/YYYY, which the records
    reader reports as a problem — on purpose, as real registers do."""
    if n_records < 0:
        raise ValueError("n_records must not be negative")
    rng = random.Random(seed)
    population = Population(rng, lexicon(), world())
    renderer = Renderer(rng, world(), invalid_dates=invalid_dates)
    emitted = 0
    while emitted < n_records:
        for person in population.family():
            for row in renderer.render(person):
                yield SynthRecord(row, person)
                emitted += 1
                if emitted == n_records:
                    return


def generate(n_records: int, *, seed: int = 1, out_dir: Path, invalid_dates: bool = True,
             progress: Callable[[int], None] | None = None) -> SynthResult:
    """Write records.csv, truth.csv and families.csv to `out_dir` (created if needed).
    `progress` is called with the number of records made since its last call."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    records_csv, truth_csv, families_csv = out_dir / "records.csv", out_dir / "truth.csv", out_dir / "families.csv"
    shuffle_rng = random.Random(f"shuffle:{seed}")
    n_buckets = max(1, min(256, n_records // _ROWS_PER_BUCKET))
    n_persons = 0
    count = 0
    with tempfile.TemporaryDirectory(dir=out_dir, prefix=".synth-") as tmp:
        buckets = [Path(tmp) / f"{i:03d}.csv" for i in range(n_buckets)]
        handles = [b.open("w", encoding="utf-8", newline="") for b in buckets]
        try:
            writers = [csv.writer(h) for h in handles]
            with truth_csv.open("w", encoding="utf-8", newline="") as truth_handle, \
                    families_csv.open("w", encoding="utf-8", newline="") as family_handle:
                truth = csv.writer(truth_handle)
                families = csv.writer(family_handle)
                truth.writerow(TRUTH_COLUMNS)
                families.writerow(FAMILY_COLUMNS)
                last_person = ""
                pending = 0
                for record in iter_records(n_records, seed=seed, invalid_dates=invalid_dates):
                    row, person = record.row, record.person
                    writers[shuffle_rng.randrange(n_buckets)].writerow([row.get(c, "") for c in COLUMNS])
                    truth.writerow((row["source"], row["record_id"], person.person_id))
                    if person.person_id != last_person:
                        families.writerow((person.person_id, person.family_id, person.relation))
                        last_person = person.person_id
                        n_persons += 1
                    count += 1
                    pending += 1
                    if progress and pending == _PROGRESS_EVERY:
                        progress(pending)
                        pending = 0
        finally:
            for handle in handles:
                handle.close()
        with records_csv.open("w", encoding="utf-8", newline="") as out:
            csv.writer(out).writerow(COLUMNS)
            for bucket in buckets:
                with bucket.open(encoding="utf-8", newline="") as handle:
                    lines = handle.readlines()
                shuffle_rng.shuffle(lines)
                out.writelines(lines)
    if progress and pending:
        progress(pending)
    return SynthResult(records_csv, truth_csv, families_csv, n_persons, count)
