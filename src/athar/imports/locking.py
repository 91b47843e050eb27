"""One import at a time. Two imports writing at once would end in SQLite's "database is locked"
after its busy timeout (a traceback), or, on PostgreSQL, in two batches racing for the same keys.
`import_lock` makes the second one wait for the first, and says so.

SQLite: an exclusive `flock` on a lock file beside the database (mode 0600), released by the
kernel when the process ends, even when it is killed. PostgreSQL: a session advisory lock, released
at the end of the block or when the connection closes. Other backends: no lock (the unique
constraints still refuse duplicates).

The lock must be taken outside the import's transaction and released after it commits: a second
import that started reading before the first committed would read an old snapshot (on SQLite its
first write then fails with "database is locked" at once, whatever the busy timeout)."""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from django.db import connection

_ADVISORY_KEY = 0x61746861  # "atha": any constant shared by every athar process

Waiting = Callable[[], None]


def lock_path() -> Path | None:
    """The lock file of a SQLite database; None for other backends or an in-memory database."""
    if connection.vendor != "sqlite":
        return None
    name = str(connection.settings_dict["NAME"])
    if not name or name == ":memory:" or name.startswith("file:"):
        return None
    return Path(name).with_name(Path(name).name + ".import-lock")


@contextlib.contextmanager
def import_lock(on_wait: Waiting | None = None) -> Iterator[None]:
    """Hold the import lock for the block; enter it outside the transaction it protects. `on_wait`
    is called once if another import holds it."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [_ADVISORY_KEY])
            if not cursor.fetchone()[0]:
                if on_wait:
                    on_wait()
                cursor.execute("SELECT pg_advisory_lock(%s)", [_ADVISORY_KEY])
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [_ADVISORY_KEY])
        return
    path = lock_path()
    if path is None:
        yield
        return
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait:
                on_wait()
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock
