"""Errors of the export workflow, each with a stable code (the API's error envelope carries it)."""

from __future__ import annotations


class ExportError(Exception):
    """A refused step of the workflow. The message names ids only, never personal data."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
