"""`athar restore FILE`: a registry back from an `athar backup` file (format: athar.cli.backup).

It reads and checks the whole file before touching the database, refuses a registry that already
holds data (never merges, never overwrites), brings the database to the backup's migrations, loads
the rows, applies any newer migrations, and verifies the audit chain. The key the backup was made
with must be among ATHAR_ENCRYPTION_KEYS."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from athar.cli.backup import FORMAT, FORMAT_VERSION
from athar.cli.django_setup import setup_django
from athar.cli.errors import fail


def _holds_data() -> bool:
    """Whether the registry has anything a restore would overwrite: accounts, sources, records or
    audit rows (reference data made by migrations, such as the gazetteer, does not count)."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from athar.audit.models import AuditEvent
    from athar.registry.models import Record, Source

    tables = set(connection.introspection.table_names())
    return any(model._meta.db_table in tables and model.objects.exists()
               for model in (get_user_model(), Source, Record, AuditEvent))


@contextmanager
def _private_temporary_file(directory: Path, suffix: str) -> Iterator[Path]:
    descriptor, name = tempfile.mkstemp(prefix=".restore-", suffix=suffix, dir=directory)
    os.close(descriptor)
    try:
        yield Path(name)
    finally:
        Path(name).unlink(missing_ok=True)


def _migrate_to(migrations: list[list[str]]) -> None:
    """Bring a new database to exactly the backup's migrations (the rows fit that schema)."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    known = set(executor.loader.graph.nodes)
    unknown = [f"{app}.{name}" for app, name in migrations if (app, name) not in known]
    if unknown:
        fail(f"the backup was made by a newer athar (unknown migrations: {', '.join(unknown[:3])}): "
             "install that version first")
    wanted = {(app, name) for app, name in migrations}
    graph = executor.loader.graph
    # Per app, the backup's last migration: the one none of whose same-app successors it had.
    targets = [node for node in sorted(wanted)
               if not any(child.key in wanted and child.key[0] == node[0] for child in graph.node_map[node].children)]
    executor.migrate(targets)


def restore_backup(path: Path) -> tuple[dict[str, Any], int]:
    """Restore the registry from `path` into an empty database; return the backup's header and
    the number of rows loaded. Django must be set up."""
    from django.conf import settings
    from django.core.management import call_command

    from athar.cli.init import read_marker, write_marker
    from athar.encryption.archive import ArchiveError, read_archive
    from athar.encryption.keys import cipher
    from athar.files import private_directory

    data_dir = private_directory(settings.DATA_DIR)
    with _private_temporary_file(data_dir, ".jsonl") as rows_file:
        header: dict[str, Any] | None = None
        rows = 0
        try:
            with path.open("rb") as source, rows_file.open("wb") as plain:
                buffer = b""
                for piece in read_archive(source, cipher()):
                    if header is None:
                        buffer += piece
                        if b"\n" not in buffer:
                            continue
                        first, buffer = buffer.split(b"\n", 1)
                        header = json.loads(first)
                        piece = buffer
                    plain.write(piece)
                    rows += piece.count(b"\n")
        except ArchiveError as error:
            fail(f"{path}: {error}; nothing was restored")
        except FileNotFoundError:
            fail(f"{path}: file not found")
        if header is None or header.get("format") != FORMAT or header.get("version") != FORMAT_VERSION:
            fail(f"{path}: not an athar backup of a version this athar reads; nothing was restored")
        from athar.cli.init import is_new_database

        if not is_new_database() and _holds_data():
            fail("refusing to restore into a registry that holds data: restore into a new data directory "
                 "(ATHAR_DATA_DIR) or an empty database, then switch to it")
        _migrate_to(header["migrations"])
        if rows:
            call_command("loaddata", str(rows_file), verbosity=0)
    call_command("migrate", interactive=False, verbosity=0)
    if read_marker() is None:
        write_marker("demo" if header.get("kind") == "demo" else "registry")
    return header, rows


@click.command("restore")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
def command(file: Path) -> None:
    """Restore a registry from a backup FILE into an empty registry (a new ATHAR_DATA_DIR or an
    empty PostgreSQL database); refuses one that holds data.

    Needs the key the backup was made with among ATHAR_ENCRYPTION_KEYS. The whole file is checked
    before anything is written; the audit log's chain is verified afterwards."""
    setup_django()
    from athar.audit.services import record_event
    from athar.audit.verify import verify_chain
    from athar.cli.init import describe_database

    header, rows = restore_backup(file)
    report = verify_chain()
    if not report.is_intact:
        fail(f"restored, but the audit log is broken at row {report.broken_at}: {report.reason}")
    record_event(actor=None, action="registry.restored", details={"rows": rows})
    click.echo(f"Restored {rows} rows from a backup of {header['created_at'][:19]} into {describe_database()}")
    click.echo(f"Audit log intact: {report.checked} rows checked")
