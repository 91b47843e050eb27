"""Set Django up for the commands that need the registry, and only for them."""

from __future__ import annotations

import os


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "athar.web.settings")
    import django

    django.setup()
