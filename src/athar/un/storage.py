"""Where generated communications and received letters are kept: encrypted files under
`$ATHAR_DATA_DIR/un/`, named by ids only (a public person id, a version), mode 600 in a 700 folder.
Files are written once and never replaced: a name that exists already is an error, not an update."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from django.conf import settings

from athar.encryption import decrypt_bytes, encrypt_bytes


def root() -> Path:
    return Path(settings.DATA_DIR)


def store(relative: str, data: bytes) -> str:
    """Encrypt and write `data` at DATA_DIR/relative (refusing to overwrite); returns its SHA-256."""
    path = root() / relative
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    descriptor = os.open(path, flags, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(encrypt_bytes(data))
    return hashlib.sha256(data).hexdigest()


def load(relative: str, *, sha256: str) -> bytes:
    """The stored bytes, decrypted and checked against the SHA-256 recorded when they were written."""
    data = decrypt_bytes((root() / relative).read_bytes())
    if hashlib.sha256(data).hexdigest() != sha256:
        raise ValueError(f"stored file {relative} does not match its recorded SHA-256")
    return data


def discard(relative: str) -> None:
    """Remove a file written by a transaction that then failed (nothing refers to it)."""
    (root() / relative).unlink(missing_ok=True)
