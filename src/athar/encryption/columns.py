"""Encrypting (and decrypting back) the values already stored in a column, for the migrations that
turn a plain column into an `EncryptedTextField` or `EncryptedJSONField`.

The values are read and written by primary key in batches with SQL, never through models: a
migration's historical model would try to decrypt the plain values it is converting. Values already
encrypted (`enc1:...`) are left as they are, so running a conversion twice changes nothing. Empty
strings stay empty (as `EncryptedTextField` stores them) and NULL stays NULL."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from athar.encryption.crypto import TEXT_PREFIX, decrypt_text, encrypt_text


def _json_text(value: Any) -> str:
    # PostgreSQL hands jsonb back already parsed by the driver; SQLite as the JSON text it stored.
    parsed = json.loads(value) if isinstance(value, str) else value
    return json.dumps(parsed, ensure_ascii=False)


def _convert(connection: Any, table: str, column: str, change: Callable[[Any], str | None],
             where: str, batch_size: int) -> int:
    quote = connection.ops.quote_name
    table_q, column_q = quote(table), quote(column)
    converted = 0
    last: Any = None
    with connection.cursor() as cursor:
        while True:
            after = "" if last is None else "AND id > %s "
            cursor.execute(f"SELECT id, {column_q} FROM {table_q} WHERE {where.format(column=column_q)} "  # noqa: S608
                           f"{after}ORDER BY id LIMIT {int(batch_size)}",
                           [TEXT_PREFIX + "%", *([] if last is None else [last])])
            rows = cursor.fetchall()
            if not rows:
                return converted
            cursor.executemany(f"UPDATE {table_q} SET {column_q} = %s WHERE id = %s",  # noqa: S608
                               [(change(value), key) for key, value in rows])
            converted += len(rows)
            last = rows[-1][0]


def encrypt_column(connection: Any, table: str, column: str, *, json_value: bool = False,
                   batch_size: int = 500) -> int:
    """Encrypt every plain, non-empty value of `table.column` (its primary key: `id`)."""
    def change(value: Any) -> str:
        return encrypt_text(_json_text(value) if json_value else str(value))

    return _convert(connection, table, column, change,
                    "{column} IS NOT NULL AND {column} <> '' AND {column} NOT LIKE %s ", batch_size)


def decrypt_column(connection: Any, table: str, column: str, *, batch_size: int = 500) -> int:
    """The reverse of `encrypt_column`: every encrypted value of `table.column` back in plain text."""
    return _convert(connection, table, column, decrypt_text, "{column} LIKE %s ", batch_size)
