"""A caseworker's decision on a candidate: this is (verified) or is not (rejected) the person the
family asked about. Verifying opens the task of telling the family (athar.tracing.informing);
nothing is ever sent to the family by the software."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from athar.accounts.permissions import check_capability
from athar.accounts.roles import Capability
from athar.audit.models import Action
from athar.audit.services import record_event
from athar.tracing.models import (
    Candidate,
    CandidateDecision,
    InformingTask,
    Notification,
    NotificationKind,
    Status,
    TracingRequest,
)
from athar.tracing.workflow import IllegalTransition, change_status


def _decide(candidate: Candidate, decision: str, actor: Any) -> None:
    candidate.decision = decision
    candidate.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    candidate.decided_at = timezone.now()
    candidate.save(update_fields=["decision", "decided_by", "decided_at", "updated_at"])


def verify_candidate(candidate: Candidate, *, actor: Any, reason: str, request: Any = None) -> InformingTask:
    """The caseworker has checked the candidate and holds that it is the person asked about."""
    tracing_request = candidate.tracing_request
    check_capability(actor, Capability.MANAGE_TRACING, request=request, target_type="tracing_request",
                     target_id=tracing_request.public_id)
    if tracing_request.status != Status.CANDIDATE_FOUND:
        raise IllegalTransition("only a request with a candidate found can be verified")
    with transaction.atomic():
        _decide(candidate, CandidateDecision.VERIFIED, actor)
        change_status(tracing_request, Status.VERIFIED, actor=actor, reason=reason, request=request, _guarded=True)
        TracingRequest.objects.filter(pk=tracing_request.pk).update(person=candidate.person)
        tracing_request.person = candidate.person
        task = InformingTask.objects.create(tracing_request=tracing_request, person=candidate.person,
                                            assigned_to=tracing_request.assigned_to)
        Notification.objects.create(user=tracing_request.assigned_to, tracing_request=tracing_request,
                                    kind=NotificationKind.INFORM_FAMILY)
        record_event(actor=actor, action=Action.REVIEW, target_type="tracing_request",
                     target_id=tracing_request.public_id, request=request,
                     details={"candidate": candidate.pk, "person": candidate.person.public_id,
                              "decision": CandidateDecision.VERIFIED, "task": task.pk})
        return task


def reject_candidate(candidate: Candidate, *, actor: Any, reason: str, request: Any = None) -> Candidate:
    """Not the person. When no candidate is left to check, the request goes to "rejected" (and from
    there back to searching when the caseworker decides so, or to "candidate found" when the
    matcher proposes someone new)."""
    tracing_request = candidate.tracing_request
    check_capability(actor, Capability.MANAGE_TRACING, request=request, target_type="tracing_request",
                     target_id=tracing_request.public_id)
    if not reason.strip():
        raise IllegalTransition("a reason is required")
    with transaction.atomic():
        _decide(candidate, CandidateDecision.REJECTED, actor)
        record_event(actor=actor, action=Action.REVIEW, target_type="tracing_request",
                     target_id=tracing_request.public_id, request=request,
                     details={"candidate": candidate.pk, "person": candidate.person.public_id,
                              "decision": CandidateDecision.REJECTED})
        remaining = tracing_request.candidates.filter(decision=CandidateDecision.OPEN).exists()
        if not remaining and tracing_request.status == Status.CANDIDATE_FOUND:
            change_status(tracing_request, Status.REJECTED, actor=actor, reason=reason, request=request)
        return candidate
