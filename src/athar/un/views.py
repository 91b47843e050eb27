"""Pages of UN submissions. Thin: find the person the user may see (404 otherwise, as the person
page does), call a query or a service, render. Every page that shows a case is audited; URLs carry
ids only."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from athar.accounts.permissions import require_capability
from athar.accounts.roles import Capability
from athar.audit.models import Action, Outcome
from athar.audit.services import record_event
from athar.registry.access import show_visible_names, visible_person_records, visible_persons
from athar.registry.models import Event, Person
from athar.registry.queries import find_person
from athar.tracing.consent import current_consent
from athar.un import config, services
from athar.un.choices import Mechanism
from athar.un.errors import SubmissionError
from athar.un.forms import (
    CaseForm,
    CorrespondenceForm,
    GenerateForm,
    SentForm,
    StatusForm,
    StepForm,
    SubmissionDetailsForm,
)
from athar.un.models import Communication, Correspondence, DomesticStep, Submission
from athar.un.queries import assess, case_of, deadlines_of, due_items, wgeid_urgency, without_consent

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "json": "application/json",
}


def _language() -> str:
    return "ar" if (get_language() or "ar").startswith("ar") else "en"


def _visible_person(request: HttpRequest, public_id: str) -> Person:
    person = find_person(public_id)
    if person is not None and not visible_persons(request.user).filter(pk=person.pk).exists():
        record_event(actor=request.user, action=Action.VIEW, outcome=Outcome.DENIED, request=request,
                     target_type="person", target_id=person.public_id)
        person = None
    if person is None:
        raise Http404
    show_visible_names(request.user, [person])  # the heading's name, from readable records only
    return person


def _statuses(mechanism: str, codes: list[str]) -> list[tuple[str, str]]:
    return [(code, config.status_label(mechanism, code, _language())) for code in codes]


@require_capability(Capability.MANAGE_SUBMISSIONS)
def case_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    person = _visible_person(request, public_id)
    if person.public_id != public_id:
        return redirect("un:case", public_id=person.public_id)
    record_event(actor=request.user, action=Action.VIEW, request=request, target_type="person",
                 target_id=person.public_id, details={"page": "un_case"})
    panels = []
    facts = None
    for mechanism in Mechanism:
        facts, ready = assess(person, mechanism.value, actor=request.user)
        urgency = wgeid_urgency(facts, timezone.localdate()) if mechanism == Mechanism.WGEID else None
        panels.append({"mechanism": mechanism.value, "label": mechanism.label, "readiness": ready, "urgency": urgency,
                       "form": GenerateForm(initial={"mechanism": mechanism.value, "language": "en"})})
    communications = Communication.objects.filter(person=person).prefetch_related("files").order_by(
        "mechanism", "-version")
    submissions = Submission.objects.filter(person=person).order_by("-created_at")
    return render(request, "un/case_detail.html", {
        "person": person, "facts": facts, "panels": panels, "communications": communications,
        "submissions": [{"s": s, "label": config.status_label(s.mechanism, s.status, _language())}
                        for s in submissions],
        "lang": _language(),
    })


@require_capability(Capability.MANAGE_SUBMISSIONS)
def case_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    person = _visible_person(request, public_id)
    case = case_of(person)
    visible = visible_person_records(request.user, person)
    events = Event.objects.filter(person=person, record__in=visible).order_by("date", "id")
    if request.method == "POST":
        form = CaseForm(request.POST, instance=case, events=events)
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in services.CASE_FIELDS}
            case = services.get_or_create_case(person, actor=request.user, request=request)
            services.update_case(case, values=values, actor=request.user, request=request)
            messages.success(request, _("The case was saved."))
            return redirect("un:case", public_id=person.public_id)
    else:
        # Unsaved changes are not kept by the instance: read it again from the database.
        form = CaseForm(instance=case, events=events)
        record_event(actor=request.user, action=Action.VIEW, request=request, target_type="person",
                     target_id=person.public_id, details={"page": "un_case_edit"})
    steps = DomesticStep.objects.filter(case=case, withdrawn_at__isnull=True) if case.pk else []
    return render(request, "un/case_edit.html", {"person": person, "form": form, "steps": steps,
                                                 "step_form": StepForm()})


@require_POST
@require_capability(Capability.MANAGE_SUBMISSIONS)
def step_add(request: HttpRequest, public_id: str) -> HttpResponse:
    person = _visible_person(request, public_id)
    form = StepForm(request.POST)
    if form.is_valid():
        case = services.get_or_create_case(person, actor=request.user, request=request)
        services.add_step(case, actor=request.user, request=request, **form.cleaned_data)
        messages.success(request, _("The step was added."))
    else:
        messages.error(request, _("The step was not added: check the date."))
    return redirect(f"/un/persons/{person.public_id}/edit/#steps")


@require_POST
@require_capability(Capability.MANAGE_SUBMISSIONS)
def fill_from_records(request: HttpRequest, public_id: str) -> HttpResponse:
    person = _visible_person(request, public_id)
    report = services.fill_case_from_records(person, actor=request.user, request=request)
    messages.success(request, _("Filled from the records: %(fields)s; steps added: %(steps)d.") % {
        "fields": ", ".join(report.filled) or "—", "steps": report.steps_added})
    if report.conflicts:
        messages.warning(request, _("The records disagree on: %(fields)s. Nothing was decided for these.") % {
            "fields": ", ".join(sorted(report.conflicts))})
    for problem in report.problems:
        messages.error(request, problem)
    return redirect("un:case_edit", public_id=person.public_id)


@require_POST
@require_capability(Capability.MANAGE_SUBMISSIONS)
def step_withdraw(request: HttpRequest, public_id: str, step_id: int) -> HttpResponse:
    person = _visible_person(request, public_id)
    step = get_object_or_404(DomesticStep, pk=step_id, case__person=person)
    services.withdraw_step(step, actor=request.user, request=request)
    return redirect(f"/un/persons/{person.public_id}/edit/#steps")


@require_POST
@require_capability(Capability.MANAGE_SUBMISSIONS)
def generate(request: HttpRequest, public_id: str) -> HttpResponse:
    person = _visible_person(request, public_id)
    form = GenerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a mechanism and a language."))
        return redirect("un:case", public_id=person.public_id)
    try:
        communication = services.generate_communication(
            person, form.cleaned_data["mechanism"], language=form.cleaned_data["language"],
            with_arabic_summary=form.cleaned_data["with_arabic_summary"], actor=request.user, request=request)
    except SubmissionError as exc:
        messages.error(request, _error_message(exc))
        return redirect("un:case", public_id=person.public_id)
    return redirect("un:communication", pk=communication.pk)


def _error_message(exc: SubmissionError, *, sending: bool = False) -> str:
    if exc.code == "not_ready":
        return _("Not generated: required elements are missing (see the list).")
    if exc.code == "no_consent" and sending:
        return _("Not recorded as sent: the family has not given (or has withdrawn) consent for this mechanism. "
                 "Do not send it.")
    if exc.code == "no_consent":
        return _("Not generated: the family has not given (or has withdrawn) consent for this mechanism.")
    if exc.code == "bad_transition":
        return _("That status cannot follow the current one.")
    return _("The action was refused: %(code)s") % {"code": exc.code}


def _communication_for(request: HttpRequest, pk: int) -> Communication:
    communication = get_object_or_404(Communication.objects.select_related("person", "submission"), pk=pk)
    _visible_person(request, communication.person.public_id)
    return communication


def _consent_in_force(communication: Communication) -> bool:
    """Shown beside the "record as sent" form (read, not audited: recording it as sent asks again
    through has_consent, audited)."""
    consent = current_consent(communication.person, communication.mechanism)
    return consent is not None and consent.is_granted


@require_capability(Capability.MANAGE_SUBMISSIONS)
def communication_detail(request: HttpRequest, pk: int) -> HttpResponse:
    communication = _communication_for(request, pk)
    record_event(actor=request.user, action=Action.VIEW, request=request, target_type="person",
                 target_id=communication.person.public_id, details={"communication": communication.pk})
    submission = communication.submission
    sent_form = None
    if submission is not None and submission.status == "READY":
        sent_form = SentForm(mechanism=communication.mechanism, initial={"sent_on": timezone.localdate()})
    return render(request, "un/communication_detail.html", {
        "c": communication, "files": communication.files.all(), "submission": submission, "sent_form": sent_form,
        "payload": communication.payload, "consent_in_force": _consent_in_force(communication),
    })


@require_capability(Capability.MANAGE_SUBMISSIONS)
def communication_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    communication = _communication_for(request, pk)
    if fmt not in CONTENT_TYPES:
        raise Http404
    data, stored = services.file_of(communication, fmt)
    record_event(actor=request.user, action=Action.EXPORT, request=request, target_type="person",
                 target_id=communication.person.public_id,
                 details={"communication": communication.pk, "format": fmt, "sha256": stored.sha256})
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    name = f"{communication.person.public_id}-{communication.mechanism}-v{communication.version}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@require_capability(Capability.MANAGE_SUBMISSIONS)
def mark_sent(request: HttpRequest, pk: int) -> HttpResponse:
    communication = _communication_for(request, pk)
    submission = communication.submission
    if submission is None:
        raise Http404
    form = SentForm(request.POST, mechanism=communication.mechanism)
    if form.is_valid():
        try:
            services.mark_sent(submission, communication=communication, actor=request.user, request=request,
                               **form.cleaned_data)
        except SubmissionError as exc:
            messages.error(request, _error_message(exc, sending=True))
            return redirect("un:communication", pk=communication.pk)
        messages.success(request, _("Recorded as sent."))
        return redirect("un:submission", pk=submission.pk)
    messages.error(request, _("Give the date, the channel and the address used."))
    return redirect("un:communication", pk=communication.pk)


def _submission_for(request: HttpRequest, pk: int) -> Submission:
    submission = get_object_or_404(Submission.objects.select_related("person"), pk=pk)
    _visible_person(request, submission.person.public_id)
    return submission


@require_capability(Capability.MANAGE_SUBMISSIONS)
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _submission_for(request, pk)
    if request.method == "POST":
        return _submission_post(request, submission)
    record_event(actor=request.user, action=Action.VIEW, request=request, target_type="person",
                 target_id=submission.person.public_id, details={"submission": submission.pk})
    return _render_submission(request, submission)


def _render_submission(request: HttpRequest, submission: Submission, **forms: Any) -> HttpResponse:
    next_statuses = _statuses(submission.mechanism, [
        s for s in config.allowed_next(submission.mechanism, submission.status) if s != "SENT"
        or submission.status != "READY"])
    today = timezone.localdate()
    context = {
        "s": submission,
        "status_label": config.status_label(submission.mechanism, submission.status, _language()),
        "history": [{"change": c, "from": config.status_label(submission.mechanism, c.from_status, _language()),
                     "to": config.status_label(submission.mechanism, c.to_status, _language())}
                    for c in submission.status_changes.order_by("recorded_at", "id")],
        "letters": submission.correspondence.select_related("record").order_by("received_on", "id"),
        "deadlines": deadlines_of(submission, today),
        "lang": _language(),
        "correspondence_form": forms.get("correspondence_form") or CorrespondenceForm(
            next_statuses=next_statuses, initial={"received_on": today}),
        "status_form": forms.get("status_form") or (StatusForm(next_statuses=next_statuses, initial={
            "occurred_on": today}) if next_statuses else None),
        "details_form": forms.get("details_form") or SubmissionDetailsForm(mechanism=submission.mechanism, initial={
            "reference": submission.reference, "procedure": submission.procedure,
            "comments_due_on": submission.comments_due_on, "opinion_number": submission.opinion_number}),
        "consent": current_consent(submission.person, submission.mechanism),
    }
    return render(request, "un/submission_detail.html", context)


def _submission_post(request: HttpRequest, submission: Submission) -> HttpResponse:
    action = request.POST.get("action", "")
    next_statuses = _statuses(submission.mechanism, config.allowed_next(submission.mechanism, submission.status))
    try:
        if action == "correspondence":
            form = CorrespondenceForm(request.POST, request.FILES, next_statuses=next_statuses)
            if not form.is_valid():
                return _render_submission(request, submission, correspondence_form=form)
            data = form.cleaned_data
            upload = data["document"]
            services.record_correspondence(
                submission, kind=data["kind"], received_on=data["received_on"], reference=data["reference"],
                summary=data["summary"], new_status=data["new_status"], claimed_fate=data["claimed_fate"],
                claimed_on=data["claimed_on"], opinion_number=data["opinion_number"],
                upload=upload.read() if upload else None, file_name=upload.name if upload else "",
                actor=request.user, request=request)
            messages.success(request, _("The letter was recorded."))
        elif action == "status":
            status_form = StatusForm(request.POST, next_statuses=next_statuses)
            if not status_form.is_valid():
                return _render_submission(request, submission, status_form=status_form)
            services.change_status(submission, status_form.cleaned_data["to_status"],
                                   occurred_on=status_form.cleaned_data["occurred_on"],
                                   note=status_form.cleaned_data["note"],
                                   actor=request.user, request=request)
            messages.success(request, _("The status was changed."))
        elif action == "details":
            details_form = SubmissionDetailsForm(request.POST, mechanism=submission.mechanism)
            if not details_form.is_valid():
                return _render_submission(request, submission, details_form=details_form)
            services.update_submission(submission, values=details_form.cleaned_data, actor=request.user,
                                       request=request)
            messages.success(request, _("Saved."))
        else:
            raise Http404
    except SubmissionError as exc:
        messages.error(request, _error_message(exc))
    return redirect("un:submission", pk=submission.pk)


@require_capability(Capability.MANAGE_SUBMISSIONS)
def letter_file(request: HttpRequest, pk: int) -> HttpResponse:
    letter = get_object_or_404(Correspondence.objects.select_related("submission__person"), pk=pk)
    person = _visible_person(request, letter.submission.person.public_id)
    if not letter.file_path:
        raise Http404
    data = services.letter_file(letter)
    record_event(actor=request.user, action=Action.VIEW, request=request, target_type="person",
                 target_id=person.public_id, details={"correspondence": letter.pk, "sha256": letter.file_sha256})
    response = HttpResponse(data, content_type="application/octet-stream")
    # The stored name may carry a name typed by a person: the download is named by ids only.
    extension = letter.file_name.rsplit(".", 1)[-1][:8] if "." in letter.file_name else "bin"
    safe_extension = "".join(ch for ch in extension if ch.isalnum()) or "bin"
    response["Content-Disposition"] = f'attachment; filename="{person.public_id}-letter-{letter.pk}.{safe_extension}"'
    response["Cache-Control"] = "no-store"
    return response


@require_capability(Capability.MANAGE_SUBMISSIONS)
def due(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    persons = visible_persons(request.user)
    items = due_items(today, 7, persons=persons)
    open_submissions = (Submission.objects.filter(person__in=persons, closed_on__isnull=True)
                        .select_related("person").order_by("mechanism", "-created_at")[:200])
    record_event(actor=request.user, action=Action.VIEW, request=request, details={"page": "un_due",
                                                                                  "items": len(items)})
    return render(request, "un/due.html", {
        "items": items, "today": today, "lang": _language(), "without_consent": without_consent(persons),
        "open": [{"s": s, "label": config.status_label(s.mechanism, s.status, _language())}
                 for s in open_submissions],
    })
