"""Sending a logged-in user who must use two-factor login, and has not yet in this session, to the
page that asks for the second factor (or sets it up). Nothing else is reachable until then."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse

from athar.accounts.two_factor import is_required

# Reachable before the second factor: the 2FA pages themselves, logging out, the language switch,
# static files. The API authenticates by token (a credential issued after 2FA) and is not redirected.
_OPEN_PREFIXES = ("/account/two-factor/", "/logout/", "/i18n/", "/static/")


class RequireTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated and not user.is_verified()
                and is_required(user) and not request.path.startswith(_OPEN_PREFIXES)
                and not request.path.startswith("/api/")):
            if request.headers.get("HX-Request"):
                return JsonResponse({"error": {"code": "two_factor_required",
                                               "message": "Two-factor login is required."}}, status=401)
            return HttpResponseRedirect(reverse("accounts:two_factor"))
        return self.get_response(request)
