"""The second step of logging in: set up an authenticator (first time) or enter a code."""

from __future__ import annotations

import segno
from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from athar.accounts.two_factor import (
    confirm_totp,
    has_confirmed_device,
    pending_totp_device,
    verify_second_factor,
)
from athar.audit.models import Action, Outcome
from athar.audit.services import record_event

SESSION_NEW_CODES = "athar.recovery_codes"


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"), max_length=20, strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "dir": "ltr",
                                      "autofocus": True}))


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_verified():  # type: ignore[union-attr]
        return HttpResponseRedirect(reverse("web:person_list"))
    setting_up = not has_confirmed_device(user)
    device = pending_totp_device(user) if setting_up else None
    form = CodeForm(request.POST or None)
    error: str = ""
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        if setting_up and device is not None:
            codes = confirm_totp(user, device, code, request=request)
            if codes is not None:
                otp_login(request, device)
                request.session[SESSION_NEW_CODES] = codes
                return HttpResponseRedirect(reverse("accounts:recovery_codes"))
        else:
            verified = verify_second_factor(user, code)
            if verified is not None:
                otp_login(request, verified)
                record_event(actor=user, action=Action.LOGIN, request=request, details={"second_factor": True})
                next_url = request.GET.get("next")
                return HttpResponseRedirect(next_url if next_url is not None and _is_local(next_url)
                                            else reverse("web:person_list"))
        record_event(actor=user, action=Action.LOGIN_FAILED, outcome=Outcome.DENIED, request=request,
                     details={"second_factor": True})
        error = str(_("That code is not right. Codes change every 30 seconds; each recovery code works once."))
    context = {"form": form, "setting_up": setting_up, "error": error}
    if device is not None:
        context["qr_svg"] = segno.make(device.config_url, error="m").svg_inline(scale=5, dark="#222", light="#fff")
        context["secret"] = _base32_secret(device.bin_key)
    return render(request, "accounts/two_factor.html", context)


def _is_local(url: str | None) -> bool:
    return bool(url) and url.startswith("/") and not url.startswith("//")  # type: ignore[union-attr]


def _base32_secret(key: bytes) -> str:
    import base64

    secret = base64.b32encode(key).decode("ascii").rstrip("=")
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


@never_cache
@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """The recovery codes, shown once right after setup (then gone from the session)."""
    codes = request.session.pop(SESSION_NEW_CODES, None)
    if not codes:
        return HttpResponseRedirect(reverse("web:person_list"))
    return render(request, "accounts/recovery_codes.html", {"codes": codes})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def api_token(request: HttpRequest) -> HttpResponse:
    """The user's own API token: created or replaced here (after the second factor), shown once."""
    from athar.accounts.tokens import replace_token, token_created_at

    new_key = ""
    if request.method == "POST":
        new_key = replace_token(request.user, request=request)
    return render(request, "accounts/api_token.html", {
        "new_key": new_key, "created_at": token_created_at(request.user)})
