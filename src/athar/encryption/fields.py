"""Model fields stored encrypted. The database holds `enc1:<Fernet token>`; Python code sees the
plain value. Empty strings are stored empty (nothing to hide, and forms can tell "not given")."""

from __future__ import annotations

import json
from typing import Any

from django.db import models

from athar.encryption.crypto import decrypt_text, encrypt_text


class EncryptedTextField(models.TextField):
    """Text encrypted at rest. Cannot be filtered, searched or sorted in the database."""

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt_text(str(value))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        return decrypt_text(value)


class EncryptedJSONField(models.TextField):
    """A JSON value (dict, list, ...) encrypted at rest as one token."""

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return None
        return encrypt_text(json.dumps(value, ensure_ascii=False, sort_keys=True))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return None
        return json.loads(decrypt_text(value))

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and value and not value.startswith("enc1:"):
            try:
                return json.loads(value)
            except ValueError:
                return value
        return value
