"""`athar demo`: from a fresh clone to a running registry full of synthetic people, in one command.

Steps: migrate the embedded SQLite database (var/athar.sqlite3); generate synthetic records with a
fixed seed (athar.synth); import them (athar.imports, which also derives events and fate claims);
link them (athar.linkage) and resolve the clusters into persons (athar.registry.services); index the
names for search; give the `demo` account a new random password, printed once; serve.

Idempotent: a second run reuses the database. The same file is not imported twice, linking runs only
while records lack a person, and only the password changes. Every name in the demo is synthetic."""

from __future__ import annotations

import csv
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from athar.cli.django_setup import setup_django
from athar.cli.errors import fail
from athar.errors import AtharError

DEMO_USERNAME = "demo"
DEMO_SEED = 20130101
DEMO_RECORDS = 3000
RUN_ID_PREFIX = "demo"


def step(message: str) -> None:
    click.echo(click.style("• ", fg="green") + message)


@contextmanager
def progress_bar(label: str, total: int) -> Iterator[Callable[[int, int], None]]:
    """A `progress(done, total)` callback drawing a bar (services report progress this way)."""
    with click.progressbar(length=max(total, 1), label=label, show_pos=True) as bar:
        seen = 0

        def update(done: int, new_total: int) -> None:
            nonlocal seen
            if new_total and new_total != bar.length:
                bar.length = new_total
            bar.update(max(done - seen, 0))
            seen = max(done, seen)

        yield update


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def generate_records(out_dir: Path, *, n_records: int, seed: int) -> Path:
    """The synthetic records CSV, generated once (a rerun reuses the file, so nothing changes)."""
    from athar.synth import generate

    records_csv = out_dir / "records.csv"
    if records_csv.exists():
        step(f"Reusing synthetic records in {records_csv}")
        return records_csv
    with click.progressbar(length=n_records, label=f"Generating synthetic records (seed {seed})",
                           show_pos=True) as bar:
        result = generate(n_records, seed=seed, out_dir=out_dir, progress=bar.update)
    produced = Path(result.records_csv)
    step(f"  {result.n_records} records of {result.n_persons} synthetic persons")
    return produced


def import_file(records_csv: Path) -> None:
    from athar.imports.services import import_records

    total = _count_rows(records_csv)
    with progress_bar("Importing records", total) as update:
        report = import_records(records_csv, progress=update)
    if report.already_imported:
        step("Records already imported: nothing to add")
    else:
        step(f"  imported {report.imported}, already present {report.skipped}, "
             f"quarantined {report.quarantined}")


def _count_rows(path: Path) -> int:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return max(sum(1 for _ in csv.reader(handle)) - 1, 0)


def link_and_resolve(out_dir: Path, *, run_id: str) -> None:
    """Link the registry's records (only while some lack a person) and resolve them into persons."""
    from athar.registry.linking import link_registry
    from athar.registry.models import Record

    if not Record.objects.filter(person__isnull=True).exists():
        step("Every record already belongs to a person: linking skipped")
        return
    step("Linking records (Arabic/Latin name matching)")
    result = link_registry(out_dir, run_id=run_id, report=lambda message: click.echo(f"  {message}"))
    step(f"  {result.n_records} records in {result.n_clusters} clusters; "
         f"{result.clusters.persons_created} persons created, {result.clusters.persons_kept} kept")
    from athar.review.queue import sync_queue

    queue = sync_queue(result.pairs_csv, run_id=run_id)
    step(f"  {queue.pending} uncertain pairs waiting for review")


def index_names() -> None:
    from athar.search.index import pending_count, refresh_index

    pending = pending_count()
    if not pending:
        step("Search index up to date")
        return
    with progress_bar("Indexing names for search", pending) as update:
        refresh_index(progress=update)


def reset_demo_password(username: str = DEMO_USERNAME) -> str:
    """Create the demo account if needed and give it a new random password; return the password.
    Only its hash is stored."""
    from django.contrib.auth import get_user_model

    user_model: Any = get_user_model()
    user, _ = user_model.objects.get_or_create(username=username)
    password = secrets.token_urlsafe(12)
    user.set_password(password)
    user.is_active = True
    user.save()
    # The demo account administers the demo (synthetic data only): it can try every screen.
    from athar.accounts.roles import Role
    from athar.accounts.services import set_role

    set_role(user, Role.ADMINISTRATOR, actor=None)
    return password


def prepare(*, n_records: int = DEMO_RECORDS, seed: int = DEMO_SEED) -> str:
    """Every step but serving; returns the demo password. Django must be set up."""
    from django.conf import settings

    demo_dir = Path(settings.DATA_DIR) / "demo"
    demo_dir.mkdir(parents=True, exist_ok=True)
    step(f"Database: {settings.DATABASES['default']['NAME']}")
    migrate()
    records_csv = generate_records(demo_dir, n_records=n_records, seed=seed)
    import_file(records_csv)
    link_and_resolve(demo_dir / "link", run_id=f"{RUN_ID_PREFIX}-{seed}")
    index_names()
    return reset_demo_password()


@click.command("demo")
@click.option("--serve/--no-serve", default=True, show_default=True,
              help="Serve the web app once the data is ready.")
@click.option("--records", "n_records", default=DEMO_RECORDS, show_default=True, type=click.IntRange(10, 200_000),
              help="How many synthetic records to generate (first run only).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535),
              help="Port to serve on (always on 127.0.0.1, this machine only).")
def command(serve: bool, n_records: int, port: int) -> None:
    """Set up a demo registry of synthetic people under var/ and serve it on http://127.0.0.1:8000.

    Creates the database, generates, imports and links synthetic records, and gives the `demo`
    account a new password, printed once. Running it again reuses the data and only changes the
    password. The data directory is var/ in the current directory, or $ATHAR_DATA_DIR."""
    setup_django()
    try:
        password = prepare(n_records=n_records)
    except AtharError as exc:
        fail(exc)
    click.echo("")
    click.echo(f"Demo account: username {DEMO_USERNAME!r}, password {password!r}")
    click.echo("The password is shown only now; run `athar demo` again for a new one.")
    if serve:
        from athar.cli.serve import DEFAULT_HOST, run_server

        click.echo(f"Open http://{DEFAULT_HOST}:{port}/ (Ctrl-C stops the server)")
        run_server(DEFAULT_HOST, port)
