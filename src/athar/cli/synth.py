"""`athar synth` — write a synthetic records CSV with its ground truth (no database needed)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from athar.cli.errors import fail

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar


@click.command("synth")
@click.option("--records", "n_records", type=click.IntRange(min=1), required=True,
              help="How many records to write (all sources together).")
@click.option("--seed", type=int, default=1, show_default=True,
              help="Random seed; the same seed writes the same files.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Directory for records.csv, truth.csv and families.csv (created if missing).")
@click.option("--no-invalid-dates", is_flag=True,
              help="Do not write the few DD/MM/YYYY register dates the reader reports on purpose.")
def command(n_records: int, seed: int, out_dir: Path, no_invalid_dates: bool) -> None:
    """Generate synthetic people, families and records from six sources with their own habits
    (Arabic family reports, English- and French-style NGO lists, an OCR-noisy prison register,
    death certificates, testimonies), in the records CSV format of the interchange spec.

    \b
    Writes to --out:
      records.csv   the records (spec section 1), sources shuffled together
      truth.csv     source,record_id,person_id for every record
      families.csv  person_id,family_id,relation (father, son, daughter, cousin)

    Example: athar synth --records 100000 --seed 7 --out var/synth
    """
    from athar.synth import generate

    started = time.perf_counter()
    try:
        bar: ProgressBar[int]
        with click.progressbar(length=n_records, label="generating", file=click.get_text_stream("stderr"),
                               show_pos=True) as bar:
            result = generate(n_records, seed=seed, out_dir=out_dir, invalid_dates=not no_invalid_dates,
                              progress=bar.update)
    except OSError as exc:
        fail(f"cannot write to {out_dir} ({exc.strerror or exc})")
    seconds = time.perf_counter() - started
    click.echo(f"wrote {result.n_records:,} records of {result.n_persons:,} persons in {seconds:.1f} s")
    click.echo(f"  records:  {result.records_csv}")
    click.echo(f"  truth:    {result.truth_csv}")
    click.echo(f"  families: {result.families_csv}")
