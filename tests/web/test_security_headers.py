"""Every page carries a strict Content-Security-Policy and is never stored by a browser or proxy."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse


def _directives(response: Any) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_it_sends_a_strict_content_security_policy(client: Client, db: None) -> None:
    directives = _directives(client.get(reverse("login")))
    assert directives["default-src"] == ["'none'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert not any("unsafe" in source for sources in directives.values() for source in sources)


def test_it_sends_the_policy_on_person_pages_too(rima_client: Client, world: dict[str, Any]) -> None:
    response = rima_client.get(reverse("web:person_detail", args=[world["muhammad"].public_id]))
    assert response.status_code == 200
    assert _directives(response)["script-src"] == ["'self'"]


@pytest.mark.parametrize("page", ["person_list", "person_detail"])
def test_it_forbids_storing_pages_with_personal_data(rima_client: Client, world: dict[str, Any],
                                                     page: str) -> None:
    args = [world["muhammad"].public_id] if page == "person_detail" else []
    response = rima_client.get(reverse(f"web:{page}", args=args))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_it_forbids_storing_the_login_page_and_redirects(client: Client, db: None) -> None:
    assert "no-store" in client.get(reverse("login"))["Cache-Control"]
    assert "no-store" in client.get(reverse("web:person_list"))["Cache-Control"]  # the redirect to login


def test_it_forbids_storing_error_pages(rima_client: Client) -> None:
    response = rima_client.get(reverse("web:person_detail", args=["no-such-person"]))
    assert response.status_code == 404
    assert "no-store" in response["Cache-Control"]


def test_it_refuses_framing_and_content_sniffing(client: Client, db: None) -> None:
    response = client.get(reverse("login"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
