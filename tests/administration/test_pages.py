"""Accounts, sources and the audit log in the browser's pages: only for the roles that hold the
capability, every change through the audited services."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from tests.factories import make_cast, make_source

from athar.accounts.permissions import role_of
from athar.audit.models import AuditEvent
from athar.registry.models import Sensitivity, SourceGrant

pytestmark = pytest.mark.django_db

PAGES = {
    "administration:users": "manage_users",
    "administration:sources": "manage_sources",
    "administration:audit": "view_audit",
}
ALLOWED = {
    "administration:users": {"yusuf"},
    "administration:sources": {"yusuf", "omar"},
    "administration:audit": {"yusuf"},
}


@pytest.fixture
def cast() -> dict[str, Any]:
    return make_cast()


def _as(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize("who", ["yusuf", "omar", "rima", "reem", "sami", "anonymous"])
def test_each_page_opens_only_for_its_roles(client: Client, cast: dict[str, Any], page: str, who: str) -> None:
    if who != "anonymous":
        _as(client, cast[who])
    response = client.get(reverse(page))
    if who == "anonymous":
        assert response.status_code == 302 and "/login/" in response["Location"]
    elif who in ALLOWED[page]:
        assert response.status_code == 200
    else:
        assert response.status_code == 403


def test_the_navigation_shows_a_role_only_its_pages(client: Client, cast: dict[str, Any]) -> None:
    html = _as(client, cast["omar"]).get(reverse("administration:sources")).content.decode()
    assert reverse("administration:sources") in html and reverse("administration:audit") not in html


def test_an_administrator_creates_an_account_in_the_browser(client: Client, cast: dict[str, Any]) -> None:
    response = _as(client, cast["yusuf"]).post(reverse("administration:users"), {
        "username": "hiba", "role": "reviewer", "password": "a long passphrase for hiba"})
    assert response.status_code == 302
    from django.contrib.auth import get_user_model

    assert role_of(get_user_model().objects.get(username="hiba")) == "reviewer"


def test_a_weak_password_is_shown_as_a_form_error(client: Client, cast: dict[str, Any]) -> None:
    response = _as(client, cast["yusuf"]).post(reverse("administration:users"), {
        "username": "hiba", "role": "reviewer", "password": "1234567890123"})
    assert response.status_code == 200 and "errorlist" in response.content.decode()


def test_an_administrator_cannot_demote_herself(client: Client, cast: dict[str, Any]) -> None:
    _as(client, cast["yusuf"]).post(reverse("administration:user_change", args=[cast["yusuf"].pk]),
                                    {"change": "role", "role": "analyst"})
    assert role_of(cast["yusuf"]) == "administrator"


def test_a_data_manager_grants_and_revokes_a_source(client: Client, cast: dict[str, Any]) -> None:
    source = make_source("witnesses")
    url = reverse("administration:source", args=[source.pk])
    _as(client, cast["omar"]).post(url, {"change": "grant", "user": cast["rima"].pk, "role": ""})
    grant = SourceGrant.objects.get(source=source)
    assert grant.user == cast["rima"] and grant.granted_by == cast["omar"]
    client.post(url, {"change": "revoke", "grant": grant.pk})
    grant.refresh_from_db()
    assert grant.revoked_at is not None
    client.post(url, {"change": "sensitivity", "sensitivity": Sensitivity.INTERNAL})
    source.refresh_from_db()
    assert source.sensitivity == Sensitivity.INTERNAL
    assert list(AuditEvent.objects.filter(target_type="source").values_list("action", flat=True)) == [
        "grant", "revoke", "edit"]


def test_the_audit_log_filters_and_checks_the_chain(client: Client, cast: dict[str, Any]) -> None:
    _as(client, cast["sami"]).get(reverse("web:person_list"))  # a denial to find
    _as(client, cast["yusuf"])
    html = client.get(reverse("administration:audit"), {"action": "denied"}).content.decode()
    assert "sami" in html and "view_records" in html
    response = client.post(reverse("administration:audit_verify"), follow=True)
    assert "rows checked" in response.content.decode() or "صف" in response.content.decode()
