"""Where the encryption keys come from, in order:
1. ATHAR_ENCRYPTION_KEYS: comma-separated Fernet keys, the first one current;
2. the file named by ATHAR_ENCRYPTION_KEYS_FILE: one key per line, the first one current;
3. `<data dir>/encryption_keys`, created with one new key (mode 0600) on first use, so that a fresh
   installation and the demo work. Such a key sits beside the database it protects: it guards
   against a copied database file or backup only if the key file is not copied with it. Production
   installations keep the key elsewhere (docs/security.md); `key_source()` says which one is used."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

GENERATED_KEY_FILE = "encryption_keys"


def _parse(text: str, where: str) -> list[bytes]:
    keys = [line.strip() for line in text.replace(",", "\n").splitlines() if line.strip()]
    if not keys:
        raise ImproperlyConfigured(f"{where} holds no encryption key")
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except ValueError as error:
            raise ImproperlyConfigured(f"encryption key {position} of {where} is not a valid Fernet key") from error
    return [k.encode("ascii") for k in keys]


def key_source() -> str:
    """'environment', 'file' or 'generated' (the data directory's own key file)."""
    if os.environ.get("ATHAR_ENCRYPTION_KEYS"):
        return "environment"
    if os.environ.get("ATHAR_ENCRYPTION_KEYS_FILE"):
        return "file"
    return "generated"


def _generated_key_file() -> Path:
    return Path(settings.DATA_DIR) / GENERATED_KEY_FILE


def load_keys() -> list[bytes]:
    if value := os.environ.get("ATHAR_ENCRYPTION_KEYS"):
        return _parse(value, "ATHAR_ENCRYPTION_KEYS")
    if file_name := os.environ.get("ATHAR_ENCRYPTION_KEYS_FILE"):
        return _parse(Path(file_name).read_text(encoding="utf-8"), "ATHAR_ENCRYPTION_KEYS_FILE")
    path = _generated_key_file()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(Fernet.generate_key().decode("ascii") + "\n")
    return _parse(path.read_text(encoding="utf-8"), str(path))


@lru_cache(maxsize=1)
def cipher() -> MultiFernet:
    """The installation's cipher (cached; `reset_cipher()` after the keys change)."""
    return MultiFernet([Fernet(key) for key in load_keys()])


def reset_cipher() -> None:
    cipher.cache_clear()
