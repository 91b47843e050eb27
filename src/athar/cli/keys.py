"""`athar keys generate | status | rotate`: the encryption keys of the installation.

Keys come from ATHAR_ENCRYPTION_KEYS (comma-separated) or the file ATHAR_ENCRYPTION_KEYS_FILE (one
per line), the first one current: it encrypts; all of them decrypt. Without either, a key generated
into the data directory is used (fine for a laptop, refused for a server: athar.E001).

Rotating a configured key, in three steps (athar never edits your environment or secret store):
  1. `athar keys generate` and put the new key first, keeping the older ones after it;
  2. `athar keys rotate`: every stored value is re-encrypted with the first key;
  3. remove the older keys — but keep them as long as you keep backups made with them.
With the generated key file, `athar keys rotate` makes the new key itself, and removes the older
ones only when asked (`--drop-old-keys`): backups made with them cannot be read without them."""

from __future__ import annotations

import os
from pathlib import Path

import click

from athar.cli.django_setup import setup_django
from athar.cli.errors import fail


@click.group("keys")
def command() -> None:
    """The encryption keys: generate one, see where they come from, rotate them."""


@command.command("generate")
def generate() -> None:
    """Print a new encryption key (store it outside the data directory; see `athar keys --help`)."""
    from cryptography.fernet import Fernet

    click.echo(Fernet.generate_key().decode("ascii"))


@command.command("status")
def status() -> None:
    """Say where the keys come from and how many there are (never the keys themselves)."""
    setup_django()
    from athar.encryption.keys import key_source, load_keys

    where = {"environment": "ATHAR_ENCRYPTION_KEYS",
             "file": f"the file {os.environ.get('ATHAR_ENCRYPTION_KEYS_FILE', '')} (ATHAR_ENCRYPTION_KEYS_FILE)",
             "generated": "the key file generated in the data directory (not for a server: athar.E001)"}
    keys = load_keys()
    click.echo(f"{len(keys)} key(s) from {where[key_source()]}; the first encrypts, all decrypt")


def _write_key_file(path: Path, keys: list[bytes]) -> None:
    """Replace the generated key file in one step (0600 from the private umask, renamed over)."""
    partial = path.with_name(path.name + ".new")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write("".join(key.decode("ascii") + "\n" for key in keys))
    partial.replace(path)


@command.command("rotate")
@click.option("--drop-old-keys", is_flag=True,
              help="Generated key file only: remove the older keys afterwards. Backups made with them can "
                   "then be restored only if you kept a copy of them.")
def rotate(drop_old_keys: bool) -> None:
    """Re-encrypt every stored value with the first key.

    With the generated key file: a new key is made first and everything re-encrypted with it. With
    configured keys: put the new key first beforehand, and remove the old ones after."""
    setup_django()
    from cryptography.fernet import Fernet
    from django.db import transaction

    from athar.audit.services import record_event
    from athar.cli.serve import require_migrated_database
    from athar.encryption.keys import GENERATED_KEY_FILE, key_source, load_keys, reset_cipher
    from athar.encryption.rotation import rotate_values
    from athar.encryption.stored_files import FileRotationError, rotate_files

    require_migrated_database()
    source = key_source()
    old_keys = load_keys()
    key_file = None
    if source == "generated":
        from django.conf import settings

        key_file = Path(settings.DATA_DIR) / GENERATED_KEY_FILE
        _write_key_file(key_file, [Fernet.generate_key(), *old_keys])
        reset_cipher()
    elif len(old_keys) < 2:
        click.echo("athar: note: only one key is configured: values are re-encrypted with it. To change "
                   "keys, put a new key (`athar keys generate`) first in the list, then rotate.", err=True)
    from django.conf import settings

    files = 0
    try:
        # The files first (documents, UN files: not transactional): a file no key opens stops the
        # rotation before the database is touched.
        files = rotate_files(Path(settings.DATA_DIR))
        with transaction.atomic():
            report = rotate_values()
            record_event(actor=None, action="encryption.keys_rotated", target_type="installation",
                         details={"fields": report.fields, "values": report.values, "files": files,
                                  "key_source": source})
    except BaseException as error:
        rotated = error.rotated if isinstance(error, FileRotationError) else files
        if key_file is not None and not rotated:  # nothing was re-encrypted: the old key alone is enough again
            _write_key_file(key_file, old_keys)
            reset_cipher()
        if isinstance(error, FileRotationError):
            fail(f"the file {error.relative} in the data directory cannot be decrypted with the keys listed "
                 f"(damaged, or encrypted with a key since removed); {error.rotated} file(s) before it were "
                 "re-encrypted with the first key, the database was not changed: keep every key listed")
        raise
    click.echo(f"Re-encrypted {report.values} value(s) in {report.fields} encrypted field(s) and {files} "
               "file(s) with the first key.")
    if key_file is not None and drop_old_keys:
        _write_key_file(key_file, load_keys()[:1])
        reset_cipher()
        click.echo(f"The older keys were removed from {key_file}. Backups made before now need them.")
    elif key_file is not None:
        click.echo(f"A new key is first in {key_file}; the older ones stay for the backups made with "
                   "them (`--drop-old-keys` removes them).")
    elif len(old_keys) > 1:
        click.echo("Every value now needs only the first key: remove the others from "
                   f"{'ATHAR_ENCRYPTION_KEYS' if source == 'environment' else 'the key file'} once no backup "
                   "you keep was made with them.")
