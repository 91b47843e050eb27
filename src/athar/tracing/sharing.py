"""Sharing packages: what a request says, prepared for one recipient (ICRC, the IIMP, the National
Commission, ...), only if the family consents to that recipient at the moment of export.

`has_consent` is asked every time (and audited); a withdrawal therefore stops the next export at
once. The package never holds the requester's contact details, photos or the caseworker's notes:
it describes the missing person and the facts the family gave, and names the verified registry
person by id. Exports are audited by id and recipient only."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from athar.accounts.permissions import check_capability
from athar.accounts.roles import Capability
from athar.audit.models import Action
from athar.audit.services import record_event
from athar.tracing.consent import has_consent
from athar.tracing.models import Recipient, TracingRequest

PACKAGE_VERSION = 1
PACKAGE_FIELDS: tuple[str, ...] = (
    "given_name", "father_name", "grandfather_name", "family_name", "mother_name", "mother_family_name",
    "sex", "birth_date", "age", "birth_place", "last_seen_on", "last_seen_place", "circumstances",
    "detaining_party",
)


class ConsentMissing(PermissionDenied):
    """No active consent for this recipient: nothing leaves (a 403 in the web interface)."""

    code = "consent_missing"


def sharing_package(tracing_request: TracingRequest, recipient: str, *, actor: Any,
                    request: Any = None) -> dict[str, Any]:
    """The package as data (JSON-ready). Raises ConsentMissing without the family's active consent."""
    Recipient(recipient)
    check_capability(actor, Capability.EXPORT_RECORDS, request=request, target_type="tracing_request",
                     target_id=tracing_request.public_id)
    if not has_consent(tracing_request, recipient, actor=actor, purpose="sharing_package", request=request):
        record_event(actor=actor, action=Action.EXPORT, target_type="tracing_request",
                     target_id=tracing_request.public_id, outcome="denied", request=request,
                     details={"recipient": recipient, "reason": "no_consent"})
        raise ConsentMissing("no active consent of the family for this recipient")
    person: dict[str, Any] = {}
    for name in PACKAGE_FIELDS:
        value = getattr(tracing_request, name)
        person[name] = "" if value is None else (value.isoformat() if hasattr(value, "isoformat") else value)
    record_event(actor=actor, action=Action.EXPORT, target_type="tracing_request",
                 target_id=tracing_request.public_id, request=request,
                 details={"recipient": recipient, "format": "sharing_package", "version": PACKAGE_VERSION})
    return {"format": "athar-sharing-package", "version": PACKAGE_VERSION, "request": tracing_request.public_id,
            "recipient": recipient, "registry_person": tracing_request.person.public_id if tracing_request.person else "",
            "missing_person": person}
