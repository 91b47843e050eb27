"""System checks of the encryption keys (`python -m django check`, `athar serve`, the WSGI app):

- athar.E001: an installation served to other machines has no encryption key of its own: the
  generated key file sits in the data directory, beside the database it protects, and goes into
  every copy of that directory. Refused: start-up stops until ATHAR_ENCRYPTION_KEYS(_FILE) is set.
- athar.E002: the configured keys cannot be used (not Fernet keys, or the file cannot be read).
- athar.W001: the key file can be read by other accounts.
- athar.W002: the key file is inside the data directory, so it travels with the database.

"Served to other machines" means: ATHAR_BEHIND_HTTPS_PROXY is set, or ATHAR_ALLOWED_HOSTS names a
host other than this machine (127.0.0.1, localhost, ::1). A laptop or a demo on 127.0.0.1 may use the
generated key; a server may not."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

TAG = "encryption"
_LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})


def is_served_to_other_machines() -> bool:
    hosts = {host.strip().lower() for host in settings.ALLOWED_HOSTS}
    return bool(getattr(settings, "BEHIND_HTTPS_PROXY", False)) or bool(hosts - _LOOPBACK_HOSTS)


@checks.register(TAG)
def check_encryption_keys(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    from athar.encryption.keys import key_source, load_keys

    if key_source() == "generated" and is_served_to_other_machines():
        return [checks.Error(
            "no encryption key is configured: families' contacts and testimony would be encrypted with "
            "a key kept in the data directory, beside the database and in every copy of it",
            hint="run `athar keys generate`, store the key outside the data directory and its backups "
                 "(readable by athar's account only), and set ATHAR_ENCRYPTION_KEYS_FILE to it "
                 "(docs/security.md)",
            id="athar.E001")]
    try:
        load_keys()
    except (ImproperlyConfigured, OSError) as error:
        return [checks.Error(f"the encryption keys cannot be used: {error}",
                             hint="check ATHAR_ENCRYPTION_KEYS / ATHAR_ENCRYPTION_KEYS_FILE", id="athar.E002")]
    messages: list[checks.CheckMessage] = []
    if key_source() == "file":
        path = Path(os.environ["ATHAR_ENCRYPTION_KEYS_FILE"]).resolve()
        if stat.S_IMODE(path.stat().st_mode) & 0o077:
            messages.append(checks.Warning(
                f"the encryption key file {path} can be read by other accounts",
                hint=f"chmod 600 {path}", id="athar.W001"))
        if path.is_relative_to(Path(settings.DATA_DIR).resolve()):
            messages.append(checks.Warning(
                f"the encryption key file {path} is inside the data directory: it travels with the database",
                hint="keep the key apart from the data it protects and from its backups", id="athar.W002"))
    return messages
