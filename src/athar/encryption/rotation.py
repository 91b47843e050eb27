"""Re-encrypting every stored value with the current (first) key: the heart of `athar keys rotate`.

Every column of an `EncryptedTextField` or `EncryptedJSONField`, in every installed model, is read
and written back by primary key in batches, with SQL rather than model saves: the stored token is
re-encrypted as it is (`rotate_token`), never decrypted into a model, never passed through save()
and its side effects. Values an older key encrypted become readable with the first key alone, after
which the older keys can be removed.

Run it inside one transaction (the caller's): a failure leaves every value as it was, still
readable with the keys listed. The files of the data directory (documents, UN files) are rotated by
`athar.encryption.stored_files.rotate_files`; `athar keys rotate` does both. Limits: an export
someone made, a backup, are not touched."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import connection, models

from athar.encryption.crypto import TEXT_PREFIX, rotate_token
from athar.encryption.fields import EncryptedJSONField, EncryptedTextField

EncryptedField = tuple[type[models.Model], "models.Field[Any, Any]"]


@dataclass(frozen=True)
class RotationReport:
    """Counts only: safe to print and to audit."""

    fields: int
    values: int


def encrypted_fields() -> Iterator[EncryptedField]:
    """Every encrypted column of every installed model."""
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedTextField | EncryptedJSONField):
                yield model, field


def rotate_values(fields: Iterable[EncryptedField] | None = None, *, batch_size: int = 500) -> RotationReport:
    """Re-encrypt every stored value of `fields` (default: all) with the current key."""
    quote = connection.ops.quote_name
    n_fields = n_values = 0
    for model, field in (encrypted_fields() if fields is None else fields):
        n_fields += 1
        primary_key = model._meta.pk
        if field.column is None or primary_key is None or primary_key.column is None:
            continue  # not a stored column (cannot happen for a concrete field; keeps the types honest)
        table, column, pk = quote(model._meta.db_table), quote(field.column), quote(primary_key.column)
        last: Any = None
        with connection.cursor() as cursor:
            while True:
                after = "" if last is None else f"AND {pk} > %s "
                cursor.execute(
                    f"SELECT {pk}, {column} FROM {table} WHERE {column} LIKE %s {after}"  # noqa: S608 — names quoted
                    f"ORDER BY {pk} LIMIT {int(batch_size)}",
                    [TEXT_PREFIX + "%", *([] if last is None else [last])])
                rows = cursor.fetchall()
                if not rows:
                    break
                cursor.executemany(f"UPDATE {table} SET {column} = %s WHERE {pk} = %s",  # noqa: S608
                                   [(rotate_token(value), key) for key, value in rows])
                n_values += len(rows)
                last = rows[-1][0]
    return RotationReport(fields=n_fields, values=n_values)
