"""Sami the analyst holds only aggregates: every URL of the site, asked by him, answers with a refusal
or with pages free of any name and any record id (issue 14's acceptance; docs/users.md)."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from tests.stats.conftest import NAME_MARK

from athar.registry.models import Person

FILLERS = {"key": "governorate", "fmt": "svg"}


def _urls(patterns: list[Any], prefix: str = "") -> list[tuple[str, list[str]]]:
    found = []
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            found += _urls(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            found.append((route, list(pattern.pattern.converters)))
    return found


def _fill(route: str, public_id: str) -> str:
    import re

    def value(match: re.Match[str]) -> str:
        name = match.group(2)
        if name == "public_id":
            return public_id
        return FILLERS.get(name, "1")

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", value, route).lstrip("^").rstrip("$")


def test_no_url_gives_the_analyst_a_name_or_a_record_id(registry: dict[str, Any], sami_client: Client) -> None:
    public_id = Person.objects.filter(retired_at__isnull=True).first().public_id
    answered = {}
    for route, _ in _urls(get_resolver().url_patterns):
        if "logout" in route:
            continue
        url = _fill(route, public_id)
        response = sami_client.get(url)
        answered[url] = response.status_code
        assert response.status_code < 500, url
        if response.status_code == 200 and not getattr(response, "streaming", False):
            body = response.content.decode("utf-8", errors="replace")
            assert NAME_MARK not in body, url
            assert "families-" not in body and "register-" not in body, url
            assert public_id not in body, url
    # The pages that hold names are refused, the statistics answered.
    assert answered["/"] == 403
    assert answered[f"/persons/{public_id}/"] in (403, 404)
    assert answered["/statistics/"] == 200
    assert answered["/statistics/governorate.csv"] == 200
