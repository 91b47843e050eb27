"""The caseworker's tracing pages. Thin: check the capability, call a service, render.

URLs carry the request's random public id only. Every page that shows a request is audited;
the requester's contact details have a page of their own (athar.tracing.requesters)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from athar.accounts.permissions import has_capability, require_capability
from athar.accounts.roles import Capability
from athar.audit.models import Action
from athar.audit.services import record_event
from athar.encryption import decrypt_bytes
from athar.errors import AtharError
from athar.registry.access import can_view_person
from athar.tracing.consent import record_consent, withdraw_consent
from athar.tracing.decisions import reject_candidate, verify_candidate
from athar.tracing.family_view import fate_as_heard
from athar.tracing.forms import (
    RECIPIENT_LABELS,
    RELATIONSHIP_LABELS,
    STATUS_LABELS,
    AddConsentForm,
    ConsentForm,
    InformForm,
    MissingPersonForm,
    PhotosForm,
    ReasonForm,
    RequesterForm,
    StatusForm,
)
from athar.tracing.informing import complete_informing, open_task
from athar.tracing.intake import create_request
from athar.tracing.matching import match_request, unlink_request
from athar.tracing.models import (
    Candidate,
    CandidateDecision,
    Consent,
    Notification,
    Recipient,
    Relationship,
    RequestPhoto,
    Status,
    TracingRequest,
)
from athar.tracing.queries import candidate_rows, consent_rows, new_candidates_by_request, new_candidates_of
from athar.tracing.requesters import assign, can_view_requester, view_requester
from athar.tracing.sharing import ConsentMissing, sharing_package
from athar.tracing.wording import consent_text
from athar.tracing.workflow import allowed_next, change_status

manage = require_capability(Capability.MANAGE_TRACING)


def _get(public_id: str) -> TracingRequest:
    return get_object_or_404(TracingRequest, public_id=public_id)


def _language() -> str:
    return "en" if (get_language() or "ar").startswith("en") else "ar"


@manage
@require_http_methods(["GET"])
def index(request: HttpRequest) -> HttpResponse:
    """The caseworker's queue: unread notifications (theirs and everyone's), then the requests."""
    user = request.user
    notifications = (Notification.objects.filter(read_at__isnull=True, user__isnull=True)
                     | Notification.objects.filter(read_at__isnull=True, user_id=user.pk or 0))
    requests = list(TracingRequest.objects.select_related("assigned_to").order_by("-created_at")[:200])
    news = new_candidates_by_request(user, [t.pk for t in requests])
    for t in requests:
        t.news = news.get(t.pk)  # type: ignore[attr-defined]  # shown as "n new since …"
    record_event(actor=user, action=Action.VIEW, target_type="tracing_request_list", request=request,
                 details={"shown": len(requests), "flagged": len(news)})
    return render(request, "tracing/index.html", {
        "notifications": notifications.select_related("tracing_request").order_by("-created_at")[:50],
        "requests": requests, "status_labels": STATUS_LABELS})


@manage
@require_POST
def read_notification(request: HttpRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(Notification, pk=pk)
    if notification.user_id not in (None, request.user.pk):
        raise Http404
    with transaction.atomic():
        Notification.objects.filter(pk=pk).update(read_at=timezone.now())
        record_event(actor=request.user, action="notification_read", target_type="tracing_request",
                     target_id=notification.tracing_request.public_id, request=request,
                     details={"notifications_read": [notification.pk], "kind": notification.kind})
    return redirect("tracing:detail", public_id=notification.tracing_request.public_id)


@manage
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    language = _language()
    texts = {r.value: consent_text(r.value, language) for r in Recipient}
    data = request.POST if request.method == "POST" else None
    forms: dict[str, Any] = {"person_form": MissingPersonForm(data, prefix="p"), "requester_form": RequesterForm(data, prefix="r"),
             "consent_form": ConsentForm(data, texts=texts, prefix="c"),
             "photos_form": PhotosForm(data, request.FILES or None, prefix="f")}
    if data is not None and all(f.is_valid() for f in forms.values()):
        tracing_request = create_request(
            description=forms["person_form"].description(),
            requester=forms["requester_form"].requester(),
            photos=forms["photos_form"].uploaded(),
            consents=forms["consent_form"].consents(),
            actor=request.user, request=request)
        return redirect("tracing:detail", public_id=tracing_request.public_id)
    return render(request, "tracing/new.html", forms, status=400 if data is not None else 200)


@manage
@require_http_methods(["GET"])
def detail(request: HttpRequest, public_id: str) -> HttpResponse:
    tracing_request = _get(public_id)
    # The news of candidates found since the caseworker last looked: shown once, then read (the
    # audit row of this view says which notifications were seen).
    news = new_candidates_of(request.user, tracing_request)
    details = {"notifications_read": list(news.notifications)} if news else None
    with transaction.atomic():
        if news:
            Notification.objects.filter(pk__in=news.notifications).update(read_at=timezone.now())
        record_event(actor=request.user, action=Action.VIEW, target_type="tracing_request",
                     target_id=tracing_request.public_id, request=request, details=details)
    candidates, hidden = candidate_rows(request.user, tracing_request, _language(),
                                        new_since=news.since if news else None)
    fate = None
    if tracing_request.person is not None and can_view_person(request.user, tracing_request.person):
        fate = fate_as_heard(tracing_request.person, request.user)
    allowed = allowed_next(tracing_request.status)
    return render(request, "tracing/detail.html", {
        "tr": tracing_request, "status_label": STATUS_LABELS[Status(tracing_request.status)],
        "status_labels": STATUS_LABELS,
        "candidates": candidates, "hidden_candidates": hidden, "fate": fate, "news": news,
        "status_form": StatusForm(allowed=allowed) if allowed else None,
        "reason_form": ReasonForm(), "consents": consent_rows(tracing_request),
        "consent_history": tracing_request.consents.order_by("-recorded_at"),
        "add_consent_form": AddConsentForm(),
        "changes": tracing_request.status_changes.select_related("actor"),
        "task": open_task(tracing_request),
        "can_see_requester": can_view_requester(request.user, tracing_request),
        "photos": tracing_request.photos.values_list("pk", flat=True),
        "linked": tracing_request.linked_requests.all(),
        "can_export": has_capability(request.user, Capability.EXPORT_RECORDS),
    })


def _done(request: HttpRequest, tracing_request: TracingRequest, message: str | None = None) -> HttpResponse:
    if message:
        messages.success(request, message)
    return redirect("tracing:detail", public_id=tracing_request.public_id)


def _refuse(request: HttpRequest, tracing_request: TracingRequest, error: Exception) -> HttpResponse:
    messages.error(request, str(error))
    return redirect("tracing:detail", public_id=tracing_request.public_id)


@manage
@require_POST
def status(request: HttpRequest, public_id: str) -> HttpResponse:
    tracing_request = _get(public_id)
    form = StatusForm(request.POST, allowed=allowed_next(tracing_request.status))
    if not form.is_valid():
        return _refuse(request, tracing_request, AtharError(_("Choose a state and give a reason.")))
    try:
        change_status(tracing_request, form.cleaned_data["to_status"], actor=request.user,
                      reason=form.cleaned_data["reason"], request=request)
    except AtharError as error:
        return _refuse(request, tracing_request, error)
    return _done(request, tracing_request)


@manage
@require_POST
def match(request: HttpRequest, public_id: str) -> HttpResponse:
    tracing_request = _get(public_id)
    try:
        summary = match_request(tracing_request, actor=request.user, request=request)
    except AtharError as error:
        return _refuse(request, tracing_request, error)
    return _done(request, tracing_request,
                 _("%(n)d candidate(s) ranked, %(new)d new.") % {"n": summary.candidates, "new": summary.new_candidates})


def _candidate(tracing_request: TracingRequest, pk: int) -> Candidate:
    return get_object_or_404(Candidate, pk=pk, tracing_request=tracing_request, decision=CandidateDecision.OPEN)


def _judge(request: HttpRequest, public_id: str, pk: int, decide: Callable[..., object], *,
           without_reason: str, then: Callable[[TracingRequest], HttpResponse]) -> HttpResponse:
    """Verify or reject one open candidate: both need the person visible to the user and a reason."""
    tracing_request = _get(public_id)
    candidate = _candidate(tracing_request, pk)
    if not can_view_person(request.user, candidate.person):
        raise Http404
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _refuse(request, tracing_request, AtharError(without_reason))
    try:
        decide(candidate, actor=request.user, reason=form.cleaned_data["reason"], request=request)
    except AtharError as error:
        return _refuse(request, tracing_request, error)
    return then(tracing_request)


@manage
@require_POST
def verify(request: HttpRequest, public_id: str, pk: int) -> HttpResponse:
    return _judge(request, public_id, pk, verify_candidate,
                  without_reason=_("Say why you hold this is the person."),
                  then=lambda done: redirect("tracing:inform", public_id=done.public_id))


@manage
@require_POST
def reject(request: HttpRequest, public_id: str, pk: int) -> HttpResponse:
    return _judge(request, public_id, pk, reject_candidate,
                  without_reason=_("Say why this is not the person."),
                  then=lambda done: _done(request, done))


@manage
@require_http_methods(["GET", "POST"])
def inform(request: HttpRequest, public_id: str) -> HttpResponse:
    """The script for telling the family, and the record that the caseworker did."""
    tracing_request = _get(public_id)
    task = open_task(tracing_request)
    if task is None or tracing_request.person is None:
        return _refuse(request, tracing_request, AtharError(_("There is nothing to tell the family yet.")))
    form = InformForm(request.POST or None, initial={"channel": tracing_request.preferred_channel})
    if request.method == "POST" and form.is_valid():
        try:
            complete_informing(task, actor=request.user, channel=form.cleaned_data["channel"],
                               notes=form.cleaned_data["notes"], request=request)
        except AtharError as error:
            return _refuse(request, tracing_request, error)
        return _done(request, tracing_request)
    record_event(actor=request.user, action=Action.VIEW, target_type="informing_task", target_id=task.pk,
                 request=request)
    fate = fate_as_heard(tracing_request.person, request.user)
    return render(request, "tracing/inform.html", {"tr": tracing_request, "task": task, "fate": fate, "form": form})


@manage
@require_http_methods(["GET"])
def requester(request: HttpRequest, public_id: str) -> HttpResponse:
    tracing_request = _get(public_id)
    person = view_requester(tracing_request, actor=request.user, request=request)
    relationship = RELATIONSHIP_LABELS[Relationship(person.relationship)] if person.relationship else ""
    response = render(request, "tracing/requester.html",
                      {"tr": tracing_request, "requester": person, "relationship": relationship})
    response["Cache-Control"] = "no-store"
    return response


@manage
@require_POST
def unlink(request: HttpRequest, public_id: str) -> HttpResponse:
    tracing_request = _get(public_id)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _refuse(request, tracing_request, AtharError(_("Say why these are not the same person.")))
    unlink_request(tracing_request, actor=request.user, reason=form.cleaned_data["reason"], request=request)
    return _done(request, tracing_request)


@manage
@require_POST
def take(request: HttpRequest, public_id: str) -> HttpResponse:
    tracing_request = _get(public_id)
    assign(tracing_request, to=request.user, actor=request.user, request=request)
    return _done(request, tracing_request)


@manage
@require_POST
def add_consent(request: HttpRequest, public_id: str) -> HttpResponse:
    tracing_request = _get(public_id)
    form = AddConsentForm(request.POST)
    if not form.is_valid():
        return _refuse(request, tracing_request, AtharError(_("Choose a recipient and an answer.")))
    recipient = form.cleaned_data["recipient"]
    record_consent(tracing_request, recipient=recipient, is_granted=form.cleaned_data["is_granted"],
                   wording_shown=consent_text(recipient, tracing_request.preferred_language),
                   given_by=form.cleaned_data["given_by"] or "requester", given_on=timezone.localdate(),
                   actor=request.user, request=request)
    return _done(request, tracing_request)


@manage
@require_POST
def withdraw(request: HttpRequest, public_id: str, pk: int) -> HttpResponse:
    tracing_request = _get(public_id)
    consent = get_object_or_404(Consent, pk=pk, tracing_request=tracing_request)
    withdraw_consent(consent, actor=request.user, request=request)
    return _done(request, tracing_request, _("Consent withdrawn. It takes effect at once, everywhere."))


@manage
@require_POST
def share(request: HttpRequest, public_id: str, recipient: str) -> HttpResponse:
    """The sharing package for one recipient, as a JSON download; refused without consent."""
    tracing_request = _get(public_id)
    if recipient not in Recipient.values:
        raise Http404
    try:
        package = sharing_package(tracing_request, recipient, actor=request.user, request=request)
    except ConsentMissing:
        return render(request, "tracing/share_refused.html",
                      {"tr": tracing_request, "recipient": RECIPIENT_LABELS[Recipient(recipient)]}, status=403)
    response = HttpResponse(json.dumps(package, ensure_ascii=False, indent=2),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{tracing_request.public_id}-{recipient}.json"'
    response["Cache-Control"] = "no-store"
    return response


@manage
@require_http_methods(["GET"])
def photo(request: HttpRequest, public_id: str, pk: int) -> HttpResponse:
    tracing_request = _get(public_id)
    item = get_object_or_404(RequestPhoto, pk=pk, tracing_request=tracing_request)
    record_event(actor=request.user, action=Action.VIEW, target_type="request_photo", target_id=item.pk,
                 request=request)
    response = HttpResponse(decrypt_bytes(bytes(item.data)), content_type=item.content_type)
    response["Cache-Control"] = "no-store"
    return response
