"""Taking a family's request: by a caseworker, or through the public form that needs no account.

Both write the request, its requester (a table of its own, encrypted), the photos (encrypted)
and the consents given, in one transaction with an audit row that names ids only. The public
form's submission runs no search and returns nothing about the registry: what a family learns
comes later, from a person (athar.tracing.informing)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone

from athar.accounts.permissions import check_capability
from athar.accounts.roles import Capability
from athar.audit.models import Action
from athar.audit.services import record_event
from athar.encryption import encrypt_bytes
from athar.tracing.models import (
    Consent,
    Notification,
    NotificationKind,
    Origin,
    Requester,
    RequestPhoto,
    Status,
    StatusChange,
    TracingRequest,
)
from athar.tracing.wording import consent_text

DESCRIPTION_FIELDS: tuple[str, ...] = (
    "given_name", "father_name", "grandfather_name", "family_name", "mother_name", "mother_family_name",
    "sex", "birth_date", "age", "birth_place", "last_seen_on", "last_seen_place", "circumstances",
    "detaining_party", "preferred_language", "preferred_channel",
)
REQUESTER_FIELDS: tuple[str, ...] = ("relationship", "name", "phone", "email", "other_contact", "safety_notes")
MAX_PHOTOS = 3
MAX_PHOTO_BYTES = 5 * 1024 * 1024
PHOTO_TYPES = frozenset({"image/jpeg", "image/png", "image/webp"})


@dataclass(frozen=True)
class Photo:
    data: bytes
    content_type: str


def _check_photos(photos: Sequence[Photo]) -> None:
    if len(photos) > MAX_PHOTOS:
        raise ValueError(f"at most {MAX_PHOTOS} photos")
    for photo in photos:
        if photo.content_type not in PHOTO_TYPES or len(photo.data) > MAX_PHOTO_BYTES:
            raise ValueError("photos must be JPEG, PNG or WebP images of at most 5 MB")


def _write(description: Mapping[str, Any], requester: Mapping[str, Any], photos: Sequence[Photo],
           consents: Mapping[str, bool], *, origin: str, actor: Any, assign: Any) -> TracingRequest:
    user = actor if getattr(actor, "is_authenticated", False) else None
    unknown = set(description) - set(DESCRIPTION_FIELDS)
    if unknown or set(requester) - set(REQUESTER_FIELDS):
        raise ValueError("unknown fields in a tracing request")
    tracing_request = TracingRequest.objects.create(
        **description, origin=origin, created_by=user, assigned_to=assign, status=Status.NEW)
    StatusChange.objects.create(tracing_request=tracing_request, from_status="", to_status=Status.NEW, actor=user,
                                reason="intake")
    Requester.objects.create(tracing_request=tracing_request, **requester)
    for photo in photos:
        RequestPhoto.objects.create(tracing_request=tracing_request, data=encrypt_bytes(photo.data),
                                    content_type=photo.content_type, size=len(photo.data))
    language = tracing_request.preferred_language
    relationship = requester.get("relationship") or "requester"
    for recipient, granted in consents.items():
        # The wording in use now is copied into the Consent: what the family agreed to, word for word.
        Consent.objects.create(tracing_request=tracing_request, recipient=recipient, is_granted=granted,
                               wording_shown=consent_text(recipient, language), given_by=relationship,
                               given_on=timezone.localdate(), taken_by=user)
    return tracing_request


def create_request(*, description: Mapping[str, Any], requester: Mapping[str, Any],
                   photos: Sequence[Photo] = (), consents: Mapping[str, bool] | None = None, actor: Any,
                   request: Any = None) -> TracingRequest:
    """A caseworker records a request (on the phone, in person); it is assigned to them."""
    check_capability(actor, Capability.MANAGE_TRACING, request=request, target_type="tracing_request")
    _check_photos(photos)
    with transaction.atomic():
        assign = actor if getattr(actor, "is_authenticated", False) else None
        tracing_request = _write(description, requester, photos, consents or {}, origin=Origin.CASEWORKER,
                                 actor=actor, assign=assign)
        record_event(actor=actor, action=Action.CREATE, target_type="tracing_request",
                     target_id=tracing_request.public_id, request=request,
                     details={"origin": Origin.CASEWORKER, "photos": len(photos),
                              "consents": sorted(r for r, g in (consents or {}).items() if g)})
        return tracing_request


def submit_public_request(*, description: Mapping[str, Any], requester: Mapping[str, Any],
                          photos: Sequence[Photo] = (), consents: Mapping[str, bool] | None = None,
                          ) -> TracingRequest:
    """A family sends a request through the public form. Unassigned; every caseworker is told.
    No search runs and nothing is returned to the sender but a thank-you."""
    _check_photos(photos)
    with transaction.atomic():
        tracing_request = _write(description, requester, photos, consents or {}, origin=Origin.PUBLIC_FORM,
                                 actor=None, assign=None)
        Notification.objects.create(user=None, tracing_request=tracing_request, kind=NotificationKind.NEW_REQUEST)
        # No request passed to the audit row: it would keep the sender's IP address, which a family
        # writing from inside Syria must not leave behind.
        record_event(actor=AnonymousUser(), action=Action.CREATE, target_type="tracing_request",
                     target_id=tracing_request.public_id,
                     details={"origin": Origin.PUBLIC_FORM, "photos": len(photos)})
        return tracing_request

