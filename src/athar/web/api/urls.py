"""Every API URL. Apps add their patterns here (one line each); `api_patterns` makes them reachable
with a token: Django's login-required middleware would otherwise send API clients to the login
page before REST framework authenticates them. REST framework's IsAuthenticated still applies."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularJSONAPIView


def api_patterns(patterns: Iterable[Any]) -> list[Any]:
    """Mark every view under `patterns` as authenticated by REST framework, not by the login page."""
    result = list(patterns)
    for pattern in result:
        if isinstance(pattern, URLPattern):
            setattr(pattern.callback, "login_required", False)  # noqa: B010 — an attribute Django's middleware reads
        elif isinstance(pattern, URLResolver):
            api_patterns(pattern.url_patterns)
    return result


urlpatterns = api_patterns([
    path("schema/", SpectacularJSONAPIView.as_view(), name="schema"),
    path("un/", include("athar.un.api_urls")),
    path("exports/", include("athar.exports.api_urls")),
    path("", include("athar.web.api.registry_urls")),
    path("review/", include("athar.review.api_urls")),
    path("tracing/", include("athar.tracing.api_urls")),
    path("imports/", include("athar.imports.api_urls")),
])
