"""`athar resolve`: link every record of the registry and resolve the clusters into persons.

Thin: sets Django up, checks the database, hands the open review judgements to
`athar.registry.linking.link_registry` as labels, puts the run's uncertain pairs in the review queue
(`athar.review.queue.sync_queue`), prints counts only. The apps listening to the registry's
`persons_resolved` signal act on the new persons during the run (tracing matches the open
requests again and keeps the model it matches with) and report one line each. The working files (exported records, pairs,
clusters, model) hold personal data, so they stay under the private data directory, one folder per
run, and are removed when the run ends unless ATHAR_KEEP_LINKAGE_RUNS keeps the newest few (for a
review of the linker's work)."""

from __future__ import annotations

from datetime import UTC, datetime

import click

from athar.cli.django_setup import setup_django
from athar.cli.errors import fail
from athar.cli.progress import StageProgress
from athar.errors import AtharError
from athar.files import private_directory, remove_old_runs


@click.command("resolve")
@click.option("--threshold", type=float, default=0.5, show_default=True,
              help="Match probability at and above which two records are the same person.")
@click.option("--review-band", type=(float, float), default=(0.2, 0.9), show_default=True,
              metavar="LOW HIGH", help="Pairs scored in [LOW, HIGH) go to the review queue.")
@click.option("--quiet", is_flag=True, help="No progress bar on stderr.")
def command(threshold: float, review_band: tuple[float, float], quiet: bool) -> None:
    """Link every record in the registry and resolve them into persons.

    Person ids stay stable across runs, and a record a person placed by hand is never moved.
    Review judgements are honoured: "same person" keeps records together, "different people"
    keeps them apart. Run it after `athar import records`."""
    setup_django()
    from django.conf import settings

    from athar.cli.serve import require_migrated_database
    from athar.registry.linking import link_registry
    from athar.review.queue import judgement_labels, sync_queue

    require_migrated_database()
    run_id = "link-" + datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    low, high = review_band
    if not 0.0 <= low < high <= 1.0:
        fail("--review-band must be two probabilities LOW < HIGH")
    runs_dir = private_directory(settings.DATA_DIR / "linkage")
    work_dir = runs_dir / run_id
    progress = StageProgress(quiet=quiet)
    try:
        result = link_registry(work_dir, threshold=threshold, run_id=run_id, labels=judgement_labels(),
                               report=lambda message: click.echo(f"  {message}", err=True), progress=progress)
        # Before the working files go: the queue is read from the run's pairs.csv.
        queue = sync_queue(result.pairs_csv, run_id=run_id, band=review_band)
    except AtharError as error:
        progress.close()
        fail(error)
    finally:
        progress.close()
        remove_old_runs(runs_dir, keep=settings.KEEP_LINKAGE_RUNS)
    c = result.clusters
    click.echo(f"{result.n_records} records, {result.n_pairs} scored pairs, {result.n_clusters} clusters")
    click.echo(f"persons: {c.persons_created} created, {c.persons_kept} kept, {c.persons_retired} retired; "
               f"records: {c.records_linked} linked or moved, {c.records_unchanged} unchanged, "
               f"{c.records_held_by_human} held by a human judgement")
    click.echo(f"review: {result.n_labels} judgements honoured, {result.cannot_links_together} "
               f"'different people' pairs still on one person; queue: {queue.created} new, "
               f"{queue.updated} updated, {queue.retired} no longer proposed, {queue.pending} waiting")
    for line in result.followups:  # what the apps did with the new persons (tracing: requests matched)
        click.echo(line)
    if work_dir.exists():
        click.echo(f"run {run_id}; working files kept in {work_dir} (ATHAR_KEEP_LINKAGE_RUNS)")
    else:
        click.echo(f"run {run_id}; working files removed")
