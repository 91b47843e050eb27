"""`athar import records FILE.csv [--source NAME] [--kind KIND]` (shared/spec/interchange.md, section 3).

Thin: parses options, sets Django up, calls `athar.imports.services.import_records`, prints counts
and the location and reason of every quarantined row (never its content: no personal data on a
terminal that may be shared or logged). Exits non-zero only when the file itself cannot be read."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from athar.cli.errors import fail
from athar.cli.terminal import safe
from athar.errors import InputError
from athar.registry.choices import SourceKind


@click.group("import")
def command() -> None:
    """Load files into the registry."""


@command.command("records")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--source", "default_source", metavar="NAME",
              help="Source of rows whose `source` column is absent or empty (required then).")
@click.option("--kind", type=click.Choice(SourceKind.values), default=SourceKind.OTHER, show_default=True,
              help="Kind given to sources this import creates (existing sources keep theirs).")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def records(file: Path, default_source: str | None, kind: str, quiet: bool) -> None:
    """Import a records CSV: clean rows into the registry, the others into quarantine.

    Importing the same file again adds nothing; in a corrected file only rows not yet in the
    registry are added."""
    from athar.cli.django_setup import setup_django

    setup_django()
    from athar.cli.serve import require_migrated_database

    require_migrated_database()
    from athar.imports.services import import_records

    bar: Any = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if quiet or total < 1000:
            return
        if bar is None:
            bar = click.progressbar(length=total, label="importing", file=sys.stderr)
            bar.__enter__()
        bar.update(done - bar.pos)

    try:
        report = import_records(file, default_source=default_source, source_kind=kind, progress=progress)
    except InputError as error:
        fail(error)
        return
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)

    if report.already_imported and report.batch is not None:
        batch = report.batch
        click.echo(f"{file}: this file was already imported (batch {batch.pk}); nothing added. "
                   f"That import brought in {batch.imported_count} rows and quarantined "
                   f"{batch.quarantined_count}; fix those in a corrected file and import that.")
    for note in report.column_notes():
        click.echo(f"note: {note}")
    for problem in report.problems:
        click.echo(f"quarantined: {safe(problem.describe())}")
    if report.sources_created:
        click.echo("new sources: " + ", ".join(map(safe, report.sources_created)))
    changed = (f" ({report.skipped_changed} of them differ from the registry and were not updated)"
               if report.skipped_changed else "")
    click.echo(f"imported {report.imported}, skipped as already present {report.skipped}{changed}, "
               f"quarantined {report.quarantined} (of {report.row_count} rows)")
