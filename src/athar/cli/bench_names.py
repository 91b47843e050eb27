"""`athar bench names`: name-pair accuracy and speed of athar.names on the Gaza MoH releases."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("names")
@click.option("--gaza-dir", type=click.Path(path_type=Path), default=Path("../shared/data/gaza-moh"),
              show_default=True, help="Folder holding the two Gaza MoH release CSV files.")
def command(gaza_dir: Path) -> None:
    """Precision/recall/F1 of name_similarity against a Jaro-Winkler baseline, and throughput."""
    from athar.names.benchmark import FILES, run

    missing = [f for f in FILES if not (gaza_dir / f).is_file()]
    if missing:
        raise click.ClickException(
            f"Gaza MoH data not found in {gaza_dir} (missing {', '.join(missing)}); pass --gaza-dir PATH"
        )
    click.echo(f"$ athar bench names --gaza-dir {gaza_dir}")
    for line in run(gaza_dir):
        click.echo(line)
