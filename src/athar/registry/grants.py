"""Writes on who may read a source: grants, revocations and a source's sensitivity. Each is atomic
and audited; the capability is checked before the transaction opens so that a denial's audit row
is kept."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from athar.accounts.permissions import check_capability
from athar.accounts.roles import Capability, Role
from athar.audit.models import Action
from athar.audit.services import record_event
from athar.registry.choices import Sensitivity
from athar.registry.models import Source, SourceGrant


def grant_source(source: Source, *, actor: Any, user: Any = None, role: str = "") -> SourceGrant:
    """Let one user (or every user of one role) read `source`. An existing active grant is returned
    as it is: granting twice changes nothing."""
    if (user is None) == (not role):
        raise ValueError("a grant names either a user or a role")
    if role:
        Role(role)  # refuses an unknown role
    check_capability(actor, Capability.MANAGE_SOURCES, target_type="source", target_id=source.pk)
    with transaction.atomic():
        existing = SourceGrant.objects.filter(source=source, user=user, role=role, revoked_at__isnull=True).first()
        if existing is not None:
            return existing
        grant = SourceGrant.objects.create(source=source, user=user, role=role, granted_by=_user_or_none(actor))
        record_event(actor=actor, action=Action.GRANT, target_type="source", target_id=source.pk,
                     details={"grant": grant.pk, "user": getattr(user, "pk", None), "role": role})
        return grant


def revoke_grant(grant: SourceGrant, *, actor: Any) -> SourceGrant:
    check_capability(actor, Capability.MANAGE_SOURCES, target_type="source", target_id=grant.source_id)
    with transaction.atomic():
        if grant.revoked_at is None:
            grant.revoked_at = timezone.now()
            grant.revoked_by = _user_or_none(actor)
            grant.save(update_fields=["revoked_at", "revoked_by"])
            record_event(actor=actor, action=Action.REVOKE, target_type="source", target_id=grant.source_id,
                         details={"grant": grant.pk})
        return grant


def set_sensitivity(source: Source, sensitivity: str, *, actor: Any) -> Source:
    Sensitivity(sensitivity)
    check_capability(actor, Capability.MANAGE_SOURCES, target_type="source", target_id=source.pk)
    with transaction.atomic():
        before = source.sensitivity
        if before != sensitivity:
            Source.objects.filter(pk=source.pk).update(sensitivity=sensitivity)
            source.sensitivity = sensitivity
            record_event(actor=actor, action=Action.EDIT, target_type="source", target_id=source.pk,
                         details={"field": "sensitivity", "from": before, "to": sensitivity})
        return source


def _user_or_none(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None
