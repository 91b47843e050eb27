"""Files uploaded through the browser, kept until their import is done.

An upload is personal data: it is written under the data directory in `uploads/` (0700), as a file
readable by athar only (0600) whose name is a random token, never the name the user gave it. The
token lives in the user's session, so nobody else can reach the file through a URL. Files are
deleted when their import finishes, and any left behind (a browser closed mid-way) after a day."""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings

MAX_AGE_SECONDS = 24 * 3600


def upload_dir() -> Path:
    directory = Path(settings.DATA_DIR) / "uploads"
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(directory, 0o700)
    return directory


def _clean_old(directory: Path) -> None:
    cutoff = time.time() - MAX_AGE_SECONDS
    for path in directory.iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            continue


def store_upload(chunks: Iterable[bytes]) -> str:
    """Write an uploaded file and return its token."""
    directory = upload_dir()
    _clean_old(directory)
    token = secrets.token_urlsafe(18)
    descriptor = os.open(directory / token, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        for chunk in chunks:
            handle.write(chunk)
    return token


def upload_path(token: str) -> Path | None:
    """The stored file of a token, None when there is none (tokens are checked, not trusted)."""
    if not token or not all(ch.isalnum() or ch in "-_" for ch in token):
        return None
    path = upload_dir() / token
    return path if path.is_file() else None


def discard_upload(token: str) -> None:
    path = upload_path(token)
    if path is not None:
        path.unlink(missing_ok=True)
