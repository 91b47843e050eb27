"""Writing audit rows. `record_event` is the only writer of `AuditEvent`."""

from __future__ import annotations

import contextlib
import ipaddress
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from athar.audit.chain import GENESIS_HASH, event_hash
from athar.audit.models import AuditChainHead, AuditEvent, Outcome

# Values that may never reach an audit row's details: the audit log names ids, not contents.
_MAX_DETAIL_TEXT = 200


def _client_ip(request: HttpRequest | None) -> str | None:
    """The client's address. Directly served: the peer Django saw. Behind the one HTTPS proxy the
    operator declared (ATHAR_BEHIND_HTTPS_PROXY): the last address of X-Forwarded-For, the one that
    proxy added; earlier entries are whatever the client claimed and are not trusted."""
    if request is None:
        return None
    address = request.META.get("REMOTE_ADDR") or None
    if getattr(settings, "BEHIND_HTTPS_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.split(",")[-1].strip() if forwarded else ""
        with contextlib.suppress(ValueError):  # a malformed header: keep the peer address
            address = str(ipaddress.ip_address(last)) if last else address
    return address


def _actor_label(actor: Any) -> str:
    if actor is None:
        return "command line"
    if not getattr(actor, "is_authenticated", False):
        return "anonymous"
    return str(actor.get_username())[:150]


def _check_details(details: Mapping[str, Any]) -> dict[str, Any]:
    """Details are ids, counts, codes and short labels. Long text is refused: it is how free text (a
    testimony, a note) would leak into the audit log."""
    clean: dict[str, Any] = {}
    for key, value in details.items():
        if isinstance(value, str) and len(value) > _MAX_DETAIL_TEXT:
            raise ValueError(f"audit detail {key!r} is too long to be an id or a code")
        clean[str(key)] = value
    return clean


@transaction.atomic
def record_event(*, actor: Any, action: str, target_type: str = "", target_id: str | int = "",
                 outcome: str = Outcome.OK, request: HttpRequest | None = None,
                 details: Mapping[str, Any] | None = None) -> AuditEvent:
    """Append one audit row, in the caller's transaction when there is one (so the row commits or
    rolls back with the change it records).

    `actor` is the acting user, None for the command line and automatic runs. `target_type` /
    `target_id` name what was acted on by id (`person` / `P-7K3M9Q2XDA`, `record` / `812`).
    `details` carries ids and counts only."""
    clean_details = _check_details(details or {})
    # Take the chain's lock first: the UPDATE makes concurrent writers wait here, not fork the chain
    # (on PostgreSQL a row lock; on SQLite the database's write lock, see DATABASES' IMMEDIATE mode).
    if not AuditChainHead.objects.filter(pk=1).update(last_sequence=F("last_sequence") + 1):
        AuditChainHead.objects.get_or_create(pk=1)
        AuditChainHead.objects.filter(pk=1).update(last_sequence=F("last_sequence") + 1)
    head = AuditChainHead.objects.get(pk=1)
    sequence = head.last_sequence
    previous_hash = head.last_hash or GENESIS_HASH
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    fields: dict[str, Any] = {
        "sequence": sequence,
        "occurred_at": timezone.now(),
        "actor_id": user.pk if user is not None else None,
        "actor_label": _actor_label(actor),
        "action": action,
        "outcome": outcome,
        "target_type": target_type,
        "target_id": str(target_id),
        "ip_address": _client_ip(request),
        "path": (request.path[:300] if request is not None else ""),
        "details": clean_details,
        "previous_hash": previous_hash,
    }
    digest = event_hash(**fields)
    event = AuditEvent.objects.create(hash=digest, **fields)
    AuditChainHead.objects.filter(pk=1).update(last_hash=digest)
    return event
