"""Errors of the pure tier. They carry what a person needs to act (file, row, column, reason)
and never the personal data itself: a message may end up in a log or on a shared screen."""

from __future__ import annotations


class AtharError(Exception):
    """Base of every error athar raises on purpose (as opposed to bugs)."""


class InputError(AtharError):
    """A problem with input data, located precisely enough to fix it."""

    def __init__(self, reason: str, *, file: str | None = None, row: int | None = None,
                 column: str | None = None) -> None:
        self.reason = reason
        self.file = file
        self.row = row
        self.column = column
        super().__init__(self.describe())

    def describe(self) -> str:
        where = []
        if self.file:
            where.append(str(self.file))
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        return (", ".join(where) + ": " if where else "") + self.reason
