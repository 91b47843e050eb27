"""`athar search QUERY [--limit N] [--format table|csv|json]` (shared/spec/interchange.md, section 4).

Searches the registry by name in any script with the engine of the web person list
(`athar.search.engine`). `--limit` counts persons. CSV, one row per matching record:
`rank,score,person_id,source,record_id` — rank from 1 for the best person, records of one person
sharing its rank, `person_id` (the public id) empty for a record not yet part of a person, `score` the
record's own score. JSON holds the same, grouped by person. The table is for people and also shows
each record's name as written; CSV and JSON carry ids only. CSV cells that a spreadsheet would run
as a formula are written with a leading apostrophe (athar.interchange.write); the table shows control
characters in the values as escapes (athar.cli.terminal)."""

from __future__ import annotations

import csv
import json
import sys
from typing import TYPE_CHECKING

import click

from athar.cli.django_setup import setup_django
from athar.cli.errors import fail
from athar.cli.terminal import safe
from athar.interchange import neutralise_cell

if TYPE_CHECKING:  # the engine's module loads models, which need Django set up first
    from athar.search.engine import SearchResult

CSV_COLUMNS = ("rank", "score", "person_id", "source", "record_id")


def _score(value: float) -> str:
    return f"{value:.4f}"


@click.command("search")
@click.argument("query")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 10_000),
              help="How many persons to return (a person's records all come with it).")
@click.option("--format", "output_format", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True, help="Output format.")
def command(query: str, limit: int, output_format: str) -> None:
    """Search the registry by name in Arabic or Latin script ("Mhd Hasan" finds محمد الحسن)."""
    if not query.strip():
        fail("the query is empty: give a name, a record id or a national ID")
    setup_django()
    from athar.cli.serve import require_migrated_database

    require_migrated_database()
    from athar.search.engine import search_persons

    result = search_persons(query, limit=limit)
    if output_format == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for hit in result.hits:
            for record in hit.records:
                writer.writerow([hit.rank, _score(record.score), neutralise_cell(hit.public_id or ""),
                                 neutralise_cell(record.source), neutralise_cell(record.record_id)])
    elif output_format == "json":
        click.echo(json.dumps({
            "persons": [
                {"rank": hit.rank, "score": hit.score, "person_id": hit.public_id,
                 "records": [{"source": r.source, "record_id": r.record_id, "score": r.score}
                             for r in hit.records]}
                for hit in result.hits
            ],
            "truncated": result.is_truncated,
        }, ensure_ascii=False, indent=2))
    else:
        _print_table(result)


def _print_table(result: SearchResult) -> None:
    from athar.registry.models import Record

    if not result.hits:
        click.echo("No match.", err=True)
        return
    names = {r.pk: r.name_as_written for r in Record.objects.filter(
        pk__in=[rec.record_pk for hit in result.hits for rec in hit.records])}
    rows = [(str(hit.rank), _score(rec.score), hit.public_id or "(no person yet)", safe(rec.source),
             safe(rec.record_id), safe(names.get(rec.record_pk, "")))
            for hit in result.hits for rec in hit.records]
    header = ("rank", "score", "person", "source", "record", "name as written")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(5)]
    for row in [header, *rows]:
        click.echo("  ".join(value.ljust(width) for value, width in zip(row, widths, strict=False)) + "  " + row[5])
    if result.is_truncated:
        click.echo("More persons match: raise --limit or add name parts to narrow the search.", err=True)
