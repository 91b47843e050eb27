"""Middleware of the web app: the chosen language, and no page kept in a cache.

Language selection: the language the person picked with the switch; until they pick one, the
browser's preferred language (Accept-Language) when athar speaks it; Arabic otherwise.

The switch (Django's `set_language` view) stores the choice in a cookie, and a choice always wins
over the browser: computers shared in offices and internet cafés are often set to English or to the
host country's language, and one click on "العربية" must stick. Arabic is the fallback, not English:
it is the working language of athar's users. Everything else about Django's handling (URL
reversing, `Content-Language`, `Vary: Accept-Language, Cookie`) stays as LocaleMiddleware does it."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import trans_real


def browser_language(accept_language: str) -> str | None:
    """The first language of an Accept-Language header that athar supports (`en-GB` counts as
    `en`), or None."""
    supported = {code for code, _ in settings.LANGUAGES}
    for code, _quality in trans_real.parse_accept_lang_header(accept_language):
        if code == "*":
            continue
        base = code.lower().split("-")[0]
        if base in supported:
            return base
    return None


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _ in settings.LANGUAGES}
        if chosen in supported:
            language = chosen
        else:
            language = browser_language(request.META.get("HTTP_ACCEPT_LANGUAGE", "")) or settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every response of the app (static files are served outside it).

    Pages show names, dates of birth and places of detention. A shared or internet-café computer
    must not keep them in its browser cache after the session ends, and the back button after
    logging out must not show them; no proxy between may store them either."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        add_never_cache_headers(response)  # no-cache, no-store, must-revalidate, private
        return response
