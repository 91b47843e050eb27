"""`athar backup FILE`: the whole registry in one encrypted file (`athar restore FILE` reads it back).

A backup holds every row of the registry — accounts (password hashes, two-factor devices), sources,
records, persons, the audit log with its chain head — as Django's JSON-lines serialisation, taken in
one consistent snapshot, compressed and encrypted with the installation's current key
(athar.encryption.archive: any change, truncation or reordering is detected). Values stored
encrypted in the database are in the backup in the clear *inside* that encryption, so a backup
restores on another installation (or from SQLite to PostgreSQL) given the key. Datetimes keep their
microseconds, so the audit log's hash chain verifies after a round trip.

The files athar keeps beside the database — case documents (`documents/`) and UN communications and
letters (`un/`) in the data directory — follow the rows, one line each (`{"file": path, "sha256":
..., "data": base64}`), decrypted from their own encryption into the archive's, like the
encrypted fields: a file whose token no key of the installation opens stops the backup and is
named, rather than left out. `athar restore` re-encrypts them with the restoring installation's key.

Left out, because a restored registry must not inherit them: sessions (every login ends), login
throttling counters, and what migrations create anyway (content types, permissions).

Limits: the backup is as safe as the key: keep the key (ATHAR_ENCRYPTION_KEYS) apart from the
backups, and keep a copy of it somewhere safe, because a backup whose key is lost is lost too."""

from __future__ import annotations

import base64
import datetime
import hashlib
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import click

from athar import __version__
from athar.cli.django_setup import setup_django
from athar.cli.errors import fail

FORMAT = "athar-backup"
FORMAT_VERSION = 2  # 2: the data directory's files follow the rows; 1 (rows only) still restores
READABLE_VERSIONS = frozenset({1, 2})
FILE_LINE_START = b'{"file": '
FILES = "files"  # the count of files in write_backup's counts, beside the models' labels
PROGRESS_EVERY = 2000  # rows between two updates of the progress bar
# Not backed up: recreated by migrations, or state a restored registry must not inherit.
EXCLUDED_MODELS = frozenset({
    "contenttypes.ContentType", "auth.Permission", "sessions.Session",
    "axes.AccessAttempt", "axes.AccessLog", "axes.AccessFailureLog", "axes.AccessAttemptExpiration",
})


class _TextToArchive:
    """A text stream over an ArchiveWriter (Django's serialisers write str)."""

    def __init__(self, writer: Any) -> None:
        self._writer = writer

    def write(self, text: str) -> int:
        self._writer.write(text.encode("utf-8"))
        return len(text)


def _exact_encoder() -> type[json.JSONEncoder]:
    from django.core.serializers.json import DjangoJSONEncoder

    class ExactEncoder(DjangoJSONEncoder):
        """Django's encoder cuts datetimes to milliseconds; the audit chain hashes microseconds."""

        def default(self, o: Any) -> Any:
            if isinstance(o, datetime.datetime | datetime.time):
                return o.isoformat()
            return super().default(o)

    return ExactEncoder


def backed_up_models() -> list[Any]:
    """Every concrete model of every installed app, in an order that loads (dependencies first)."""
    from django.apps import apps
    from django.core import serializers

    app_list = [(config, None) for config in apps.get_app_configs() if config.models_module is not None]
    ordered = serializers.sort_dependencies(app_list, allow_cycles=True)
    return [m for m in ordered if m._meta.label not in EXCLUDED_MODELS and not m._meta.proxy and m._meta.managed]


def applied_migrations() -> list[list[str]]:
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    return sorted([app, name] for app, name in MigrationRecorder(connection).applied_migrations())


class UnreadableFile(Exception):
    """A kept file that no key of the installation decrypts (damaged, or encrypted with a lost key)."""


def _write_files(archive: Any) -> int:
    from cryptography.fernet import InvalidToken
    from django.conf import settings

    from athar.encryption import decrypt_bytes
    from athar.encryption.stored_files import encrypted_files

    count = 0
    for relative, path in encrypted_files(Path(settings.DATA_DIR)):
        try:
            plain = decrypt_bytes(path.read_bytes())
        except InvalidToken:
            raise UnreadableFile(relative) from None
        line = {"file": relative, "sha256": hashlib.sha256(plain).hexdigest(),
                "data": base64.b64encode(plain).decode("ascii")}
        archive.write((json.dumps(line) + "\n").encode("ascii"))
        count += 1
    return count


def write_backup(target: BinaryIO, progress: Callable[[str, int, int], None] | None = None) -> dict[str, int]:
    """Write the registry to `target` as an encrypted archive; return the rows per model. One
    snapshot: a REPEATABLE READ transaction on PostgreSQL, a read transaction on SQLite (WAL).
    `progress(stage, done, total)` is told the rows written so far, every PROGRESS_EVERY rows."""
    from django.core import serializers
    from django.db import connection, transaction

    from athar.cli.init import read_marker
    from athar.encryption.archive import ArchiveWriter
    from athar.encryption.keys import cipher

    counts: dict[str, int] = {}
    with transaction.atomic(), ArchiveWriter(target, cipher()) as archive:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        marker = read_marker()
        header = {"format": FORMAT, "version": FORMAT_VERSION, "athar": __version__,
                  "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
                  "database": connection.vendor, "kind": marker.kind if marker else "registry",
                  "migrations": applied_migrations()}
        archive.write((json.dumps(header) + "\n").encode("utf-8"))
        stream = _TextToArchive(archive)
        encoder = _exact_encoder()
        models = backed_up_models()
        # Counted inside the snapshot, so the bar's total is the rows the backup will hold.
        total = sum(m._default_manager.count() for m in models) if progress is not None else 0
        written = 0
        for model in models:
            queryset = model._default_manager.order_by("pk")
            count = 0

            def counted(rows: Iterator[Any]) -> Iterator[Any]:
                nonlocal count, written
                for row in rows:
                    count += 1
                    written += 1
                    if progress is not None and written % PROGRESS_EVERY == 0:
                        progress("backing up", written, total)
                    yield row

            serializers.serialize("jsonl", counted(queryset.iterator(chunk_size=2000)), stream=stream,
                                  use_natural_foreign_keys=True, cls=encoder)
            counts[model._meta.label] = count
        counts[FILES] = _write_files(archive)
        if progress is not None:
            progress("backing up", written, total)
    return counts


@click.command("backup")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
@click.option("--quiet", is_flag=True, help="No progress bar on stderr.")
def command(file: Path, force: bool, quiet: bool) -> None:
    """Write the whole registry to FILE, encrypted with the installation's key.

    Keep the key (ATHAR_ENCRYPTION_KEYS) apart from the backups, and a copy of it somewhere safe:
    without it, nobody can read the backup. Restore with `athar restore FILE`."""
    if file.exists() and not force:
        fail(f"{file} exists: give another name, or --force to replace it")
    setup_django()
    from athar.audit.services import record_event
    from athar.cli.init import describe_database
    from athar.cli.progress import StageProgress
    from athar.cli.serve import require_migrated_database

    require_migrated_database()
    partial = file.with_name(f".{file.name}.partial")
    try:
        with partial.open("wb") as handle, StageProgress(quiet=quiet) as progress:
            counts = write_backup(handle, progress)
        partial.replace(file)
    except UnreadableFile as error:
        fail(f"the kept file {error} (in the data directory) cannot be decrypted with the installation's keys: "
             "damaged, or encrypted with a key that was removed; nothing was backed up")
    finally:
        partial.unlink(missing_ok=True)
    files = counts.pop(FILES)
    total = sum(counts.values())
    record_event(actor=None, action="registry.backed_up", details={"rows": total, "files": files})
    click.echo(f"Backed up {describe_database()}: {total} rows "
               f"({counts.get('registry.Record', 0)} records, {counts.get('audit.AuditEvent', 0)} audit rows) "
               f"and {files} files to {file}")
