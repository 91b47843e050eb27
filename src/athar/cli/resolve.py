"""`athar resolve`: link every record of the registry and resolve the clusters into persons.

Thin: sets Django up, checks the database, calls `athar.registry.linking.link_registry`, prints
counts only. The working files (exported records, pairs, clusters, model) hold personal data, so
they stay under the private data directory, one folder per run, and are removed when the run ends
unless ATHAR_KEEP_LINKAGE_RUNS keeps the newest few (for a review of the linker's work)."""

from __future__ import annotations

from datetime import UTC, datetime

import click

from athar.cli.django_setup import setup_django
from athar.cli.errors import fail
from athar.errors import AtharError
from athar.files import private_directory, remove_old_runs


@click.command("resolve")
@click.option("--threshold", type=float, default=0.5, show_default=True,
              help="Match probability at and above which two records are the same person.")
def command(threshold: float) -> None:
    """Link every record in the registry and resolve them into persons.

    Person ids stay stable across runs, and a record a person placed by hand is never moved.
    Run it after `athar import records`."""
    setup_django()
    from django.conf import settings

    from athar.cli.serve import require_migrated_database
    from athar.registry.linking import link_registry

    require_migrated_database()
    run_id = "link-" + datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    runs_dir = private_directory(settings.DATA_DIR / "linkage")
    work_dir = runs_dir / run_id
    try:
        result = link_registry(work_dir, threshold=threshold, run_id=run_id,
                               report=lambda message: click.echo(f"  {message}", err=True))
    except AtharError as error:
        fail(error)
    finally:
        remove_old_runs(runs_dir, keep=settings.KEEP_LINKAGE_RUNS)
    c = result.clusters
    click.echo(f"{result.n_records} records, {result.n_pairs} scored pairs, {result.n_clusters} clusters")
    click.echo(f"persons: {c.persons_created} created, {c.persons_kept} kept, {c.persons_retired} retired; "
               f"records: {c.records_linked} linked or moved, {c.records_unchanged} unchanged, "
               f"{c.records_held_by_human} held by a human judgement")
    if work_dir.exists():
        click.echo(f"run {run_id}; working files kept in {work_dir} (ATHAR_KEEP_LINKAGE_RUNS)")
    else:
        click.echo(f"run {run_id}; working files removed")
