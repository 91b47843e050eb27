"""Case work: what a caseworker types in about a person, as services (atomic, keyword-only `actor`,
audited, capability `EDIT_CASES` checked before the transaction opens so a denial's audit row stays).

The model of a case, decided here and documented in docs/casework.md:
- A case typed in is a `Record` of the installation's case-file source (`case_files`, kind
  `case_file`), like a row of any other source: the linker, search and review treat it the same way,
  and every fact shown on a person's page still names its source and record.
- The case-file source is created on first use as CONFIDENTIAL with a grant to the caseworker role:
  caseworkers read the cases they and their colleagues type in; analysts, reviewers and data
  managers do not unless a data manager grants it (administrators read everything).
- A new case opens a new person with a human link (`link_record`), which no linker run overrules;
  a case can also be added to a person already in the registry.
- Nothing is overwritten: edits of the case's fields go through `revise_record` (the earlier values,
  who, when and why stay as a revision); events, fate claims, notes and documents are added, never
  changed or removed. A wrong fact is answered by a new one, with a note saying why.

Only records of a case-file source are edited here: rows of imported sources are verbatim evidence
and change only through a corrected import."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from athar.accounts.permissions import check_capability
from athar.accounts.roles import Capability, Role
from athar.audit.models import Action
from athar.audit.services import record_event
from athar.interchange import PartialDate
from athar.registry.access import can_view_person, can_view_record
from athar.registry.choices import EventType, Fate, Sensitivity, SourceKind
from athar.registry.documents import check_document, remove_file, sha256_of, write_encrypted
from athar.registry.models import (
    CaseDocument,
    CaseNote,
    Event,
    FateClaim,
    Person,
    Record,
    RecordRevision,
    Source,
    SourceGrant,
)
from athar.registry.revisions import revise_record
from athar.registry.services import FATE_OF_EVENT, link_record, place_resolver

CASE_SOURCE_NAME = "case_files"
_ID_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

# The fields of a case, in the order Syrians give a name: given, father, grandfather, family, then
# the mother's name and family (which separates cousins who share the rest).
CASE_FIELDS: tuple[str, ...] = (
    "first_name", "father_name", "grandfather_name", "family_name", "mother_name", "mother_family_name",
    "sex", "birth_date", "birth_place", "governorate",
)
# Events a caseworker adds by hand (the interchange vocabulary minus what only imports produce).
CASE_EVENT_TYPES: tuple[str, ...] = (
    EventType.ARREST, EventType.TRANSFER, EventType.DETENTION_SIGHTING, EventType.TRIAL, EventType.RELEASE,
    EventType.DEATH_CERTIFICATE, EventType.TESTIMONY, EventType.MISSING_REPORT, EventType.OTHER,
)


class CaseError(ValueError):
    """A case operation that cannot be done as asked (the message says why, without personal data)."""


def _user_or_none(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _new_case_id() -> str:
    return "CASE-" + "".join(secrets.choice(_ID_ALPHABET) for _ in range(8))


def case_source(*, actor: Any = None) -> Source:
    """The installation's case-file source, created on first use (confidential, granted to the
    caseworker role; the grant is audited)."""
    source = Source.objects.filter(name=CASE_SOURCE_NAME).first()
    if source is not None:
        return source
    with transaction.atomic():
        source, created = Source.objects.get_or_create(
            name=CASE_SOURCE_NAME,
            defaults={"kind": SourceKind.CASE_FILE, "sensitivity": Sensitivity.CONFIDENTIAL,
                      "custody_notes": "Cases typed in by the organisation's caseworkers."})
        if created:
            grant = SourceGrant.objects.create(source=source, role=Role.CASEWORKER, granted_by=None)
            record_event(actor=actor, action=Action.GRANT, target_type="source", target_id=source.pk,
                         details={"grant": grant.pk, "role": Role.CASEWORKER, "reason": "case_files_default"})
    return source


def is_case_record(record: Record) -> bool:
    return record.source.kind == SourceKind.CASE_FILE


def _clean_values(values: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(CASE_FIELDS)
    if unknown:
        raise CaseError(f"not a case field: {sorted(unknown)}")
    cleaned: dict[str, Any] = {}
    for name in CASE_FIELDS:
        value = values.get(name)
        if name == "birth_date":
            cleaned[name] = value if isinstance(value, PartialDate) or value is None else PartialDate.parse(value)
        else:
            cleaned[name] = (value or "").strip()
    if not any(cleaned[n] for n in ("first_name", "father_name", "grandfather_name", "family_name")):
        raise CaseError("a case needs at least one part of the person's name")
    return cleaned


def _raw_row(record_id: str, source: Source, values: Mapping[str, Any]) -> dict[str, str]:
    """The case as typed, in the shape of a records-CSV row: the record's verbatim form."""
    row = {"record_id": record_id, "source": source.name}
    for name in CASE_FIELDS:
        value = values.get(name)
        row[name] = value.isoformat() if isinstance(value, PartialDate) else (value or "")
    return row


def open_case(values: Mapping[str, Any], *, actor: Any, person: Person | None = None,
              request: Any = None) -> Record:
    """Type in a case: a new record of the case-file source, linked by a human judgement to
    `person`, or to a new person when None. Returns the record (its `person` set)."""
    check_capability(actor, Capability.EDIT_CASES, request=request, target_type="person",
                     target_id=person.public_id if person else "")
    if person is not None and not can_view_person(actor, person):
        raise CaseError("no such person")  # a person the actor may not see is not there for them
    cleaned = _clean_values(values)
    source = case_source(actor=actor)
    resolver = place_resolver()
    with transaction.atomic():
        record_id = _new_case_id()
        while Record.objects.filter(source=source, record_id=record_id).exists():
            record_id = _new_case_id()
        record = Record.objects.create(
            source=source, record_id=record_id, raw=_raw_row(record_id, source, cleaned),
            resolved_birth_place_id=resolver.resolve(cleaned["birth_place"]),
            resolved_governorate_id=resolver.resolve_governorate(cleaned["governorate"]),
            **cleaned)
        is_new_person = person is None
        target = person if person is not None else Person.objects.create()
        link_record(record, target, actor=_user_or_none(actor))
        record_event(actor=actor, action=Action.CREATE, target_type="record", target_id=record.pk,
                     request=request, details={"person": target.public_id, "new_person": is_new_person,
                                               "source": source.pk})
    record.refresh_from_db()
    return record


def _check_case_record(record: Record, actor: Any, request: Any) -> None:
    check_capability(actor, Capability.EDIT_CASES, request=request, target_type="record", target_id=record.pk)
    if not can_view_record(actor, record):
        raise CaseError("no such record")
    if not is_case_record(record):
        raise CaseError("only records of a case file are edited here; a source's rows change by re-import")


def edit_case(record: Record, values: Mapping[str, Any], *, actor: Any, reason: str = "",
              request: Any = None) -> RecordRevision | None:
    """Change a case's fields, keeping the earlier values as a revision (who, when, why). None when
    nothing changed."""
    _check_case_record(record, actor, request)
    cleaned = _clean_values(values)
    resolver = place_resolver()
    with transaction.atomic():
        revision = revise_record(record, values=cleaned, raw=_raw_row(record.record_id, record.source, cleaned),
                                 actor=actor, reason=reason, request=request)
        if revision is not None:
            Record.objects.filter(pk=record.pk).update(
                resolved_birth_place_id=resolver.resolve(cleaned["birth_place"]),
                resolved_governorate_id=resolver.resolve_governorate(cleaned["governorate"]))
            if record.person_id:
                from athar.registry.services import refresh_display_names

                refresh_display_names({record.person_id})
    return revision


@dataclass(frozen=True)
class AddedEvent:
    event: Event
    claim: FateClaim | None


def add_event(record: Record, *, event_type: str, date: PartialDate | None = None, place_text: str = "",
              description: str = "", actor: Any, request: Any = None) -> AddedEvent:
    """Add an event to a case. Its fate claim follows the same rule as an imported row's (a death
    certificate claims deceased, a sighting detained, a release released), with this event as
    evidence."""
    EventType(event_type)
    _check_case_record(record, actor, request)
    with transaction.atomic():
        event = Event.objects.create(
            event_type=event_type, date=date, place_text=place_text.strip(),  # type: ignore[misc]
            place_id=place_resolver().resolve(place_text.strip()), person_id=record.person_id, record=record,
            description=description.strip(), created_by=_user_or_none(actor))
        claim = None
        fate = FATE_OF_EVENT.get(event_type)
        if fate is not None:
            claim = FateClaim.objects.create(
                fate=fate, claimed_on=date, person_id=record.person_id, event=event, record=record,  # type: ignore[misc]
                source_id=record.source_id, created_by=_user_or_none(actor))
        record_event(actor=actor, action=Action.CREATE, target_type="event", target_id=event.pk, request=request,
                     details={"record": record.pk, "event_type": event_type, "claim": claim.pk if claim else None})
    return AddedEvent(event=event, claim=claim)


def add_fate_claim(record: Record, *, fate: str, claimed_on: PartialDate | None = None, evidence: str,
                   event: Event | None = None, actor: Any, request: Any = None) -> FateClaim:
    """Add a fate claim to a case with the evidence it rests on (required: a claim without evidence
    is a rumour). A claim that contradicts others is kept beside them, never instead of them."""
    Fate(fate)
    _check_case_record(record, actor, request)
    if not evidence.strip():
        raise CaseError("a fate claim needs its evidence")
    if event is not None and event.record_id != record.pk:
        raise CaseError("the event belongs to another record")
    with transaction.atomic():
        claim = FateClaim.objects.create(
            fate=fate, claimed_on=claimed_on, person_id=record.person_id, event=event,  # type: ignore[misc]
            record=record, source_id=record.source_id, evidence=evidence.strip(), created_by=_user_or_none(actor))
        record_event(actor=actor, action=Action.CREATE, target_type="fate_claim", target_id=claim.pk,
                     request=request, details={"record": record.pk, "fate": fate})
    return claim


def add_note(record: Record, *, text: str, actor: Any, request: Any = None) -> CaseNote:
    _check_case_record(record, actor, request)
    if not text.strip():
        raise CaseError("the note is empty")
    with transaction.atomic():
        note = CaseNote.objects.create(record=record, text=text.strip(), created_by=_user_or_none(actor))
        record_event(actor=actor, action=Action.CREATE, target_type="case_note", target_id=note.pk,
                     request=request, details={"record": record.pk})
    return note


def add_document(record: Record, *, data: bytes, file_name: str, description: str = "", actor: Any,
                 request: Any = None) -> CaseDocument:
    """Keep a photo, scan or PDF for a case: type checked from its bytes, SHA-256 recorded, bytes
    encrypted under the data directory. The file is written before the row; if the row cannot be
    written the file is removed, so nothing is left half-stored."""
    _check_case_record(record, actor, request)
    content_type = check_document(data)
    public_id = secrets.token_hex(16)
    write_encrypted(public_id, data)
    try:
        with transaction.atomic():
            document = CaseDocument.objects.create(
                public_id=public_id, record=record, file_name=file_name.rsplit("/", 1)[-1][:255] or "document",
                description=description.strip(), content_type=content_type, size=len(data),
                sha256=sha256_of(data), created_by=_user_or_none(actor))
            record_event(actor=actor, action=Action.CREATE, target_type="case_document", target_id=public_id,
                         request=request, details={"record": record.pk, "sha256": document.sha256,
                                                   "bytes": len(data), "type": content_type})
    except BaseException:
        remove_file(public_id)
        raise
    return document
