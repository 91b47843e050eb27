"""Session authentication for the API that, like the pages, accepts a session only once its second
factor has been given (a password alone must not open the API from a browser)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.authentication import SessionScheme
from rest_framework.authentication import SessionAuthentication

from athar.accounts.two_factor import is_required


class VerifiedSessionAuthentication(SessionAuthentication):
    def authenticate(self, request: Any) -> tuple[Any, None] | None:
        result = super().authenticate(request)
        if result is None:
            return None
        user = result[0]
        if is_required(user) and not getattr(user, "is_verified", lambda: False)():
            return None
        return result


class VerifiedSessionScheme(SessionScheme):
    """The OpenAPI description of it: the session cookie, as for Django's own session authentication
    (registered with drf-spectacular by being defined)."""

    target_class = "athar.web.api.authentication.VerifiedSessionAuthentication"
