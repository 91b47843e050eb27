"""The files athar keeps encrypted in its data directory, outside the database: case documents
(`documents/`, athar.registry.documents) and UN communications and letters (`un/`, athar.un.storage).
Each file is one Fernet token (encrypt_bytes), named by ids only.

`encrypted_files()` lists them (for `athar backup`), `rotate_files()` re-encrypts each with the
current (first) key (for `athar keys rotate`), so that removing an older key afterwards loses no
document. Files whose name starts with a dot are an upload in progress, not kept files."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from cryptography.fernet import InvalidToken

from athar.encryption.keys import cipher

ENCRYPTED_FILE_DIRECTORIES = ("documents", "un")


def encrypted_files(root: Path) -> list[tuple[str, Path]]:
    """(path relative to `root`, with `/`; absolute path) of every kept file, sorted."""
    found = []
    for directory in ENCRYPTED_FILE_DIRECTORIES:
        for path in sorted((root / directory).rglob("*")):
            relative = path.relative_to(root)
            if path.is_file() and not any(part.startswith(".") for part in relative.parts):
                found.append((relative.as_posix(), path))
    return found


class FileRotationError(Exception):
    """A kept file that no key opens (damaged, or encrypted with a key since removed). `rotated`
    files before it were re-encrypted already: they need the current key from now on."""

    def __init__(self, relative: str, rotated: int) -> None:
        super().__init__(relative)
        self.relative, self.rotated = relative, rotated


def rotate_files(root: Path) -> int:
    """Re-encrypt every kept file under `root` with the current key, each replaced in one step (a
    private temporary file renamed over it); returns how many. Raises FileRotationError at a file no
    key opens (the files before it stay rotated, and readable with the keys listed)."""
    count = 0
    for relative, path in encrypted_files(root):
        try:
            token = cipher().rotate(path.read_bytes())
        except InvalidToken:
            raise FileRotationError(relative, count) from None
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".rotate-")
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(token)
            os.chmod(temporary, 0o600)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        count += 1
    return count
