"""Pages of exports: ask for one, follow one's own requests, approve or refuse others'. Thin: a form,
a service call, a render. A request is shown to its requester and to those who may approve exports;
to anyone else it does not exist (404)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from athar.accounts.permissions import has_capability, require_capability
from athar.accounts.roles import Capability
from athar.exports import services
from athar.exports.errors import ExportError
from athar.exports.forms import FORMAT_LABELS, RECIPIENT_LABELS, SCOPE_LABELS, ExportRequestForm
from athar.exports.models import ExportRequest, Status
from athar.registry.access import visible_sources

# The services' messages are English; people read these (same codes, translated).
ERROR_MESSAGES = {
    "purpose_required": gettext_lazy("Say why the export is needed."),
    "persons_required": gettext_lazy("Name at least one person."),
    "too_many_persons": gettext_lazy("Too many persons for one request: export their source instead."),
    "unknown_persons": gettext_lazy("Some of the persons named are not known to you."),
    "unknown_source": gettext_lazy("The source is not known to you."),
    "own_request": gettext_lazy("An export must be approved by someone other than its requester."),
    "not_pending": gettext_lazy("This request was already decided."),
    "not_approved": gettext_lazy("This export has not been approved."),
    "expired": gettext_lazy("This export has expired; request it again."),
    "downloads_exhausted": gettext_lazy("This export was downloaded as many times as allowed."),
    "corrupt": gettext_lazy("The stored export does not match its checksum."),
}


def _message(error: ExportError) -> str:
    return str(ERROR_MESSAGES.get(error.code, error.message))


CONTENT_TYPES = {"csv": "text/csv; charset=utf-8",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _rows(exports: list[ExportRequest], user: object) -> list[dict[str, object]]:
    return [{"export": e, "scope": SCOPE_LABELS.get(e.scope, e.scope),
             "format": FORMAT_LABELS.get(e.file_format, e.file_format),
             "recipient": RECIPIENT_LABELS.get(e.recipient, e.recipient),
             "can_download": services.can_download(e, user)} for e in exports]


@require_capability(Capability.EXPORT_RECORDS)
def index(request: HttpRequest) -> HttpResponse:
    mine = list(ExportRequest.objects.filter(requested_by_id=request.user.pk).select_related("decided_by", "source"))
    return render(request, "exports/index.html", {
        "rows": _rows(mine, request.user), "max_downloads": services.max_downloads(),
        "can_approve": has_capability(request.user, Capability.APPROVE_EXPORTS)})


@require_capability(Capability.EXPORT_RECORDS)
def request_export(request: HttpRequest) -> HttpResponse:
    sources = visible_sources(request.user)
    form = ExportRequestForm(request.POST or None, sources=sources)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            export = services.request_export(
                scope=data["scope"], person_ids=data.get("ids", []), source=data.get("source"),
                file_format=data["file_format"], recipient=data["recipient"], purpose=data["purpose"],
                actor=request.user, request=request)
        except ExportError as error:
            form.add_error(None, _message(error))
        else:
            messages.success(request, _("Your request was recorded; someone else must approve it."))
            return redirect("exports:detail", pk=export.pk)
    return render(request, "exports/request.html", {"form": form})


@require_capability(Capability.APPROVE_EXPORTS)
def approvals(request: HttpRequest) -> HttpResponse:
    pending = list(ExportRequest.objects.filter(status=Status.PENDING).exclude(requested_by_id=request.user.pk)
                   .select_related("requested_by", "source"))
    return render(request, "exports/approvals.html", {"rows": _rows(pending, request.user)})


def _export_for(request: HttpRequest, pk: int) -> ExportRequest:
    export = get_object_or_404(ExportRequest.objects.select_related("requested_by", "decided_by", "source"), pk=pk)
    if export.requested_by_id != request.user.pk and not has_capability(request.user, Capability.APPROVE_EXPORTS):
        raise Http404
    return export


@require_capability(Capability.EXPORT_RECORDS)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    export = _export_for(request, pk)
    can_decide = (export.status == Status.PENDING and export.requested_by_id != request.user.pk
                  and has_capability(request.user, Capability.APPROVE_EXPORTS))
    return render(request, "exports/detail.html", {
        "row": _rows([export], request.user)[0], "export": export, "can_decide": can_decide,
        "max_downloads": services.max_downloads()})


@require_POST
@require_capability(Capability.APPROVE_EXPORTS)
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    export = _export_for(request, pk)
    try:
        services.approve_export(export, actor=request.user, request=request)
        messages.success(request, _("The export was approved and built."))
    except ExportError as error:
        messages.error(request, _message(error))
    return redirect("exports:detail", pk=export.pk)


@require_POST
@require_capability(Capability.APPROVE_EXPORTS)
def refuse(request: HttpRequest, pk: int) -> HttpResponse:
    export = _export_for(request, pk)
    try:
        services.refuse_export(export, actor=request.user, request=request)
        messages.success(request, _("The export was refused."))
    except ExportError as error:
        messages.error(request, _message(error))
    return redirect("exports:detail", pk=export.pk)


@require_capability(Capability.EXPORT_RECORDS)
def download(request: HttpRequest, pk: int) -> HttpResponse:
    export = _export_for(request, pk)
    try:
        content = services.download_export(export, actor=request.user, request=request)
    except ExportError as error:
        if error.code == "not_requester":
            raise Http404 from error
        messages.error(request, _message(error))
        return redirect("exports:detail", pk=export.pk)
    response = HttpResponse(content, content_type=CONTENT_TYPES[export.file_format])
    response["Content-Disposition"] = f'attachment; filename="{export.file_name}"'
    response["Cache-Control"] = "no-store"
    return response
