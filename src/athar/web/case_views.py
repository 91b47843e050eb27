"""Pages of case work: open a case, edit it (history kept), add events, fate claims, notes and
documents, and read a document through an authenticated, audited view. Thin: parse the form, call the
`athar.registry.cases` service, redirect to the person's page.

URLs carry a case's record id (`CASE-7K3M9Q2X`, random) or a document's random id, never names. A
case the user may not read is "not found" (404), as on the person page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from athar.accounts.permissions import require_capability
from athar.accounts.roles import Capability
from athar.audit.models import Action, Outcome
from athar.audit.services import record_event
from athar.registry.access import can_view_record, visible_persons
from athar.registry.cases import (
    CASE_FIELDS,
    CaseError,
    add_document,
    add_event,
    add_fate_claim,
    add_note,
    edit_case,
    open_case,
)
from athar.registry.date_forms import date_as_typed
from athar.registry.documents import DocumentDamaged, DocumentRefused, read_decrypted
from athar.registry.filters import governorates
from athar.registry.models import CaseDocument, Person, Place, Record, SourceKind
from athar.registry.queries import find_person
from athar.web.case_forms import (
    CaseForm,
    DocumentForm,
    EditCaseForm,
    EventForm,
    FateClaimForm,
    NoteForm,
)


def _place_suggestions(language: str) -> dict[str, list[str]]:
    """Names for the place fields' suggestion lists: the gazetteer's, in the page's language first."""
    other = "en" if language == "ar" else "ar"
    names: list[str] = []
    for place in Place.objects.order_by("kind", "id"):
        for name in (place.display_name(language), place.display_name(other)):
            if name and name not in names:
                names.append(name)
    return {"places": names,
            "governorate_names": [g.display_name(language) for g in governorates()]}


def _render_form(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    context.update(_place_suggestions(getattr(request, "LANGUAGE_CODE", "ar")))
    return render(request, template, context)


def _person_url(person_id: int | None, record: Record | None = None) -> str:
    person = Person.objects.filter(pk=person_id).first() if person_id is not None else None
    if person is None:
        return reverse("web:person_list")
    anchor = f"#case-{record.record_id}" if record is not None else ""
    return reverse("web:person_detail", args=[person.public_id]) + anchor


def _case_record(request: HttpRequest, record_id: str) -> Record:
    record = (Record.objects.select_related("source", "person")
              .filter(source__kind=SourceKind.CASE_FILE, record_id=record_id).first())
    if record is not None and not can_view_record(request.user, record):
        record_event(actor=request.user, action=Action.VIEW, outcome=Outcome.DENIED, request=request,
                     target_type="record", target_id=record.pk)
        record = None
    if record is None:
        raise Http404
    return record


@require_http_methods(["GET", "POST"])
@require_capability(Capability.EDIT_CASES)
def case_new(request: HttpRequest) -> HttpResponse:
    """A new case: a new person, or (`?person=P-...`) more of what is known about one already here."""
    person = None
    public_id = request.GET.get("person", "")
    if public_id:
        person = find_person(public_id)
        if person is None or not visible_persons(request.user).filter(pk=person.pk).exists():
            raise Http404
    form = CaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data.get(name) for name in CASE_FIELDS}
        try:
            record = open_case(values, actor=request.user, person=person, request=request)
        except CaseError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The case is saved."))
            return redirect(_person_url(record.person_id, record))
    return _render_form(request, "web/case_form.html", {"form": form, "person": person})


@require_http_methods(["GET", "POST"])
@require_capability(Capability.EDIT_CASES)
def case_edit(request: HttpRequest, record_id: str) -> HttpResponse:
    record = _case_record(request, record_id)
    initial = {name: getattr(record, name) for name in CASE_FIELDS}
    initial["birth_date"] = date_as_typed(initial.get("birth_date"))
    form = EditCaseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data.get(name) for name in CASE_FIELDS}
        try:
            revision = edit_case(record, values, actor=request.user, reason=form.cleaned_data["reason"],
                                 request=request)
        except CaseError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The change is saved; the earlier values are kept in the history.")
                             if revision else _("Nothing changed."))
            return redirect(_person_url(record.person_id, record))
    return _render_form(request, "web/case_form.html", {"form": form, "record": record, "is_edit": True})


def _add_to_case(request: HttpRequest, record_id: str, form_class: type, title: str,
                 save: Callable[[Record, dict[str, Any]], object], *, files: bool = False) -> HttpResponse:
    record = _case_record(request, record_id)
    form = form_class(request.POST or None, request.FILES or None) if files else form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            save(record, form.cleaned_data)
        except (CaseError, DocumentRefused) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Saved."))
            return redirect(_person_url(record.person_id, record))
    return _render_form(request, "web/case_add.html", {"form": form, "record": record, "title": title,
                                                       "has_files": files})


@require_http_methods(["GET", "POST"])
@require_capability(Capability.EDIT_CASES)
def case_event_new(request: HttpRequest, record_id: str) -> HttpResponse:
    def save(record: Record, data: dict[str, Any]) -> object:
        return add_event(record, event_type=data["event_type"], date=data["date"], place_text=data["place_text"],
                         description=data["description"], actor=request.user, request=request)

    return _add_to_case(request, record_id, EventForm, _("Add an event"), save)


@require_http_methods(["GET", "POST"])
@require_capability(Capability.EDIT_CASES)
def case_claim_new(request: HttpRequest, record_id: str) -> HttpResponse:
    def save(record: Record, data: dict[str, Any]) -> object:
        return add_fate_claim(record, fate=data["fate"], claimed_on=data["claimed_on"], evidence=data["evidence"],
                              actor=request.user, request=request)

    return _add_to_case(request, record_id, FateClaimForm, _("Add a fate claim"), save)


@require_http_methods(["GET", "POST"])
@require_capability(Capability.EDIT_CASES)
def case_note_new(request: HttpRequest, record_id: str) -> HttpResponse:
    def save(record: Record, data: dict[str, Any]) -> object:
        return add_note(record, text=data["text"], actor=request.user, request=request)

    return _add_to_case(request, record_id, NoteForm, _("Add a note"), save)


@require_http_methods(["GET", "POST"])
@require_capability(Capability.EDIT_CASES)
def case_document_new(request: HttpRequest, record_id: str) -> HttpResponse:
    def save(record: Record, data: dict[str, Any]) -> object:
        upload = data["file"]
        return add_document(record, data=upload.read(), file_name=upload.name, description=data["description"],
                            actor=request.user, request=request)

    return _add_to_case(request, record_id, DocumentForm, _("Add a document"), save, files=True)


@require_http_methods(["GET"])
@require_capability(Capability.VIEW_RECORDS)
def document_view(request: HttpRequest, public_id: str) -> HttpResponse:
    """The document's original bytes, to a user who may read its record; audited. Images are shown
    inline; PDFs are downloaded (a browser's PDF viewer is a large attack surface to open by default)."""
    document = CaseDocument.objects.select_related("record").filter(public_id=public_id).first()
    if document is not None and not can_view_record(request.user, document.record):
        record_event(actor=request.user, action=Action.VIEW, outcome=Outcome.DENIED, request=request,
                     target_type="case_document", target_id=public_id)
        document = None
    if document is None:
        raise Http404
    try:
        data = read_decrypted(document.public_id, document.sha256)
    except DocumentDamaged:
        record_event(actor=request.user, action=Action.VIEW, outcome="error", request=request,
                     target_type="case_document", target_id=public_id, details={"reason": "damaged"})
        return HttpResponse(_("This document's stored file is damaged or missing."), status=410,
                            content_type="text/plain; charset=utf-8")
    record_event(actor=request.user, action=Action.VIEW, request=request, target_type="case_document",
                 target_id=public_id, details={"record": document.record_id})
    response = HttpResponse(data, content_type=document.content_type)
    disposition = "inline" if document.is_image else "attachment"
    # The stored name may hold a person's name: the download gets a neutral one.
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png", "image/gif": "gif",
                 "image/webp": "webp"}.get(document.content_type, "bin")
    response["Content-Disposition"] = f'{disposition}; filename="document-{public_id[:8]}.{extension}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    return response
