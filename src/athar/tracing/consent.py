"""Recording, withdrawing and checking consent. Every check is audited, allowed or not, because a
check is the moment information may leave the organisation."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from athar.accounts.permissions import check_capability
from athar.accounts.roles import Capability
from athar.audit.models import Action, Outcome
from athar.audit.services import record_event
from athar.registry.models import Person
from athar.tracing.models import Consent, Recipient


def _user_or_none(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def record_consent(person: Person, *, recipient: str, is_granted: bool, wording_shown: str, given_by: str,
                   given_on: datetime.date, actor: Any, request: Any = None) -> Consent:
    Recipient(recipient)
    if not wording_shown.strip():
        raise ValueError("the wording shown to the person giving consent is required")
    check_capability(actor, Capability.MANAGE_TRACING, request=request, target_type="person",
                     target_id=person.public_id)
    with transaction.atomic():
        consent = Consent.objects.create(
            person=person, recipient=recipient, is_granted=is_granted, wording_shown=wording_shown,
            given_by=given_by, given_on=given_on, taken_by=_user_or_none(actor))
        record_event(actor=actor, action=Action.CONSENT, target_type="person", target_id=person.public_id,
                     request=request, details={"consent": consent.pk, "recipient": recipient, "granted": is_granted})
        return consent


def withdraw_consent(consent: Consent, *, actor: Any, request: Any = None) -> Consent:
    check_capability(actor, Capability.MANAGE_TRACING, request=request, target_type="person",
                     target_id=consent.person.public_id)
    with transaction.atomic():
        if consent.withdrawn_at is None:
            consent.withdrawn_at = timezone.now()
            consent.withdrawn_by = _user_or_none(actor)
            consent.save(update_fields=["withdrawn_at", "withdrawn_by"])
            record_event(actor=actor, action=Action.CONSENT, target_type="person",
                         target_id=consent.person.public_id, request=request,
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


def current_consent(person: Person, recipient: str) -> Consent | None:
    """The latest active statement for this recipient, granted or refused; None when never asked."""
    return (Consent.objects.filter(person_id__in=_persons_of(person), recipient=recipient, withdrawn_at__isnull=True)
            .order_by("-recorded_at", "-id").first())


def has_consent(person: Person, recipient: str, *, actor: Any, purpose: str, request: Any = None) -> bool:
    """True when the latest active statement for `recipient` grants consent. `purpose` names the use
    ("export", "un_submission", "sharing_package") for the audit row."""
    Recipient(recipient)
    consent = current_consent(person, recipient)
    allowed = consent is not None and consent.is_granted
    record_event(actor=actor, action=Action.CONSENT_CHECK, target_type="person", target_id=person.public_id,
                 outcome=Outcome.OK if allowed else Outcome.DENIED, request=request,
                 details={"recipient": recipient, "purpose": purpose[:60],
                          "consent": consent.pk if consent else None})
    return allowed
