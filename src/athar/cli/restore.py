"""`athar restore FILE`: a registry back from an `athar backup` file (format: athar.cli.backup).

It reads and checks the whole file before touching the database, refuses a registry that already
holds data (never merges, never overwrites), brings the database to the backup's migrations, loads
the rows, puts back the data directory's files (documents, UN files), applies any newer
migrations, and verifies the audit chain. The key the backup was made with must be among
ATHAR_ENCRYPTION_KEYS. The files are re-encrypted with the current key as they are read, into a
private staging folder, and moved into place only once the whole backup has been read and loaded:
no file's plain bytes ever touch the disk."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from athar.cli.backup import FILE_LINE_START, FORMAT, READABLE_VERSIONS
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


def _lines(pieces: Iterator[bytes]) -> Iterator[bytes]:
    """The lines of a stream of pieces (without their newline), however the pieces cut them."""
    pending = bytearray()
    for piece in pieces:
        start = 0
        while (newline := piece.find(b"\n", start)) >= 0:
            pending += piece[start:newline]
            yield bytes(pending)
            pending.clear()
            start = newline + 1
        pending += piece[start:]
    if pending:
        yield bytes(pending)


def _stage_file(line: bytes, staging: Path) -> str:
    """Re-encrypt one file line of the backup into the staging folder; returns its relative path.
    Raises ValueError for a line that is not a well-formed file of a kept folder."""
    from athar.encryption import encrypt_bytes
    from athar.encryption.stored_files import ENCRYPTED_FILE_DIRECTORIES

    entry = json.loads(line)
    relative = str(entry.get("file", ""))
    parts = relative.split("/")
    if parts[0] not in ENCRYPTED_FILE_DIRECTORIES or len(parts) < 2 or any(p in {"", ".", ".."} or p.startswith(".")
                                                                    for p in parts):
        raise ValueError(f"a file outside the kept folders ({relative[:80]!r})")
    try:
        data = base64.b64decode(entry["data"], validate=True)
    except (KeyError, binascii.Error):
        raise ValueError(f"the file {relative} is malformed") from None
    if hashlib.sha256(data).hexdigest() != entry.get("sha256"):
        raise ValueError(f"the file {relative} does not match its SHA-256")
    target = staging.joinpath(*parts)
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(encrypt_bytes(data))
    return relative


def _move_files_into_place(staging: Path, files: list[str], data_dir: Path) -> None:
    for relative in files:
        target = data_dir.joinpath(*relative.split("/"))
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.replace(staging.joinpath(*relative.split("/")), target)


def restore_backup(path: Path) -> tuple[dict[str, Any], int, int]:
    """Restore the registry from `path` into an empty database; return the backup's header, the
    number of rows loaded and the number of files put back. Django must be set up."""
    from django.conf import settings

    from athar.files import private_directory

    data_dir = private_directory(settings.DATA_DIR)
    staging = Path(tempfile.mkdtemp(prefix=".restore-files-", dir=data_dir))
    try:
        return _restore(path, data_dir, staging)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _read(path: Path, rows_file: Path, staging: Path) -> tuple[dict[str, Any], int, list[str]]:
    """Read and check the whole backup: rows into `rows_file`, files re-encrypted into `staging`."""
    from athar.encryption.archive import ArchiveError, read_archive
    from athar.encryption.keys import cipher

    header: dict[str, Any] | None = None
    rows = 0
    files: list[str] = []
    try:
        with path.open("rb") as source, rows_file.open("wb") as plain:
            for line in _lines(read_archive(source, cipher())):
                if header is None:
                    header = json.loads(line)
                    if not isinstance(header, dict) or header.get("format") != FORMAT or \
                            header.get("version") not in READABLE_VERSIONS:
                        break
                elif line.startswith(FILE_LINE_START):
                    files.append(_stage_file(line, staging))
                elif line:
                    plain.write(line + b"\n")
                    rows += 1
    except ArchiveError as error:
        fail(f"{path}: {error}; nothing was restored")
    except FileNotFoundError:
        fail(f"{path}: file not found")
    except ValueError as error:
        fail(f"{path}: {error}; nothing was restored")
    if not isinstance(header, dict) or header.get("format") != FORMAT or header.get("version") not in READABLE_VERSIONS:
        fail(f"{path}: not an athar backup of a version this athar reads; nothing was restored")
    return header, rows, files


def _restore(path: Path, data_dir: Path, staging: Path) -> tuple[dict[str, Any], int, int]:
    from django.core.management import call_command

    from athar.cli.init import is_new_database, read_marker, write_marker

    with _private_temporary_file(data_dir, ".jsonl") as rows_file:
        header, rows, files = _read(path, rows_file, staging)
        if not is_new_database() and _holds_data():
            fail("refusing to restore into a registry that holds data: restore into a new data directory "
                 "(ATHAR_DATA_DIR) or an empty database, then switch to it")
        _migrate_to(header["migrations"])
        if rows:
            call_command("loaddata", str(rows_file), verbosity=0)
    _move_files_into_place(staging, files, data_dir)
    call_command("migrate", interactive=False, verbosity=0)
    if read_marker() is None:
        write_marker("demo" if header.get("kind") == "demo" else "registry")
    return header, rows, len(files)


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

    header, rows, files = restore_backup(file)
    report = verify_chain()
    if not report.is_intact:
        fail(f"restored, but the audit log is broken at row {report.broken_at}: {report.reason}")
    record_event(actor=None, action="registry.restored", details={"rows": rows, "files": files})
    click.echo(f"Restored {rows} rows and {files} files from a backup of {header['created_at'][:19]} "
               f"into {describe_database()}")
    click.echo(f"Audit log intact: {report.checked} rows checked")
