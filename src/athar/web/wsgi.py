"""WSGI entry point for production servers (gunicorn athar.web.wsgi:application).

A WSGI server does not run Django's system checks the way `athar serve` does, so the serious ones
run here: a server without an encryption key of its own (athar.E001), or with unusable keys,
refuses to start rather than serve."""

import os

from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "athar.web.settings")
application = get_wsgi_application()

_serious = [message for message in checks.run_checks(tags=["encryption"]) if message.is_serious()]
if _serious:
    raise ImproperlyConfigured("; ".join(f"{m.id}: {m.msg} (hint: {m.hint})" for m in _serious))
