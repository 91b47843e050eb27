"""`athar import records FILE [--source NAME] [--kind KIND] [--date-order dmy|mdy|ymd] [--mapping FILE]
[--encoding ENC] [--delimiter C] [--sheet NAME] [--dry-run]` (shared/spec/interchange.md, section 3).

Thin: parses options, sets Django up, calls `athar.imports.services.import_records`, prints counts
and the location and reason of every quarantined row (never its content: no personal data on a
terminal that may be shared or logged). Exits non-zero only when the file itself cannot be read."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from athar.cli.errors import fail
from athar.cli.options import DATE_ORDER_HELP
from athar.cli.terminal import echo
from athar.errors import InputError
from athar.interchange import DateOrder
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
@click.option("--date-order", type=click.Choice([o.value for o in DateOrder]), help=DATE_ORDER_HELP)
@click.option("--mapping", "mapping_path", type=click.Path(dir_okay=False, path_type=Path),
              help="JSON or CSV (column,field) mapping of the file's columns to athar's fields; saved for "
                   "the source and used next time --source names it.")
@click.option("--encoding", help="Encoding of a CSV when it is not UTF-8 or UTF-16 (e.g. cp1256).")
@click.option("--delimiter", help="Separator of a CSV when it is not recognised (e.g. ';').")
@click.option("--sheet", help="Sheet of an Excel workbook that has several.")
@click.option("--dry-run", is_flag=True, help="Say what the import would do; write nothing.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option("--no-match", is_flag=True,
              help="Do not match the new records against the last linkage run (matched / uncertain / new).")
def records(file: Path, default_source: str | None, kind: str, date_order: str | None, mapping_path: Path | None,
            encoding: str | None, delimiter: str | None, sheet: str | None, dry_run: bool, quiet: bool,
            no_match: bool) -> None:
    """Import a records file (CSV or .xlsx): clean rows into the registry, the others into quarantine.

    Importing the same file again adds nothing; in a corrected file, new rows are added and rows
    that changed are updated (the earlier version is kept as the record's history)."""
    from athar.cli.django_setup import setup_django

    if delimiter == "\\t":
        delimiter = "\t"
    mapping = None
    if mapping_path is not None:
        from athar.interchange.mapping import read_mapping

        try:
            mapping = read_mapping(mapping_path)
        except InputError as error:
            fail(error)
    setup_django()
    from django.db import OperationalError

    from athar.cli.serve import require_migrated_database

    try:
        require_migrated_database()
    except OperationalError:
        fail("the database is busy (another command is writing to it); try again in a moment")
    from tqdm import tqdm

    from athar.imports.services import import_records

    bar: Any = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if quiet or total < 1000:
            return
        if bar is None:
            bar = tqdm(total=total, desc="importing", unit=" rows", file=sys.stderr, leave=False)
        bar.update(done - bar.n)

    def waiting() -> None:
        echo("another import is running; waiting for it to finish...", err=True)

    try:
        report = import_records(file, default_source=default_source, source_kind=kind, progress=progress,
                                date_order=DateOrder(date_order) if date_order else None, encoding=encoding,
                                delimiter=delimiter, mapping=mapping, sheet=sheet, dry_run=dry_run,
                                on_wait=waiting)
    except InputError as error:
        fail(error)
        return
    except OperationalError:
        fail("the database is busy (another command is writing to it); nothing was imported. Try again")
        return
    finally:
        if bar is not None:
            bar.close()

    if report.already_imported and report.batch is not None:
        batch = report.batch
        echo(f"{file}: this file was already imported (batch {batch.pk}); nothing added. "
             f"That import brought in {batch.imported_count} rows and quarantined "
             f"{batch.quarantined_count}; fix those in a corrected file and import that.")
    for note in report.column_notes():
        echo(f"note: {note}")
    for problem in report.problems:
        echo(f"quarantined: {problem.describe()}")
    if report.sources_created:
        echo("new sources: " + ", ".join(report.sources_created))
    if report.dry_run:
        echo(f"dry run, nothing written: {report.summary()}")
        return
    echo(report.summary())
    if not no_match and report.batch is not None and report.imported and not report.already_imported:
        _match_new_records(report.batch.pk)
    if report.quarantined:
        echo(f"see them again with `athar quarantine list --batch {report.batch.pk if report.batch else ''}`")


def _match_new_records(batch_id: int) -> None:
    """The second line of a real import: how its new records stand against the registry's persons
    (athar.review.incoming), when `athar resolve` kept a run to match against."""
    from athar.registry.kept_run import latest_run_dir
    from athar.review.incoming import classify_batch

    if latest_run_dir() is None:
        echo("matching: not done, the registry has not been resolved yet; "
             "the next `athar resolve` links the new records")
        return
    result = classify_batch(batch_id)
    if not result.classified:
        echo("matching: not done, the last linkage run could not be used; run `athar resolve`")
        return
    echo(f"matching: matched {result.matched}, uncertain {result.uncertain} "
         f"({result.queued_pairs} pairs sent to review), new {result.new} (run {result.run_id})")
