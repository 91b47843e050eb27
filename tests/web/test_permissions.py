"""The existing pages under roles and source sensitivity: analysts read no names, restricted
records stay invisible (lists, search, person page), every view and search is audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from tests.factories import make_user

from athar.audit.models import AuditEvent
from athar.registry.models import Person, Record, Sensitivity, Source


@pytest.fixture
def sami_client(client: Client, db: None) -> Client:
    client.force_login(make_user("sami", "analyst"))
    return client


def test_an_analyst_gets_no_person_list(sami_client: Client, world: dict[str, Any]) -> None:
    response = sami_client.get(reverse("web:person_list"))
    assert response.status_code == 403
    assert "محمد" not in response.content.decode()
    assert AuditEvent.objects.filter(action="denied", outcome="denied").count() == 1


def test_an_analyst_gets_no_person_page(sami_client: Client, world: dict[str, Any]) -> None:
    response = sami_client.get(reverse("web:person_detail", args=[world["muhammad"].public_id]))
    assert response.status_code == 403


def test_a_user_without_a_role_gets_nothing(client: Client, world: dict[str, Any]) -> None:
    client.force_login(make_user("nobody", None))
    assert client.get(reverse("web:person_list")).status_code == 403


def _restrict(source_name: str) -> None:
    Source.objects.filter(name=source_name).update(sensitivity=Sensitivity.RESTRICTED)


def test_a_restricted_records_name_never_shows_through_its_person(rima_client: Client, world: dict[str, Any]) -> None:
    _restrict("family_reports_2024")  # holds the Arabic name محمد أحمد الحسن
    html = rima_client.get(reverse("web:person_detail", args=[world["muhammad"].public_id])).content.decode()
    assert "FR-1" not in html and "محمد أحمد الحسن" not in html
    assert "CR-7" in html  # the records she may read are still there


def test_a_person_known_only_from_restricted_records_is_not_found(rima_client: Client,
                                                                  world: dict[str, Any]) -> None:
    _restrict("family_reports_2024")
    fatima = world["fatima"]  # only record: FR-2 in family_reports_2024
    response = rima_client.get(reverse("web:person_detail", args=[fatima.public_id]))
    assert response.status_code == 404
    denied = AuditEvent.objects.get(action="view", outcome="denied")
    assert denied.target_id == fatima.public_id
    listing = rima_client.get(reverse("web:person_list")).content.decode()
    assert fatima.public_id not in listing


def test_search_does_not_find_restricted_records(rima_client: Client, world: dict[str, Any]) -> None:
    _restrict("ngo_list_2023")
    rima_client.post(reverse("web:person_list"), {"q": "محمود حسين العلي"})
    html = rima_client.get(reverse("web:person_list")).content.decode()
    assert "NL-9" not in html
    assert "لا يوجد شخص يطابق هذا الاسم" in html  # "no person matches this name"


def test_views_and_searches_are_audited_without_the_query(rima_client: Client, world: dict[str, Any]) -> None:
    rima_client.get(reverse("web:person_detail", args=[world["muhammad"].public_id]))
    rima_client.post(reverse("web:person_list"), {"q": "Mohammad Al-Hasan"})
    rima_client.get(reverse("web:person_list"))
    view = AuditEvent.objects.get(action="view")
    assert view.target_id == world["muhammad"].public_id and view.actor.username == "rima"
    assert sorted(view.details["records"]) == sorted(
        Record.objects.filter(person=world["muhammad"]).values_list("pk", flat=True))
    search = AuditEvent.objects.get(action="search")
    assert "Mohammad" not in str(search.details) and search.path == reverse("web:person_list")
    assert Person.objects.exists()
