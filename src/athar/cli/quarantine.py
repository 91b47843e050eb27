"""`athar quarantine list|show|export`: the rows an import could not use, whenever they are needed.

`list` names where each row was and why (no content); `show ID` prints one row as it was read;
`export --out FILE` writes them to a CSV to fix and import again. Thin: the work is in
`athar.imports.quarantine`."""

from __future__ import annotations

from pathlib import Path

import click

from athar.cli.errors import fail
from athar.cli.terminal import echo


def _setup() -> None:
    from athar.cli.django_setup import setup_django

    setup_django()
    from athar.cli.serve import require_migrated_database

    require_migrated_database()


@click.group("quarantine")
def command() -> None:
    """Rows that imports could not use: list, show and export them."""


_batch = click.option("--batch", type=int, help="Only rows of this import batch.")
_all = click.option("--all", "include_resolved", is_flag=True,
                    help="Include rows a later import has resolved.")


@command.command("list")
@_batch
@_all
def list_rows(batch: int | None, include_resolved: bool) -> None:
    """One line per quarantined row: id, batch, file, row, column and reason."""
    _setup()
    from athar.imports.quarantine import quarantined_rows

    count = 0
    for row in quarantined_rows(batch=batch, include_resolved=include_resolved).iterator():
        resolved = f" (resolved by batch {row.resolved_by_batch_id})" if row.resolved_by_batch_id else ""
        where = ", ".join(p for p in (row.file_name, f"row {row.row_number}",
                                      f"column {row.column}" if row.column else "") if p)
        echo(f"{row.pk}\tbatch {row.batch_id}\t{where}: {row.reason}{resolved}")
        count += 1
    echo(f"{count} quarantined rows" + ("" if include_resolved else " not yet resolved"), err=True)


@command.command("show")
@click.argument("row_id", type=int)
def show(row_id: int) -> None:
    """Every problem of one quarantined row and its cells as read (personal data: audited)."""
    _setup()
    from athar.imports.models import QuarantinedRow
    from athar.imports.quarantine import show_row

    try:
        row = show_row(row_id, actor=None)
    except QuarantinedRow.DoesNotExist:
        fail(f"no quarantined row {row_id}; `athar quarantine list` shows their ids")
        return
    echo(f"quarantined row {row.pk}: batch {row.batch_id}, {row.file_name}, row {row.row_number}")
    if row.resolved_by_batch_id:
        echo(f"resolved by batch {row.resolved_by_batch_id}")
    for problem in row.problems:
        echo(f"  problem: {'column ' + problem['column'] + ': ' if problem.get('column') else ''}{problem['reason']}")
    for column, value in row.raw.items():
        echo(f"  {column}: {value}")


@command.command("export")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="CSV to write (created readable by you only).")
@_batch
@_all
def export(out: Path, batch: int | None, include_resolved: bool) -> None:
    """Write quarantined rows to a CSV: location and reason, then the row's own columns."""
    _setup()
    from athar.imports.quarantine import export_rows, quarantined_rows

    try:
        count = export_rows(quarantined_rows(batch=batch, include_resolved=include_resolved), out, actor=None)
    except OSError as exc:
        fail(f"cannot write {out} ({exc.strerror})")
        return
    echo(f"wrote {count} rows to {out}. Remove the first six columns, fix the rows and import the file again.")
