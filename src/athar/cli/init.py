"""`athar init`: create the registry, or upgrade it to this version of athar. Idempotent.

It makes the data directory (0700), the per-installation secret key, the database and its tables
(Django migrations), tightens the modes of files an earlier version left readable by others, brings
the name-search index up to date (after an upgrade that changed its keys: every record), and says
where the registry is. Run it again after every upgrade of athar: it applies only what is
missing. Back the registry up first when it holds data (`athar backup`).

The data directory also holds `registry.json`, which says what kind of registry this is: `registry`
(made by `athar init`) or `demo` (made by `athar demo`), and for which database. `athar demo`
refuses to touch a registry that is not a demo one (see `athar.cli.demo`)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import click

from athar.cli.django_setup import setup_django
from athar.cli.errors import fail

MARKER_FILE = "registry.json"
Kind = Literal["registry", "demo"]


def describe_database() -> str:
    """Where the registry's database is, for people: a path or a PostgreSQL name, never a password.
    Django must be set up."""
    from django.db import connection

    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"SQLite database {db['NAME']}"
    host = db.get("HOST") or "the local socket"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"PostgreSQL database {db['NAME']!r} on {host}{port}"


def database_identity() -> str:
    """A stable name for the database itself (not the data directory that points at it), so a
    marker written for one database never vouches for another."""
    from django.db import connection

    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        name = str(db["NAME"])
        return "sqlite:" + (str(Path(name).resolve()) if not name.startswith("file:") else name)
    return f"postgresql://{db.get('USER') or ''}@{db.get('HOST') or ''}:{db.get('PORT') or ''}/{db['NAME']}"


@dataclass(frozen=True)
class Marker:
    kind: Kind
    database: str
    created_at: str


def marker_path() -> Path:
    from django.conf import settings

    return Path(settings.DATA_DIR) / MARKER_FILE


def read_marker() -> Marker | None:
    """The marker of this database, or None when there is none (or it names another database)."""
    path = marker_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        marker = Marker(kind=data["kind"], database=data["database"], created_at=data["created_at"])
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError):
        fail(f"{path} is damaged: it should say whether this is a demo registry; restore it from a backup")
    if marker.kind not in ("registry", "demo"):
        fail(f"{path} names an unknown kind of registry: {marker.kind!r}")
    return marker if marker.database == database_identity() else None


def write_marker(kind: Kind) -> Marker:
    marker = Marker(kind=kind, database=database_identity(),
                    created_at=datetime.now(UTC).isoformat(timespec="seconds"))
    path = marker_path()
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(marker.__dict__, indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)
    return marker


def pending_migrations() -> list[str]:
    """The migrations the database lacks, as app.name (empty when it is up to date)."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return [f"{m.app_label}.{m.name}" for m, _ in executor.migration_plan(executor.loader.graph.leaf_nodes())]


def is_new_database() -> bool:
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    return not MigrationRecorder(connection).has_table()


def initialise(*, kind: Kind = "registry", report: Callable[[str], None] = click.echo) -> tuple[Marker, int]:
    """Create or upgrade the database; return the registry's marker and how many migrations were
    applied. Django must be set up. An existing demo registry stays a demo one."""
    from django.conf import settings
    from django.core.management import call_command

    from athar.files import private_directory, tighten

    data_dir = private_directory(settings.DATA_DIR)
    tightened = tighten(data_dir)
    if tightened:
        report(f"Made {tightened} file(s) and folder(s) in {data_dir} private (readable by this account only)")
    pending = pending_migrations()
    if pending:
        call_command("migrate", interactive=False, verbosity=0)
    marker = read_marker() or write_marker(kind)
    return marker, len(pending)


def refresh_search_index() -> int:
    """Bring the name-search index up to date, with a bar on stderr, and return how many records it
    (re)indexed. After an upgrade that changes the search keys every record is re-keyed (at a
    million records, minutes of CPU): done here, by the operator, and not by the first person to
    search. Django must be set up."""
    from athar.cli.progress import StageProgress
    from athar.search.index import pending_count, refresh_index

    if not pending_count():
        return 0
    with StageProgress() as progress:
        return refresh_index(progress=lambda done, total: progress("indexing names for search", done, total))


@click.command("init")
def command() -> None:
    """Create the registry, or upgrade it after installing a new athar (idempotent).

    The registry lives in $ATHAR_DATA_DIR, by default ~/.local/share/athar (or
    $XDG_DATA_HOME/athar); ATHAR_DATABASE may point at PostgreSQL instead of the embedded SQLite
    database. Back the registry up before an upgrade: `athar backup`."""
    setup_django()
    from django.conf import settings

    new = is_new_database()
    marker, applied = initialise()
    click.echo(f"Registry: {describe_database()}")
    click.echo(f"Data directory: {settings.DATA_DIR}")
    if new:
        click.echo(f"Created the registry ({applied} migrations applied).")
    elif applied:
        click.echo(f"Upgraded the registry: {applied} migration(s) applied.")
    else:
        click.echo("The registry is up to date: nothing to do.")
    if marker.kind == "demo":
        click.echo("This is a demo registry of synthetic people (made by `athar demo`).")
    indexed = refresh_search_index()
    if indexed:
        click.echo(f"Search index: {indexed} record(s) indexed (new records, or keys of an earlier version).")
    from django.core import checks

    for message in checks.run_checks():
        if not message.is_silenced():
            click.echo(f"athar: {'error' if message.is_serious() else 'warning'}: {message.id}: {message.msg}"
                       + (f" (hint: {message.hint})" if message.hint else ""), err=True)
