"""`athar demo`: from a fresh clone to a running registry full of synthetic people, in one command.

Steps: check that the registry is a demo one (below); create or upgrade its database (`athar init`'s
steps); generate synthetic records with a
fixed seed (athar.synth); import them (athar.imports, which also derives events and fate claims);
link them (athar.linkage) and resolve the clusters into persons (athar.registry.services); index the
names for search; give the `demo` account a new random password, printed once; serve.

Idempotent: a second run reuses the database. The same file is not imported twice, linking runs only
while records lack a person, and only the password changes. Every name in the demo is synthetic.

A demo never touches a real registry. Its data directory is $ATHAR_DATA_DIR, or by default a home
of its own (~/.local/share/athar-demo, never the real registry's ~/.local/share/athar). It refuses a
registry that `athar init` made, and any registry that holds data and is not marked as a demo one
(`registry.json` in the data directory); an empty database becomes a demo registry. A registry made
by an earlier athar demo (only the `demo` account, only synthetic sources) is recognised as one."""

from __future__ import annotations

import csv
import os
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar

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
    bar: ProgressBar[int]
    with click.progressbar(length=max(total, 1), label=label, show_pos=True) as bar:
        seen = 0

        def update(done: int, new_total: int) -> None:
            nonlocal seen
            if new_total and new_total != bar.length:
                bar.length = new_total
            bar.update(max(done - seen, 0))
            seen = max(done, seen)

        yield update


def _holds_data() -> bool:
    """Whether the database has accounts, sources or records (an empty one may become a demo)."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from athar.registry.models import Record, Source

    tables = set(connection.introspection.table_names())
    return any(model._meta.db_table in tables and model.objects.exists()
               for model in (get_user_model(), Source, Record))


def _is_earlier_demo() -> bool:
    """A registry an earlier `athar demo` made, before demo registries were marked: its only account
    is `demo` and its only sources are the synthetic generator's."""
    from django.contrib.auth import get_user_model

    from athar.registry.models import Source
    from athar.synth import SOURCES

    usernames = set(get_user_model().objects.values_list("username", flat=True))
    sources = set(Source.objects.values_list("name", flat=True))
    return usernames <= {DEMO_USERNAME} and bool(sources) and sources <= set(SOURCES)


def claim_demo_registry() -> None:
    """Stop unless the registry is a demo one, or empty (then mark it a demo registry)."""
    from athar.cli.init import describe_database, is_new_database, read_marker, write_marker

    advice = ("Set ATHAR_DATA_DIR to another directory for the demo (`make demo` uses ./var), or leave "
              "it unset: the demo then lives in a directory of its own.")
    marker = read_marker()
    if marker is not None:
        if marker.kind == "demo":
            return
        fail(f"refusing to add synthetic people to a real registry ({describe_database()}, made by "
             f"`athar init`). {advice}")
    if is_new_database() or not _holds_data() or _is_earlier_demo():
        write_marker("demo")
        return
    fail(f"refusing to add synthetic people to {describe_database()}: it holds data and is not a demo "
         f"registry. {advice}")


def migrate() -> None:
    """Create or upgrade the demo database as `athar init` does (private files, migrations)."""
    from athar.cli.init import initialise

    initialise(kind="demo", report=step)


def generate_records(out_dir: Path, *, n_records: int, seed: int) -> Path:
    """The synthetic records CSV, generated once (a rerun reuses the file, so nothing changes)."""
    from athar.synth import generate

    records_csv = out_dir / "records.csv"
    if records_csv.exists():
        step(f"Reusing synthetic records in {records_csv}")
        return records_csv
    bar: ProgressBar[int]
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
    for line in result.followups:
        step(f"  {line}")
    from athar.review.queue import sync_queue

    queue = sync_queue(result.pairs_csv, run_id=run_id)
    step(f"  {queue.pending} uncertain pairs waiting for review")


def index_names() -> None:
    from athar.cli.init import refresh_search_index

    if not refresh_search_index():
        step("Search index up to date")


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

    from athar.cli.init import describe_database
    from athar.files import private_directory

    step(f"Database: {describe_database()}")
    claim_demo_registry()
    migrate()
    demo_dir = private_directory(Path(settings.DATA_DIR) / "demo")
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
    """Set up a demo registry of synthetic people and serve it on http://127.0.0.1:8000.

    Creates the database, generates, imports and links synthetic records, and gives the `demo`
    account a new password, printed once. Running it again reuses the data and only changes the
    password. The data directory is $ATHAR_DATA_DIR, or else ~/.local/share/athar-demo (never the
    real registry's). Refuses a registry that is not a demo one."""
    from athar.cli.serve import DEFAULT_HOST, ensure_port_free, plain_http_cookies
    from athar.locations import default_demo_dir

    if serve:
        ensure_port_free(DEFAULT_HOST, port)  # before the password changes, not after

    os.environ.setdefault("ATHAR_DATA_DIR", str(default_demo_dir()))
    plain_http_cookies()  # served over plain HTTP on 127.0.0.1
    # Synthetic data only: the demo account logs in with its password alone.
    os.environ.setdefault("ATHAR_REQUIRE_2FA", "false")
    setup_django()
    try:
        password = prepare(n_records=n_records)
    except AtharError as exc:
        fail(exc)
    click.echo("")
    click.echo(f"Demo account: username {DEMO_USERNAME!r}, password {password!r}")
    click.echo("The password is shown only now; run `athar demo` again for a new one.")
    if serve:
        from athar.cli.serve import run_server

        click.echo(f"Open http://{DEFAULT_HOST}:{port}/ (Ctrl-C stops the server)")
        run_server(DEFAULT_HOST, port)
