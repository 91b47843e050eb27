"""Every write of the export workflow: request, approve (which builds the file), refuse, download.

Each checks the actor's capability before its transaction (so a denial's audit row survives) and
writes its audit row inside it. The file is built at approval from what the REQUESTER may see at
that moment, never the approver, and is stored encrypted with its SHA-256."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from athar.accounts.permissions import check_capability
from athar.accounts.roles import Capability
from athar.audit.models import Action, Outcome
from athar.audit.services import record_event
from athar.encryption import decrypt_bytes, encrypt_bytes
from athar.exports.build import WRITERS, record_row
from athar.exports.errors import ExportError
from athar.exports.models import ExportRequest, FileFormat, Scope, Status
from athar.registry.access import visible_records, visible_sources
from athar.registry.models import Person, Record, Source
from athar.registry.queries import find_person
from athar.tracing.consent import has_consent
from athar.tracing.models import Consent, Recipient

MAX_PERSONS = 1000  # persons named in one request: a larger selection is a source export


def max_downloads() -> int:
    return int(getattr(settings, "EXPORT_MAX_DOWNLOADS", 3))


def expiry() -> datetime.timedelta:
    return datetime.timedelta(hours=int(getattr(settings, "EXPORT_EXPIRY_HOURS", 72)))


def _deny(actor: Any, code: str, message: str, export: ExportRequest | None, request: Any,
          action: str = Action.DENIED) -> ExportError:
    record_event(actor=actor, action=action, outcome=Outcome.DENIED, request=request,
                 target_type="export", target_id=str(export.pk) if export else "", details={"reason": code})
    return ExportError(code, message)


def request_export(*, scope: str, file_format: str, recipient: str, purpose: str, actor: Any,
                   person_ids: Iterable[str] = (), source: Source | None = None,
                   request: Any = None) -> ExportRequest:
    """Ask for an export. Persons and source must be visible to the requester now (they are checked
    again when the file is built); unknown and invisible ids are refused alike."""
    check_capability(actor, Capability.EXPORT_RECORDS, request=request, target_type="export")
    Scope(scope), FileFormat(file_format), Recipient(recipient)
    purpose = purpose.strip()
    if not purpose:
        raise ExportError("purpose_required", "Say why the export is needed.")
    ids: list[str] = []
    if scope == Scope.PERSONS:
        ids = list(dict.fromkeys(i.strip() for i in person_ids if i.strip()))
        if not ids:
            raise ExportError("persons_required", "Name at least one person by public id.")
        if len(ids) > MAX_PERSONS:
            raise ExportError("too_many_persons", f"At most {MAX_PERSONS} persons in one request.")
        visible = visible_records(actor)
        unknown = [i for i in ids if not _person_is_visible(i, visible)]
        if unknown:
            raise _deny(actor, "unknown_persons", f"{len(unknown)} of the persons named are not known to you.",
                        None, request, Action.EXPORT_REQUEST)
        source = None
    else:
        if source is None or not visible_sources(actor).filter(pk=source.pk).exists():
            raise _deny(actor, "unknown_source", "The source is not known to you.", None, request,
                        Action.EXPORT_REQUEST)
    with transaction.atomic():
        export = ExportRequest.objects.create(
            requested_by=actor, scope=scope, source=source, person_ids=ids, file_format=file_format,
            recipient=recipient, purpose=purpose)
        record_event(actor=actor, action=Action.EXPORT_REQUEST, request=request, target_type="export",
                     target_id=str(export.pk),
                     details={"scope": scope, "source": source.pk if source else None, "persons": len(ids),
                              "format": file_format, "recipient": recipient})
        return export


def _person_is_visible(public_id: str, visible: QuerySet[Record]) -> bool:
    person = find_person(public_id)
    return person is not None and visible.filter(person=person).exists()


def _records(export: ExportRequest) -> QuerySet[Record]:
    """What the requester may see now, within the request's scope."""
    records = visible_records(export.requested_by).select_related("source", "person")
    if export.scope == Scope.SOURCE:
        return records.filter(source=export.source)
    persons = [p for p in (find_person(i) for i in export.person_ids) if p is not None]
    return records.filter(person__in=persons)


def _consented(person: Person, export: ExportRequest, *, actor: Any, request: Any) -> bool:
    """An outside recipient needs the family's consent for that recipient. Internal use needs no
    statement, but a family that refused or withdrew internal use is respected too."""
    if export.recipient != Recipient.INTERNAL:
        return has_consent(person, export.recipient, actor=actor, purpose="export", request=request)
    if not Consent.objects.filter(person=person, recipient=Recipient.INTERNAL).exists():
        return True
    return has_consent(person, Recipient.INTERNAL, actor=actor, purpose="export", request=request)


def _build(export: ExportRequest, *, actor: Any, request: Any) -> tuple[bytes, int, int]:
    rows: list[list[str]] = []
    decisions: dict[int, bool] = {}
    for record in _records(export).order_by("source__name", "record_id"):
        person = record.person
        if person is None:
            if export.recipient != Recipient.INTERNAL:
                continue  # nobody could have consented for a record not yet linked to a person
        elif person.pk not in decisions:
            decisions[person.pk] = _consented(person, export, actor=actor, request=request)
        if person is None or decisions[person.pk]:
            rows.append(record_row(record))
    excluded = sum(1 for allowed in decisions.values() if not allowed)
    return WRITERS[export.file_format](rows), len(rows), excluded


def approve_export(export: ExportRequest, *, actor: Any, request: Any = None) -> ExportRequest:
    """Approve and build the file. The approver must be someone other than the requester."""
    check_capability(actor, Capability.APPROVE_EXPORTS, request=request, target_type="export",
                     target_id=str(export.pk))
    if export.requested_by_id == getattr(actor, "pk", None):
        raise _deny(actor, "own_request", "An export must be approved by someone other than its requester.",
                    export, request, Action.EXPORT_APPROVE)
    with transaction.atomic():
        export = ExportRequest.objects.select_for_update().get(pk=export.pk)
        if export.status != Status.PENDING:
            raise ExportError("not_pending", "This request was already decided.")
        content, count, excluded = _build(export, actor=actor, request=request)
        now = timezone.now()
        export.status, export.decided_by, export.decided_at = Status.APPROVED, actor, now
        export.content = encrypt_bytes(content)
        export.sha256 = hashlib.sha256(content).hexdigest()
        export.record_count, export.excluded_persons = count, excluded
        export.expires_at = now + expiry()
        export.save()
        record_event(actor=actor, action=Action.EXPORT_APPROVE, request=request, target_type="export",
                     target_id=str(export.pk), details={"records": count, "excluded_persons": excluded,
                                                        "sha256": export.sha256})
        return export


def refuse_export(export: ExportRequest, *, actor: Any, request: Any = None) -> ExportRequest:
    check_capability(actor, Capability.APPROVE_EXPORTS, request=request, target_type="export",
                     target_id=str(export.pk))
    with transaction.atomic():
        export = ExportRequest.objects.select_for_update().get(pk=export.pk)
        if export.status != Status.PENDING:
            raise ExportError("not_pending", "This request was already decided.")
        export.status, export.decided_by, export.decided_at = Status.REFUSED, actor, timezone.now()
        export.save(update_fields=["status", "decided_by", "decided_at"])
        record_event(actor=actor, action=Action.EXPORT_APPROVE, outcome=Outcome.DENIED, request=request,
                     target_type="export", target_id=str(export.pk), details={"refused": True})
        return export


def download_export(export: ExportRequest, *, actor: Any, request: Any = None) -> bytes:
    """The decrypted file, for its requester only, while downloads remain and before it expires."""
    check_capability(actor, Capability.EXPORT_RECORDS, request=request, target_type="export",
                     target_id=str(export.pk))
    if export.requested_by_id != getattr(actor, "pk", None):
        raise _deny(actor, "not_requester", "Only the requester may download an export.", export, request,
                    Action.EXPORT)
    with transaction.atomic():
        export = ExportRequest.objects.select_for_update().get(pk=export.pk)
        if export.status != Status.APPROVED or export.content is None:
            raise ExportError("not_approved", "This export has not been approved.")
        if export.expires_at is not None and timezone.now() >= export.expires_at:
            raise ExportError("expired", "This export has expired; request it again.")
        if export.download_count >= max_downloads():
            raise ExportError("downloads_exhausted", "This export was downloaded as many times as allowed.")
        content = decrypt_bytes(bytes(export.content))
        if hashlib.sha256(content).hexdigest() != export.sha256:
            raise ExportError("corrupt", "The stored export does not match its checksum.")
        export.download_count += 1
        export.save(update_fields=["download_count"])
        record_event(actor=actor, action=Action.EXPORT, request=request, target_type="export",
                     target_id=str(export.pk),
                     details={"records": export.record_count, "download": export.download_count,
                              "sha256": export.sha256})
        return content


def can_download(export: ExportRequest, user: Any) -> bool:
    return (export.requested_by_id == getattr(user, "pk", None) and export.status == Status.APPROVED
            and export.download_count < max_downloads()
            and (export.expires_at is None or timezone.now() < export.expires_at))
