"""Pages: accounts (MANAGE_USERS), sources and grants (MANAGE_SOURCES), the audit log (VIEW_AUDIT)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import user_has_device

from athar.accounts.permissions import require_capability, role_of
from athar.accounts.roles import Capability
from athar.accounts.services import create_user, set_active, set_role
from athar.accounts.two_factor import reset_two_factor
from athar.administration.forms import AuditFilterForm, GrantForm, NewUserForm, RoleForm, SensitivityForm
from athar.administration.queries import filtered_audit_events, sources_with_counts
from athar.audit.models import Action
from athar.audit.services import record_event
from athar.audit.verify import verify_chain
from athar.registry.grants import grant_source, revoke_grant, set_sensitivity
from athar.registry.models import Source, SourceGrant

AUDIT_PAGE_SIZE = 50


@require_capability(Capability.MANAGE_USERS)
@require_http_methods(["GET", "POST"])
def users(request: HttpRequest) -> HttpResponse:
    form = NewUserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            create_user(form.cleaned_data["username"], role=form.cleaned_data["role"],
                        password=form.cleaned_data["password"], actor=request.user, request=request)
        except ValidationError as error:
            form.add_error("password", error)
        else:
            messages.success(request, _("Account created. Two-factor login is set up at its first login."))
            return HttpResponseRedirect(reverse("administration:users"))
    accounts = []
    for user in get_user_model().objects.order_by("username").select_related("account"):
        accounts.append({"user": user, "role": role_of(user) if user.is_active else getattr(
            getattr(user, "account", None), "role", ""), "two_factor": user_has_device(user)})
    return render(request, "administration/users.html", {"accounts": accounts, "form": form,
                                                         "role_form": RoleForm()})


def _target_user(user_id: int) -> Any:
    return get_object_or_404(get_user_model(), pk=user_id)


@require_capability(Capability.MANAGE_USERS)
@require_POST
def user_change(request: HttpRequest, user_id: int) -> HttpResponse:
    user = _target_user(user_id)
    change = request.POST.get("change", "")
    if change == "role":
        form = RoleForm(request.POST)
        if form.is_valid():
            if user == request.user and form.cleaned_data["role"] != role_of(user):
                messages.error(request, _("You cannot change your own role: ask another administrator."))
            else:
                set_role(user, form.cleaned_data["role"], actor=request.user, request=request)
                messages.success(request, _("Role changed."))
    elif change in {"disable", "enable"}:
        if user == request.user:
            messages.error(request, _("You cannot disable your own account."))
        else:
            set_active(user, change == "enable", actor=request.user, request=request)
            messages.success(request, _("Account enabled.") if change == "enable" else _("Account disabled."))
    elif change == "reset_2fa":
        reset_two_factor(user, actor=request.user, request=request)
        messages.success(request, _("Two-factor login removed: it is set up again at the next login."))
    return HttpResponseRedirect(reverse("administration:users"))


@require_capability(Capability.MANAGE_SOURCES)
def sources(request: HttpRequest) -> HttpResponse:
    return render(request, "administration/sources.html", {"sources": sources_with_counts()})


@require_capability(Capability.MANAGE_SOURCES)
@require_http_methods(["GET", "POST"])
def source_detail(request: HttpRequest, source_id: int) -> HttpResponse:
    source = get_object_or_404(Source, pk=source_id)
    sensitivity_form = SensitivityForm(initial={"sensitivity": source.sensitivity})
    grant_form = GrantForm()
    if request.method == "POST":
        change = request.POST.get("change", "")
        if change == "sensitivity":
            sensitivity_form = SensitivityForm(request.POST)
            if sensitivity_form.is_valid():
                set_sensitivity(source, sensitivity_form.cleaned_data["sensitivity"], actor=request.user)
                messages.success(request, _("Who may read this source was changed."))
                return HttpResponseRedirect(reverse("administration:source", args=[source.pk]))
        elif change == "grant":
            grant_form = GrantForm(request.POST)
            if grant_form.is_valid():
                grant_source(source, actor=request.user, user=grant_form.cleaned_data["user"],
                             role=grant_form.cleaned_data["role"] or "")
                messages.success(request, _("Access granted."))
                return HttpResponseRedirect(reverse("administration:source", args=[source.pk]))
        elif change == "revoke":
            grant = get_object_or_404(SourceGrant, pk=request.POST.get("grant"), source=source)
            revoke_grant(grant, actor=request.user)
            messages.success(request, _("Access revoked."))
            return HttpResponseRedirect(reverse("administration:source", args=[source.pk]))
    grants = source.grants.select_related("user", "granted_by", "revoked_by").order_by("-granted_at")
    return render(request, "administration/source_detail.html", {
        "source": source, "grants": grants, "sensitivity_form": sensitivity_form, "grant_form": grant_form,
        "record_count": source.records.count()})


@require_capability(Capability.VIEW_AUDIT)
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(filtered_audit_events(filters), AUDIT_PAGE_SIZE).get_page(request.GET.get("page", "1"))
    query = request.GET.copy()
    query.pop("page", None)
    record_event(actor=request.user, action=Action.VIEW, target_type="audit_log", request=request,
                 details={"page": page.number, "filtered": bool(filters and any(filters.values()))})
    return render(request, "administration/audit_log.html", {
        "form": form, "page": page, "query": query.urlencode()})


@require_capability(Capability.VIEW_AUDIT)
@require_POST
def audit_verify(request: HttpRequest) -> HttpResponse:
    report = verify_chain()
    if report.is_intact:
        messages.success(request, _("The audit log is intact: %(count)s rows checked.") % {"count": report.checked})
    else:
        messages.error(request, _("The audit log is broken at row %(row)s: %(reason)s") % {
            "row": report.broken_at, "reason": report.reason})
    return HttpResponseRedirect(reverse("administration:audit"))
