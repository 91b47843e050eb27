"""The states of a tracing request and the only ways between them, each with who, when and why.

    new → searching → candidate found → verified → family informed → closed
                          ↘ rejected → searching

A family never sees a candidate automatically: "verified" is a caseworker's decision on one
candidate (athar.tracing.decisions), and "family informed" is recorded by the caseworker who spoke
to the family (athar.tracing.informing). `TRANSITIONS` is the whole table; `change_status` refuses
anything else, writes a StatusChange and an audit row in one transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from athar.accounts.permissions import check_capability
from athar.accounts.roles import Capability
from athar.audit.services import record_event
from athar.errors import AtharError
from athar.tracing.models import Status, StatusChange, TracingRequest

TRANSITIONS: dict[str, frozenset[str]] = {
    Status.NEW: frozenset({Status.SEARCHING, Status.CLOSED}),
    Status.SEARCHING: frozenset({Status.CANDIDATE_FOUND, Status.CLOSED}),
    Status.CANDIDATE_FOUND: frozenset({Status.VERIFIED, Status.REJECTED, Status.SEARCHING, Status.CLOSED}),
    Status.VERIFIED: frozenset({Status.FAMILY_INFORMED, Status.CANDIDATE_FOUND}),
    Status.REJECTED: frozenset({Status.SEARCHING, Status.CANDIDATE_FOUND, Status.CLOSED}),
    Status.FAMILY_INFORMED: frozenset({Status.CLOSED, Status.SEARCHING}),
    Status.CLOSED: frozenset({Status.SEARCHING}),
}
# Reached only through their own service (a decision on a candidate, a completed informing task).
GUARDED: frozenset[str] = frozenset({Status.VERIFIED, Status.FAMILY_INFORMED})


class IllegalTransition(AtharError):
    """A change of state the table does not allow (the message names the two states, never the case)."""

    code = "illegal_transition"


def allowed_next(status: str, *, include_guarded: bool = False) -> list[str]:
    return [s for s in Status.values if s in TRANSITIONS[status] and (include_guarded or s not in GUARDED)]


def change_status(tracing_request: TracingRequest, to_status: str, *, actor: Any, reason: str,
                  request: Any = None, _guarded: bool = False) -> StatusChange:
    """Move the request to `to_status`. `reason` is required (kept encrypted, never in the audit log).
    "verified" and "family informed" are refused here: they go through their own services."""
    to_status = Status(to_status)
    check_capability(actor, Capability.MANAGE_TRACING, request=request, target_type="tracing_request",
                     target_id=tracing_request.public_id)
    if not reason.strip():
        raise IllegalTransition("a reason is required for every change of state")
    if to_status in GUARDED and not _guarded:
        raise IllegalTransition(f"'{to_status}' is reached only by its own step, not directly")
    with transaction.atomic():
        current = TracingRequest.objects.select_for_update().get(pk=tracing_request.pk)
        if to_status not in TRANSITIONS[current.status]:
            raise IllegalTransition(f"a request cannot go from '{current.status}' to '{to_status}'")
        change = StatusChange.objects.create(
            tracing_request=current, from_status=current.status, to_status=to_status,
            actor=actor if getattr(actor, "is_authenticated", False) else None, reason=reason.strip())
        current.status = to_status
        current.save(update_fields=["status", "updated_at"])
        tracing_request.status = to_status
        record_event(actor=actor, action="status_change", target_type="tracing_request",
                     target_id=current.public_id, request=request,
                     details={"from": change.from_status, "to": to_status, "change": change.pk})
        return change
