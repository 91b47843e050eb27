"""Every write of the UN app. Each service checks MANAGE_SUBMISSIONS before its transaction opens
(so a denial's audit row is kept), runs atomically, takes the acting user as keyword-only `actor`
(None: the command line) and writes its audit row in the same transaction. Audit details carry ids,
field names and codes, never the text entered.

- case files: `get_or_create_case`, `update_case`, `add_step`, `withdraw_step`
- generation: `generate_communication` (refused while an element is missing or without consent)
- tracking: `mark_sent`, `change_status` (the lifecycle table of mechanisms.toml),
  `record_correspondence` (a government reply claiming a fate becomes a registry record of the
  "un_correspondence" source, linked to the person, whose event carries the fate claim),
  `update_submission`."""

from __future__ import annotations

import datetime
import hashlib
import json
from typing import Any, cast

from django.db import transaction
from django.utils import timezone

from athar.accounts.permissions import check_capability
from athar.accounts.roles import ROLE_CAPABILITIES, Capability
from athar.audit.models import Action
from athar.audit.services import record_event
from athar.interchange import EventType as InterchangeEventType
from athar.interchange import PartialDate, RecordRow
from athar.registry.access import visible_person_records
from athar.registry.choices import Fate, Sensitivity
from athar.registry.grants import grant_source, set_sensitivity
from athar.registry.models import Person, Source
from athar.registry.services import add_records, get_or_create_sources, link_record
from athar.tracing.consent import has_consent
from athar.un import config, storage
from athar.un.choices import CorrespondenceKind, DocumentFormat, Language, Mechanism, StepType
from athar.un.columns import ColumnReport, case_values
from athar.un.errors import BadTransition, NoConsent, NotReady, SubmissionError
from athar.un.models import (
    CaseFile,
    Communication,
    CommunicationFile,
    Correspondence,
    DomesticStep,
    StatusChange,
    Submission,
)
from athar.un.payload import build_payload
from athar.un.queries import assess
from athar.un.render import render_docx, render_json, render_pdf

CORRESPONDENCE_SOURCE = "un_correspondence"
# The event a government reply's claimed fate is recorded as (athar.registry derives the claim).
EVENT_OF_FATE: dict[str, InterchangeEventType] = {
    Fate.DECEASED: InterchangeEventType.DEATH_REPORT,
    Fate.RELEASED: InterchangeEventType.RELEASE,
    Fate.DETAINED: InterchangeEventType.DETENTION_SIGHTING,
}
CASE_FIELDS = (
    "name_latin", "nationality", "occupation", "residence", "disappearance_event", "perpetrator_type",
    "forces_responsible", "forces_description", "attribution_reasoning", "witnesses", "no_steps_reason",
    "submitting_organisation", "source_relation", "warrant_shown", "issuing_authority", "reasons_given",
    "legal_basis", "detaining_authority", "proceedings", "wgad_categories", "arbitrariness_argument",
    "treatment", "injuries", "medical_care", "visits", "narrative", "summary_ar", "other_bodies_seized",
)


def _user(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _check(actor: Any, person: Person, request: Any = None) -> None:
    check_capability(actor, Capability.MANAGE_SUBMISSIONS, request=request, target_type="person",
                     target_id=person.public_id)


# --- case files -------------------------------------------------------------------------------


def get_or_create_case(person: Person, *, actor: Any, request: Any = None) -> CaseFile:
    _check(actor, person, request)
    with transaction.atomic():
        case, created = CaseFile.objects.get_or_create(person=person, defaults={"updated_by": _user(actor)})
        if created:
            record_event(actor=actor, action=Action.CREATE, target_type="person", target_id=person.public_id,
                         request=request, details={"un_case": case.pk})
        return case


def update_case(case: CaseFile, *, values: dict[str, Any], actor: Any, request: Any = None) -> CaseFile:
    """Set the given case fields (names from CASE_FIELDS); audits which fields changed, not their text."""
    unknown = set(values) - set(CASE_FIELDS)
    if unknown:
        raise ValueError(f"not case fields: {sorted(unknown)}")
    _check(actor, case.person, request)
    event = values.get("disappearance_event")
    if event is not None and event.person_id != case.person_id:
        raise SubmissionError("the disappearance event must be one of the person's events", code="bad_event")
    with transaction.atomic():
        changed = [name for name, value in values.items() if getattr(case, name) != value]
        for name in changed:
            setattr(case, name, values[name])
        if changed or case.pk is None:
            case.updated_by = _user(actor)
            case.save()
            record_event(actor=actor, action=Action.EDIT, target_type="person", target_id=case.person.public_id,
                         request=request, details={"un_case": case.pk, "fields": sorted(changed)})
        return case


def add_step(case: CaseFile, *, step_type: str, taken_on: PartialDate | None = None, taken_by: str = "",
             authority: str = "", outcome: str = "", actor: Any, request: Any = None) -> DomesticStep:
    StepType(step_type)
    _check(actor, case.person, request)
    with transaction.atomic():
        if case.pk is None:
            case.save()
        when: Any = taken_on  # a PartialDate: PartialDateField's stubs see a CharField
        step = DomesticStep.objects.create(case=case, step_type=step_type, taken_on=when, taken_by=taken_by,
                                           authority=authority, outcome=outcome, created_by=_user(actor))
        record_event(actor=actor, action=Action.CREATE, target_type="person", target_id=case.person.public_id,
                     request=request, details={"un_case": case.pk, "un_step": step.pk})
        return step


def withdraw_step(step: DomesticStep, *, actor: Any, request: Any = None) -> DomesticStep:
    _check(actor, step.case.person, request)
    with transaction.atomic():
        if step.withdrawn_at is None:
            step.withdrawn_at = timezone.now()
            step.save(update_fields=["withdrawn_at"])
            record_event(actor=actor, action=Action.EDIT, target_type="person", target_id=step.case.person.public_id,
                         request=request, details={"un_step": step.pk, "withdrawn": True})
        return step


def fill_case_from_records(person: Person, *, actor: Any, request: Any = None) -> ColumnReport:
    """Fill the case file's EMPTY fields from the optional un_* columns of the person's records (those
    the actor may read), and add the steps they list that the case does not have yet. A field already
    filled is never overwritten; records that disagree fill nothing (see athar.un.columns). Returns
    the ColumnReport, with `filled` (field names) and `steps_added` set."""
    _check(actor, person, request)
    records = visible_person_records(actor, person).select_related("source").order_by("source__name", "record_id")
    report = case_values(records)
    with transaction.atomic():
        case, _ = CaseFile.objects.get_or_create(person=person, defaults={"updated_by": _user(actor)})
        filled = sorted(name for name, value in report.values.items() if not getattr(case, name) and value)
        for name in filled:
            setattr(case, name, report.values[name])
        existing: set[tuple[Any, ...]] = {(s.step_type, s.taken_on, s.taken_by, s.authority, s.outcome)
                    for s in case.steps.filter(withdrawn_at__isnull=True)}
        added = 0
        for step in report.steps:
            key = (step.step_type, step.taken_on, step.taken_by, step.authority, step.outcome)
            if key in existing:
                continue
            existing.add(key)
            when: Any = step.taken_on
            DomesticStep.objects.create(case=case, step_type=step.step_type, taken_on=when,
                                        taken_by=step.taken_by, authority=step.authority, outcome=step.outcome,
                                        created_by=_user(actor))
            added += 1
        if filled:
            case.updated_by = _user(actor)
            case.save()
        record_event(actor=actor, action=Action.EDIT, target_type="person", target_id=person.public_id,
                     request=request, details={"un_case": case.pk, "from_records": True, "fields": filled,
                                               "steps_added": added, "conflicts": sorted(report.conflicts),
                                               "problems": len(report.problems)})
    report.filled, report.steps_added = filled, added
    return report


# --- generation -------------------------------------------------------------------------------


def generate_communication(person: Person, mechanism: str, *, language: str = Language.EN,
                           with_arabic_summary: bool = False, actor: Any, request: Any = None,
                           today: datetime.date | None = None) -> Communication:
    """Generate version N+1 of the person's communication to `mechanism`: the JSON copy, DOCX and
    PDF, stored encrypted with their SHA-256, attached to the person's unsent submission to that
    mechanism (created, READY, when there is none). Refused (NotReady, NoConsent) while a required
    element is missing or the family's consent for this recipient is not granted at this moment."""
    Mechanism(mechanism)
    Language(language)
    _check(actor, person, request)
    facts, ready = assess(person, mechanism, actor=actor)
    if ready.missing:
        raise NotReady(f"{mechanism}: missing " + ", ".join(i.element for i in ready.missing),
                       missing=[i.element for i in ready.missing])
    if with_arabic_summary and not facts.case.summary_ar.strip():
        raise NotReady("the Arabic summary was asked for but the case has none", missing=["summary_ar"])
    # Asked at the moment of use and audited whatever the answer (outside the transaction, so a
    # refusal's audit row is kept).
    if not has_consent(person, mechanism, actor=actor, purpose="un_submission", request=request):
        raise NoConsent(f"{mechanism}: the family's consent for this recipient is not granted")
    today = today or timezone.localdate()
    payload = build_payload(facts, mechanism, language=language, with_arabic_summary=with_arabic_summary,
                            today=today)
    rendered = {DocumentFormat.JSON: render_json(payload), DocumentFormat.DOCX: render_docx(payload),
                DocumentFormat.PDF: render_pdf(payload)}
    written: list[str] = []
    try:
        with transaction.atomic():
            last = (Communication.objects.select_for_update().filter(person=person, mechanism=mechanism)
                    .order_by("-version").first())
            version = (last.version + 1) if last else 1
            submission = _open_submission(person, mechanism, language=language, actor=actor)
            communication = Communication.objects.create(
                person=person, mechanism=mechanism, version=version, language=language,
                with_arabic_summary=with_arabic_summary, payload=cast(Any, payload),
                payload_sha256=hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True)
                                              .encode("utf-8")).hexdigest(),
                layout_version=config.mechanism(mechanism)["layout_version"], submission=submission,
                created_by=_user(actor))
            for fmt, data in rendered.items():
                relative = f"un/{person.public_id}/{mechanism}-v{version}-{communication.pk}.{fmt}.enc"
                digest = storage.store(relative, data)
                written.append(relative)
                CommunicationFile.objects.create(communication=communication, format=fmt, path=relative,
                                                 sha256=digest, size=len(data))
            record_event(actor=actor, action=Action.GENERATE, target_type="person", target_id=person.public_id,
                         request=request, details={"communication": communication.pk, "mechanism": mechanism,
                                                   "version": version, "language": language,
                                                   "submission": submission.pk})
            return communication
    except Exception:
        for relative in written:
            storage.discard(relative)
        raise


def _open_submission(person: Person, mechanism: str, *, language: str, actor: Any) -> Submission:
    submission = (Submission.objects.filter(person=person, mechanism=mechanism, status__in=["DRAFT", "READY"])
                  .order_by("-created_at", "-id").first())
    if submission is None:
        submission = Submission.objects.create(
            person=person, mechanism=mechanism, procedure=config.mechanism(mechanism)["default_procedure"],
            status="DRAFT", language=language, created_by=_user(actor))
        record_event(actor=actor, action=Action.CREATE, target_type="person", target_id=person.public_id,
                     details={"submission": submission.pk, "mechanism": mechanism})
    if submission.status == "DRAFT":
        _transition(submission, "READY", occurred_on=timezone.localdate(), actor=actor)
    return submission


def file_of(communication: Communication, fmt: str) -> tuple[bytes, CommunicationFile]:
    stored = communication.files.get(format=fmt)
    return storage.load(stored.path, sha256=stored.sha256), stored


def letter_file(letter: Correspondence) -> bytes:
    """The stored scan of a letter, decrypted and checked against its SHA-256."""
    if not letter.file_path:
        raise SubmissionError("this letter has no stored file", code="no_file")
    return storage.load(letter.file_path, sha256=letter.file_sha256)


# --- tracking ---------------------------------------------------------------------------------


def _transition(submission: Submission, to_status: str, *, occurred_on: datetime.date, actor: Any,
                note: str = "", correspondence: Correspondence | None = None, request: Any = None) -> StatusChange:
    allowed = config.allowed_next(submission.mechanism, submission.status)
    if to_status not in allowed:
        raise BadTransition(f"{submission.mechanism}: {submission.status} cannot become {to_status} "
                            f"(allowed: {', '.join(allowed) or 'none'})")
    change = StatusChange.objects.create(submission=submission, from_status=submission.status, to_status=to_status,
                                         occurred_on=occurred_on, note=note, correspondence=correspondence,
                                         recorded_by=_user(actor))
    submission.status = to_status
    date_field = config.statuses(submission.mechanism)[to_status].get("date")
    if date_field:
        setattr(submission, date_field, occurred_on)
    submission.save()
    record_event(actor=actor, action=Action.EDIT, target_type="person", target_id=submission.person.public_id,
                 request=request, details={"submission": submission.pk, "from": change.from_status,
                                           "to": to_status, "status_change": change.pk})
    return change


def change_status(submission: Submission, to_status: str, *, occurred_on: datetime.date, actor: Any,
                  note: str = "", request: Any = None) -> StatusChange:
    """Move a submission along its lifecycle; refused (BadTransition) when the table does not allow it.
    SENT goes through `mark_sent`, which records what was sent."""
    _check(actor, submission.person, request)
    if to_status == "SENT" and submission.status == "READY":
        raise BadTransition("use mark_sent: sending records the communication, channel and address")
    if to_status == "READY":
        _, ready = assess(submission.person, submission.mechanism, actor=actor)
        if not ready.is_ready:
            raise NotReady(f"{submission.mechanism}: not ready", missing=[i.element for i in ready.missing])
    with transaction.atomic():
        return _transition(submission, to_status, occurred_on=occurred_on, actor=actor, note=note, request=request)


def mark_sent(submission: Submission, *, communication: Communication, sent_on: datetime.date, channel: str,
              address_used: str, actor: Any, request: Any = None) -> Submission:
    """The submission was dispatched (by a person: athar never e-mails the UN): freeze the
    communication sent, record the channel and the exact address used."""
    _check(actor, submission.person, request)
    if communication.person_id != submission.person_id or communication.mechanism != submission.mechanism:
        raise SubmissionError("the communication belongs to another case or mechanism", code="bad_communication")
    if not address_used.strip():
        raise SubmissionError("the address actually used is required", code="address_required")
    # Consent is asked again when the case leaves the organisation.
    if not has_consent(submission.person, submission.mechanism, actor=actor, purpose="un_submission",
                       request=request):
        raise NoConsent(f"{submission.mechanism}: the family's consent for this recipient is not granted")
    with transaction.atomic():
        submission.sent_communication = communication
        submission.channel = channel[:40]
        submission.address_used = address_used[:200]
        submission.language = communication.language
        _transition(submission, "SENT", occurred_on=sent_on, actor=actor, request=request)
        return submission


def update_submission(submission: Submission, *, values: dict[str, Any], actor: Any,
                      request: Any = None) -> Submission:
    allowed = {"reference", "procedure", "comments_due_on", "opinion_number", "acknowledged_on"}
    if set(values) - allowed:
        raise ValueError(f"not editable here: {sorted(set(values) - allowed)}")
    if "procedure" in values and values["procedure"] not in config.mechanism(submission.mechanism)["procedures"]:
        raise SubmissionError("unknown procedure for this mechanism", code="bad_procedure")
    _check(actor, submission.person, request)
    with transaction.atomic():
        changed = [k for k, v in values.items() if getattr(submission, k) != v]
        for key in changed:
            setattr(submission, key, values[key])
        if changed:
            submission.save()
            record_event(actor=actor, action=Action.EDIT, target_type="person",
                         target_id=submission.person.public_id, request=request,
                         details={"submission": submission.pk, "fields": sorted(changed)})
        return submission


def _correspondence_source() -> Source:
    """The registry source holding what UN letters claim. Created on first use as confidential and
    granted to the roles that handle submissions (a setup step of the installation, audited as the
    command line's)."""
    existing = Source.objects.filter(name=CORRESPONDENCE_SOURCE).first()
    if existing is not None:
        return existing
    source = get_or_create_sources([CORRESPONDENCE_SOURCE])[CORRESPONDENCE_SOURCE]
    set_sensitivity(source, Sensitivity.CONFIDENTIAL, actor=None)
    for role, capabilities in ROLE_CAPABILITIES.items():
        if Capability.MANAGE_SUBMISSIONS in capabilities:
            grant_source(source, actor=None, role=role)
    return source


def record_correspondence(submission: Submission, *, kind: str, received_on: datetime.date, reference: str = "",
                          summary: str = "", new_status: str = "", claimed_fate: str = "",
                          claimed_on: PartialDate | None = None, opinion_number: str = "",
                          upload: bytes | None = None, file_name: str = "", actor: Any,
                          request: Any = None) -> Correspondence:
    """A letter received about a submission. An acknowledgement sets the acknowledgement date (and
    the UN reference when the submission has none); `new_status` moves the lifecycle on with this
    letter as its evidence; a government reply with `claimed_fate` becomes a record of the
    un_correspondence source, linked to the person, whose event carries the registry's fate claim."""
    CorrespondenceKind(kind)
    if claimed_fate:
        if kind != CorrespondenceKind.GOVERNMENT_REPLY:
            raise SubmissionError("only a government reply records a claimed fate here", code="bad_fate")
        if claimed_fate not in EVENT_OF_FATE:
            raise SubmissionError(f"a claimed fate must be one of {', '.join(EVENT_OF_FATE)}", code="bad_fate")
    _check(actor, submission.person, request)
    with transaction.atomic():
        letter = Correspondence.objects.create(
            submission=submission, kind=kind, received_on=received_on, reference=reference[:100],
            summary=summary, claimed_fate=claimed_fate, claimed_on=cast(Any, claimed_on), recorded_by=_user(actor),
            file_name=file_name[:255])
        if upload is not None:
            relative = f"un/{submission.person.public_id}/letter-{letter.pk}.enc"
            letter.file_sha256 = storage.store(relative, upload)
            letter.file_path = relative
        if claimed_fate:
            letter.record = _fate_record(submission, letter, actor=actor)
        letter.save()
        updates: dict[str, Any] = {}
        if kind == CorrespondenceKind.ACKNOWLEDGEMENT and submission.acknowledged_on is None:
            updates["acknowledged_on"] = received_on
        if reference and not submission.reference:
            updates["reference"] = reference[:100]
        if opinion_number:
            updates["opinion_number"] = opinion_number[:40]
        for key, value in updates.items():
            setattr(submission, key, value)
        if updates:
            submission.save()
        record_event(actor=actor, action=Action.CREATE, target_type="person", target_id=submission.person.public_id,
                     request=request, details={"submission": submission.pk, "correspondence": letter.pk,
                                               "kind": kind, "fate": claimed_fate,
                                               "record": letter.record_id, "fields": sorted(updates)})
        if new_status:
            _transition(submission, new_status, occurred_on=received_on, actor=actor, correspondence=letter,
                        request=request)
        return letter


def _fate_record(submission: Submission, letter: Correspondence, *, actor: Any) -> Any:
    source = _correspondence_source()
    record_id = f"UN-{submission.mechanism.upper()}-{submission.pk}-{letter.pk}"
    claimed_on = cast(PartialDate | None, letter.claimed_on)
    raw = {"record_id": record_id, "source": source.name,
           "event_type": str(EVENT_OF_FATE[letter.claimed_fate]),
           "event_date": claimed_on.isoformat() if claimed_on else "",
           "un_mechanism": submission.mechanism, "un_submission": str(submission.pk),
           "un_correspondence": str(letter.pk), "un_reference": submission.reference or letter.reference,
           "un_letter_kind": letter.kind, "un_received_on": letter.received_on.isoformat()}
    row = RecordRow(file="un-correspondence", row=0, raw=raw, source=source.name, record_id=record_id,
                    event_type=EVENT_OF_FATE[letter.claimed_fate], event_date=claimed_on)
    (record,) = add_records([row], sources={source.name: source})
    link_record(record, submission.person, actor=_user(actor))
    return record
