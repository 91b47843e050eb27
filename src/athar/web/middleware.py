"""Middleware of the web app: the chosen language, and no page kept in a cache.

Language selection: Arabic unless the person chose English with the language switch.

Django's LocaleMiddleware would follow the browser's Accept-Language header. athar does not: Arabic is
the working language of its users, and the computers they share in offices and internet cafés are
often set to English or to the language of the host country. The switch (Django's `set_language`
view) stores the choice in a cookie, which this middleware honours; everything else about Django's
handling (URL reversing, `Content-Language`, `Vary`) stays as LocaleMiddleware does it."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import add_never_cache_headers


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
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
