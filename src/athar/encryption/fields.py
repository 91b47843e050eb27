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
    """A JSON value (dict, list, ...) encrypted at rest as one token. `sort_keys=False` keeps the
    order of a dict's keys as given (the columns of a verbatim row, in the order of its file)."""

    # For django-stubs: the value is any JSON value (a dict, a list...), not the text it is stored as.
    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def __init__(self, *args: Any, sort_keys: bool = True, **kwargs: Any) -> None:
        self.sort_keys = sort_keys
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if not self.sort_keys:
            kwargs["sort_keys"] = False
        return name, path, args, kwargs

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return None
        return encrypt_text(json.dumps(value, ensure_ascii=False, sort_keys=self.sort_keys))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return None
        return json.loads(decrypt_text(value))

    def value_to_string(self, obj: Any) -> Any:
        # The value itself, as Django's JSONField does: serialisers (dumpdata, `athar backup`) then
        # write it as JSON. TextField's str() would write a Python repr that no loader reads back.
        return self.value_from_object(obj)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and value and not value.startswith("enc1:"):
            try:
                return json.loads(value)
            except ValueError:
                return value
        return value
