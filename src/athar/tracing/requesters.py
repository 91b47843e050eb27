"""Who may read how to reach a family: the caseworker assigned to the request and administrators,
nobody else, and every reading is audited (allowed or refused).

A leaked phone number can endanger a family inside Syria, so the contact details are shown on a
page of their own (never on the request page, never in a list or an export) and each view of that
page writes an audit row."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from athar.accounts.permissions import check_capability, role_of
from athar.accounts.roles import Capability, Role
from athar.audit.models import Action, Outcome
from athar.audit.services import record_event
from athar.tracing.models import Requester, TracingRequest


def can_view_requester(user: Any, tracing_request: TracingRequest) -> bool:
    role = role_of(user)
    if role == Role.ADMINISTRATOR:
        return True
    return (role is not None and tracing_request.assigned_to_id is not None
            and tracing_request.assigned_to_id == getattr(user, "pk", None))


def view_requester(tracing_request: TracingRequest, *, actor: Any, request: Any = None) -> Requester:
    """The requester, for someone allowed to see them; the reading is audited either way."""
    if actor is not None and not can_view_requester(actor, tracing_request):
        record_event(actor=actor, action=Action.DENIED, outcome=Outcome.DENIED, request=request,
                     target_type="requester", target_id=tracing_request.public_id)
        raise PermissionDenied("only the assigned caseworker and administrators see a requester")
    record_event(actor=actor, action=Action.VIEW, target_type="requester", target_id=tracing_request.public_id,
                 request=request)
    return Requester.objects.get(tracing_request=tracing_request)


def assign(tracing_request: TracingRequest, *, to: Any, actor: Any, request: Any = None) -> None:
    """Administrators assign any request; a caseworker may take an unassigned one (a request from
    the public form) — never one that another caseworker follows."""
    check_capability(actor, Capability.MANAGE_TRACING, request=request, target_type="tracing_request",
                     target_id=tracing_request.public_id)
    is_admin = actor is None or role_of(actor) == Role.ADMINISTRATOR
    if not is_admin and (tracing_request.assigned_to_id is not None or to != actor):
        record_event(actor=actor, action=Action.DENIED, outcome=Outcome.DENIED, request=request,
                     target_type="tracing_request", target_id=tracing_request.public_id,
                     details={"step": "assign"})
        raise PermissionDenied("only an administrator reassigns a request")
    with transaction.atomic():
        previous = tracing_request.assigned_to_id
        TracingRequest.objects.filter(pk=tracing_request.pk).update(assigned_to=to)
        tracing_request.assigned_to = to
        record_event(actor=actor, action="assign", target_type="tracing_request",
                     target_id=tracing_request.public_id, request=request,
                     details={"from_user": previous, "to_user": getattr(to, "pk", None)})
