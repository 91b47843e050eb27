"""Django app configuration of field encryption (no models)."""

from __future__ import annotations

from django.apps import AppConfig


class EncryptionConfig(AppConfig):
    name = "athar.encryption"
    label = "encryption"
    verbose_name = "Encryption"

    def ready(self) -> None:
        from athar.encryption import checks  # noqa: F401 — registers athar.E001 and the others
