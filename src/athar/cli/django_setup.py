"""Set Django up for the commands that need the registry, and only for them."""

from __future__ import annotations

import os

from athar.cli.errors import fail


def setup_django() -> None:
    """Load athar's settings and apps. A malformed ATHAR_* setting stops the command with one line
    naming it, not a traceback."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "athar.web.settings")
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as error:
        fail(f"configuration: {error}")
    # Messages that come from Django (password rules, validation) follow the terminal's language,
    # like the rest of the command line: Arabic when LANG says so, English otherwise.
    from django.utils import translation

    language = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG") or ""
    translation.activate("ar" if language.lower().startswith("ar") else "en")
