"""Storing the bytes of case documents (photos, scans, PDFs): encrypted, outside the database, under
the data directory (`<ATHAR_DATA_DIR>/documents/<public id>.enc`), never under a URL the web server
serves. The SHA-256 of the original bytes is kept in the database, and checked on every read, so a
file swapped or damaged on disk is refused rather than shown as evidence.

What is accepted is decided from the bytes themselves (their signature), not from the file name or
the browser's declared type: JPEG, PNG, WebP, GIF and PDF. Anything else is refused with a reason."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from django.conf import settings

from athar.encryption import decrypt_bytes, encrypt_bytes

# A phone photo or a scanned page is a few MB; a 40-page PDF scan rarely above 20 MB.
MAX_DOCUMENT_BYTES = 25 * 1024 * 1024

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"%PDF-", "application/pdf"),
)


class DocumentRefused(ValueError):
    """The upload is not a document athar keeps (type or size); the message says which, not what."""


class DocumentDamaged(RuntimeError):
    """The stored file is missing or its bytes no longer match the recorded SHA-256."""


def detect_content_type(data: bytes) -> str:
    """The document's type from its first bytes; raises DocumentRefused for anything else."""
    for signature, content_type in _SIGNATURES:
        if data.startswith(signature):
            return content_type
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    raise DocumentRefused("only photos (JPEG, PNG, WebP, GIF) and PDF files are accepted")


def check_document(data: bytes) -> str:
    """Validate an upload: not empty, not too big, a known type. Returns the content type."""
    if not data:
        raise DocumentRefused("the file is empty")
    if len(data) > MAX_DOCUMENT_BYTES:
        raise DocumentRefused(f"the file is larger than {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB")
    return detect_content_type(data)


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def documents_dir() -> Path:
    return Path(settings.DATA_DIR) / "documents"


def _path(public_id: str) -> Path:
    if not public_id.isalnum():  # ids are generated; anything else is an attempt at a path
        raise ValueError("invalid document id")
    return documents_dir() / f"{public_id}.enc"


def write_encrypted(public_id: str, data: bytes) -> Path:
    """Encrypt `data` into the document's file (atomically: a temporary file renamed into place,
    readable by the owner only)."""
    directory = documents_dir()
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = _path(public_id)
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".upload-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(encrypt_bytes(data))
        os.chmod(temporary, 0o600)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def remove_file(public_id: str) -> None:
    """Remove a file whose database row was never written (a failed upload's leftovers)."""
    _path(public_id).unlink(missing_ok=True)


def read_decrypted(public_id: str, expected_sha256: str) -> bytes:
    """The original bytes; raises DocumentDamaged when the file is gone or altered."""
    try:
        data = decrypt_bytes(_path(public_id).read_bytes())
    except FileNotFoundError:
        raise DocumentDamaged(f"document {public_id}: the stored file is missing") from None
    except Exception:  # an invalid token: altered, truncated or encrypted with a lost key
        raise DocumentDamaged(f"document {public_id}: the stored file cannot be decrypted") from None
    if sha256_of(data) != expected_sha256:
        raise DocumentDamaged(f"document {public_id}: the stored file does not match its SHA-256")
    return data
