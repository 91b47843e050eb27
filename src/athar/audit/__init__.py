"""The audit log: who did what, when and from where, in a hash chain that shows any tampering.

Every write service and every view of personal data calls `record_event` in the same transaction as
its change, so an action and its audit row commit or roll back together. Rows are append-only: the
application never updates or deletes them, the database refuses to (SQLite and PostgreSQL triggers),
and `verify_chain` detects an edited, inserted or deleted row and names where the chain breaks.

Details hold ids and counts, never personal data (names, dates of birth, free text, contacts): the
audit log is read by administrators, who need to know *that* a record was viewed, not what it says.

Public API: `record_event`, `verify_chain`, `ChainReport`, `Action`, `Outcome`, `AuditEvent`."""

from __future__ import annotations

from typing import TYPE_CHECKING

__all__ = ["Action", "AuditEvent", "ChainReport", "Outcome", "record_event", "verify_chain"]

if TYPE_CHECKING:
    from athar.audit.models import Action, AuditEvent, Outcome
    from athar.audit.services import record_event
    from athar.audit.verify import ChainReport, verify_chain


def __getattr__(name: str) -> object:
    # Models cannot be imported before Django's app registry is ready: resolve names lazily so that
    # `from athar.audit import record_event` works anywhere after setup.
    if name in {"Action", "AuditEvent", "Outcome"}:
        from athar.audit import models
        return getattr(models, name)
    if name == "record_event":
        from athar.audit.services import record_event
        return record_event
    if name in {"ChainReport", "verify_chain"}:
        from athar.audit import verify
        return getattr(verify, name)
    raise AttributeError(name)
