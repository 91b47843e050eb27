"""Errors of UN submissions, each with a stable code for the API and the CLI and a message that names
elements and ids, never a person's data."""

from __future__ import annotations

from athar.errors import AtharError


class SubmissionError(AtharError):
    code = "submission_error"

    def __init__(self, message: str, *, code: str | None = None, missing: list[str] | None = None) -> None:
        super().__init__(message)
        if code:
            self.code = code
        self.missing = missing or []


class NotReady(SubmissionError):
    code = "not_ready"


class NoConsent(SubmissionError):
    code = "no_consent"


class BadTransition(SubmissionError):
    code = "bad_transition"
