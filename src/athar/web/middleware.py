"""Language selection: Arabic unless the person chose English with the language switch.

Django's LocaleMiddleware would follow the browser's Accept-Language header. athar does not: Arabic is
the working language of its users, and the computers they share in offices and internet cafés are
often set to English or to the language of the host country. The switch (Django's `set_language`
view) stores the choice in a cookie, which this middleware honours; everything else about Django's
handling (URL reversing, `Content-Language`, `Vary`) stays as LocaleMiddleware does it."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
