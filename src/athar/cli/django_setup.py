"""Set Django up for the commands that need the registry, and only for them."""

from __future__ import annotations

import os


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "athar.web.settings")
    import django

    django.setup()
    # Messages that come from Django (password rules, validation) follow the terminal's language,
    # like the rest of the command line: Arabic when LANG says so, English otherwise.
    from django.utils import translation

    language = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG") or ""
    translation.activate("ar" if language.lower().startswith("ar") else "en")
