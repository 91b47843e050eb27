"""A bound on the public request form: so many submissions per address per hour, and so many in
all per day, counted in Django's cache. The address is kept only as a keyed hash, for an hour:
the form must not become a record of where families write from.

What it cannot do: stop a sender with many addresses (the daily bound caps the damage), or count
across several server processes unless the cache is shared (docs/tracing.md)."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

PER_ADDRESS_PER_HOUR = 5
PER_DAY = 500


def _address_key(request: HttpRequest) -> str:
    address = (request.META.get("REMOTE_ADDR") or "").encode()
    secret = str(settings.SECRET_KEY).encode()
    digest = hmac.new(secret, address, hashlib.sha256).hexdigest()[:32]
    return f"athar.tracing.public.{digest}"


def _bump(key: str, timeout: int) -> int:
    cache.add(key, 0, timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout)
        return 1


def allow_public_submission(request: HttpRequest) -> bool:
    """Count this submission; False when a bound is passed (the caller answers 429)."""
    per_address = _bump(_address_key(request), 3600)
    per_day = _bump("athar.tracing.public.day", 24 * 3600)
    return per_address <= PER_ADDRESS_PER_HOUR and per_day <= PER_DAY
