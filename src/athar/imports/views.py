"""Import pages (IMPORT_RECORDS): upload a CSV or Excel file, map its columns with a preview and
suggestions, check with a dry run, import. Thin: the work is `athar.imports.services.import_records`.

URLs carry an upload's random token, never a file name; the token is only valid in the session of
the person who uploaded the file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from athar.accounts.permissions import require_capability
from athar.accounts.roles import Capability
from athar.errors import InputError
from athar.imports.forms import FIELD_LABELS, MappingForm, UploadForm
from athar.imports.jobs import job_state, start_import
from athar.imports.reasons import reason_in_language, where_in_language
from athar.imports.services import ImportReport, import_records, saved_mapping
from athar.imports.uploads import discard_upload, store_upload, upload_path
from athar.interchange import DateOrder, preview_records
from athar.registry.models import ImportBatch

SESSION_KEY = "athar_imports"
PROBLEMS_SHOWN = 200


@require_capability(Capability.IMPORT_RECORDS)
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        token = store_upload(upload.chunks())
        pending = dict(request.session.get(SESSION_KEY, {}))
        pending[token] = {"name": Path(upload.name).name[:255], "source": form.cleaned_data["source"].strip(),
                          "kind": form.cleaned_data["kind"], "date_order": form.cleaned_data["date_order"],
                          "sheet": form.cleaned_data["sheet"].strip()}
        request.session[SESSION_KEY] = pending
        return HttpResponseRedirect(reverse("imports:review", args=[token]))
    batches = ImportBatch.objects.order_by("-created_at")[:20]
    return render(request, "imports/start.html", {"form": form, "batches": batches})


def _pending(request: HttpRequest, token: str) -> tuple[dict[str, Any], Path]:
    pending = request.session.get(SESSION_KEY, {}).get(token)
    path = upload_path(token)
    if pending is None or path is None:
        raise Http404
    return pending, path


def _located(error: InputError, path: Path, name: str) -> str:
    """The error in the reader's language, naming the file as the person knows it (its own name, not
    the stored token)."""
    where = where_in_language(file=name if error.file else None, row=error.row, column=error.column)
    reason = reason_in_language(error.reason.replace(str(path), name))
    return f"{where}: {reason}" if where else reason


@require_capability(Capability.IMPORT_RECORDS)
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, token: str) -> HttpResponse:
    pending, path = _pending(request, token)
    context: dict[str, Any] = {"token": token, "upload": pending, "field_labels": FIELD_LABELS}
    source = pending["source"] or None
    sheet = pending["sheet"] or None
    try:
        preview = preview_records(path, sheet=sheet, mapping=saved_mapping(source))
    except InputError as error:
        discard_upload(token)
        context["error"] = _located(error, path, pending["name"])
        return render(request, "imports/review.html", context, status=400)
    form = MappingForm(preview.columns, preview.suggestions, request.POST or None)
    context.update(preview=preview, form=form, saved=saved_mapping(source) is not None,
                   mapping_rows=[(column, field, [row[i] for row in preview.rows])
                                 for i, (column, field) in enumerate(form.bound_rows())])
    if request.method == "POST" and form.is_valid() and request.POST.get("action") != "import":
        try:
            report = import_records(
                path, default_source=source, source_kind=pending["kind"], actor=request.user,
                date_order=DateOrder(pending["date_order"]) if pending["date_order"] else None,
                mapping=form.mapping(), sheet=sheet, dry_run=True, display_name=pending["name"])
        except InputError as error:
            context["error"] = _located(error, path, pending["name"])
            return render(request, "imports/review.html", context, status=400)
        context.update(report=report, problems=report.problems[:PROBLEMS_SHOWN])
    if request.method == "POST" and form.is_valid() and request.POST.get("action") == "import":
        # The session is saved now, before the job's transaction opens, and not again at the end of
        # the request: on SQLite that write would wait behind the import's own transaction.
        request.session.save()
        _skip_session_save(request)
        job_id = start_import(
            path, actor=request.user, file_name=pending["name"], on_end=lambda: discard_upload(token),
            options={"default_source": source, "source_kind": pending["kind"], "mapping": form.mapping(),
                     "sheet": sheet, "date_order": DateOrder(pending["date_order"]) if pending["date_order"] else None})
        return HttpResponseRedirect(reverse("imports:job", args=[job_id]), status=303)
    return render(request, "imports/review.html", context)


def _skip_session_save(request: HttpRequest) -> None:
    """Keep the session middleware from saving this request's session (SESSION_SAVE_EVERY_REQUEST)."""
    request.session.save = lambda *args, **kwargs: None  # type: ignore[method-assign]


def _job_error(error: dict[str, Any] | None) -> str:
    if not error:
        return ""
    where = where_in_language(file=error.get("file"), row=error.get("row"), column=error.get("column"))
    reason = reason_in_language(error.get("reason") or "")
    return f"{where}: {reason}" if where else reason


@require_capability(Capability.IMPORT_RECORDS)
@require_http_methods(["GET"])
def job(request: HttpRequest, job_id: str) -> HttpResponse:
    """An import job's page: progress while it runs (the fragment polls itself through HTMX), counts
    at the end. The page's own HTMX request gets the fragment alone."""
    state = job_state(job_id, owner=request.user)
    if state is None:
        raise Http404
    total = state.get("total") or 0
    context = {"job_id": job_id, "state": state, "report": state.get("report"),
               "problems": (state.get("report") or {}).get("problems", []), "matching": state.get("matching"),
               "percent": round(100 * state.get("done", 0) / total) if total else 0,
               "error": _job_error(state.get("error"))}
    partial = bool(getattr(request, "htmx", False))
    # Not saved: the settings save the session on every request (idle timeout), and on SQLite that
    # write would wait behind the import's own transaction, so the page could not show progress.
    _skip_session_save(request)
    return render(request, "imports/_job.html" if partial else "imports/job.html", context)


def report_counts(report: ImportReport) -> list[tuple[str, int]]:
    return [("new", report.imported), ("updated", report.updated), ("unchanged", report.skipped),
            ("quarantined", report.quarantined)]
