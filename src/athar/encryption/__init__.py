"""Field-level encryption of what must not be readable from a stolen database file or backup:
families' contact details, free-text testimony, photos and scans, and any field marked sensitive.

Fernet (AES-128-CBC + HMAC-SHA256, from `cryptography`) with a list of keys: the first encrypts,
all decrypt, so keys can be rotated (`athar keys rotate` re-encrypts with the first key). Keys come
from ATHAR_ENCRYPTION_KEYS (comma-separated) or the file named by ATHAR_ENCRYPTION_KEYS_FILE; see
`athar.encryption.keys`. Limits: an encrypted column cannot be searched, filtered or sorted in the
database, and a key lost is data lost.

Public API: `EncryptedTextField`, `EncryptedJSONField`, `encrypt_bytes`, `decrypt_bytes`,
`encrypt_text`, `decrypt_text`, `rotate_token`."""

from __future__ import annotations

from athar.encryption.crypto import decrypt_bytes, decrypt_text, encrypt_bytes, encrypt_text, rotate_token
from athar.encryption.fields import EncryptedJSONField, EncryptedTextField

__all__ = [
    "EncryptedJSONField",
    "EncryptedTextField",
    "decrypt_bytes",
    "decrypt_text",
    "encrypt_bytes",
    "encrypt_text",
    "rotate_token",
]
