"""Recording, withdrawing and checking consent. Every check is audited, allowed or not, because a
check is the moment information may leave the organisation."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from athar.accounts.permissions import check_capability
from athar.accounts.roles import Capability
from athar.audit.models import Action, Outcome
from athar.audit.services import record_event
from athar.registry.models import Person
from athar.tracing.models import Consent, Recipient, TracingRequest

# What consent can be about: a registry person, or a tracing request (before or after it is verified).
Subject = Person | TracingRequest


def _user_or_none(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _target(subject: Subject) -> tuple[str, str]:
    if isinstance(subject, TracingRequest):
        return "tracing_request", subject.public_id
    return "person", subject.public_id


def _consent_target(consent: Consent) -> tuple[str, str]:
    subject = consent.tracing_request if consent.tracing_request_id else consent.person
    assert subject is not None  # noqa: S101 — the table's check constraint holds one of the two
    return _target(subject)


def record_consent(subject: Subject, *, recipient: str, is_granted: bool, wording_shown: str, given_by: str,
                   given_on: datetime.date, actor: Any, request: Any = None) -> Consent:
    """Record one statement about `subject` (a registry person or a tracing request)."""
    Recipient(recipient)
    if not wording_shown.strip():
        raise ValueError("the wording shown to the person giving consent is required")
    target_type, target_id = _target(subject)
    check_capability(actor, Capability.MANAGE_TRACING, request=request, target_type=target_type,
                     target_id=target_id)
    about = ({"tracing_request": subject} if isinstance(subject, TracingRequest) else {"person": subject})
    with transaction.atomic():
        consent = Consent.objects.create(
            **about, recipient=recipient, is_granted=is_granted, wording_shown=wording_shown,
            given_by=given_by, given_on=given_on, taken_by=_user_or_none(actor))
        record_event(actor=actor, action=Action.CONSENT, target_type=target_type, target_id=target_id,
                     request=request, details={"consent": consent.pk, "recipient": recipient, "granted": is_granted})
        return consent


def withdraw_consent(consent: Consent, *, actor: Any, request: Any = None) -> Consent:
    target_type, target_id = _consent_target(consent)
    check_capability(actor, Capability.MANAGE_TRACING, request=request, target_type=target_type,
                     target_id=target_id)
    with transaction.atomic():
        if consent.withdrawn_at is None:
            consent.withdrawn_at = timezone.now()
            consent.withdrawn_by = _user_or_none(actor)
            consent.save(update_fields=["withdrawn_at", "withdrawn_by"])
            record_event(actor=actor, action=Action.CONSENT, target_type=target_type,
                         target_id=target_id, request=request,
                         details={"consent": consent.pk, "recipient": consent.recipient, "withdrawn": True})
        return consent


def _persons_of(person: Person) -> list[int]:
    """The person and every retired person merged into it: consent given about a record's earlier
    person still holds after the linker merged it."""
    ids = [person.pk]
    frontier = [person.pk]
    while frontier:
        frontier = list(Person.objects.filter(merged_into_id__in=frontier).values_list("pk", flat=True))
        frontier = [pk for pk in frontier if pk not in ids]
        ids.extend(frontier)
    return ids


def current_consent(subject: Subject, recipient: str) -> Consent | None:
    """The latest active statement for this recipient, granted or refused; None when never asked.

    About a person: statements about the person (and persons merged into it) and about every
    tracing request verified as that person. About a request: that request's statements only (a
    relative decides what happens to what they told us)."""
    active = Consent.objects.filter(recipient=recipient, withdrawn_at__isnull=True)
    if isinstance(subject, TracingRequest):
        active = active.filter(tracing_request=subject)
    else:
        persons = _persons_of(subject)
        active = active.filter(Q(person_id__in=persons) | Q(tracing_request__person_id__in=persons))
    return active.order_by("-recorded_at", "-id").first()


def has_consent(subject: Subject, recipient: str, *, actor: Any, purpose: str, request: Any = None) -> bool:
    """True when the latest active statement for `recipient` grants consent. `subject` is a registry
    person or a tracing request; `purpose` names the use ("export", "un_submission",
    "sharing_package") for the audit row."""
    Recipient(recipient)
    consent = current_consent(subject, recipient)
    allowed = consent is not None and consent.is_granted
    target_type, target_id = _target(subject)
    record_event(actor=actor, action=Action.CONSENT_CHECK, target_type=target_type, target_id=target_id,
                 outcome=Outcome.OK if allowed else Outcome.DENIED, request=request,
                 details={"recipient": recipient, "purpose": purpose[:60],
                          "consent": consent.pk if consent else None})
    return allowed
