"""Encrypting and decrypting values with the installation's keys."""

from __future__ import annotations

from athar.encryption.keys import cipher

# Stored text tokens carry a version prefix so a later scheme can be told apart from this one.
TEXT_PREFIX = "enc1:"


def encrypt_bytes(data: bytes) -> bytes:
    return cipher().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    return cipher().decrypt(token)


def encrypt_text(text: str) -> str:
    return TEXT_PREFIX + cipher().encrypt(text.encode("utf-8")).decode("ascii")


def decrypt_text(stored: str) -> str:
    if not stored.startswith(TEXT_PREFIX):
        raise ValueError("not an encrypted value")
    return cipher().decrypt(stored[len(TEXT_PREFIX):].encode("ascii")).decode("utf-8")


def rotate_token(stored: str) -> str:
    """The same text re-encrypted with the current (first) key."""
    if not stored.startswith(TEXT_PREFIX):
        raise ValueError("not an encrypted value")
    return TEXT_PREFIX + cipher().rotate(stored[len(TEXT_PREFIX):].encode("ascii")).decode("ascii")
