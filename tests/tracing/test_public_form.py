"""The public request form: no account, CSRF, bounded, and it reveals nothing about the registry."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from tests.tracing.conftest import BROTHER, STRANGER

from athar.audit.models import AuditEvent
from athar.tracing.models import Consent, Notification, Requester, TracingRequest
from athar.tracing.throttle import PER_ADDRESS_PER_HOUR

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


def _post(person: dict[str, str], **extra: str) -> dict[str, str]:
    data = {f"p-{k}": v for k, v in person.items()}
    data.update({"p-preferred_language": "ar", "p-preferred_channel": "whatsapp",
                 "r-relationship": "sister", "r-name": "هالة", "r-phone": "+49 151 0000000",
                 "c-consent_internal": "on", "c-consent_icrc": "on"})
    data.update(extra)
    return data


def _visible(html: str) -> str:
    """The page without the CSRF token (random per response)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_it_needs_no_account_and_shows_arabic_first(client: Client) -> None:
    response = client.get("/tracing/ask/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'dir="rtl"' in html and "csrfmiddlewaretoken" in html


def test_a_known_and_an_unknown_person_get_the_same_answer(linked_registry: Any, client: Client) -> None:
    known = client.post("/tracing/ask/", _post(BROTHER), follow=True)
    unknown = client.post("/tracing/ask/", _post(STRANGER), follow=True)
    assert known.status_code == unknown.status_code == 200
    assert known.redirect_chain == unknown.redirect_chain == [("/tracing/ask/thanks/", 302)]
    assert _visible(known.content.decode()) == _visible(unknown.content.decode())
    body = known.content.decode()
    for leak in ("P-", "Al-Hasan", "الحسن", "candidate", "مرشح"):
        assert leak not in body
    # Both were taken, with nothing matched: no search runs at intake.
    assert TracingRequest.objects.count() == 2
    assert not TracingRequest.objects.filter(candidates__isnull=False).exists()


def test_it_keeps_the_requester_apart_encrypted_and_the_consents_ticked(client: Client) -> None:
    client.post("/tracing/ask/", _post(BROTHER))
    request = TracingRequest.objects.get()
    assert request.origin == "public_form" and request.assigned_to is None and request.status == "new"
    requester = Requester.objects.get(tracing_request=request)
    assert requester.phone == "+49 151 0000000"
    from django.db import connection
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone, name FROM tracing_requester")
        stored_phone, stored_name = cursor.fetchone()
    assert "0000000" not in stored_phone and "هالة" not in stored_name
    assert sorted(Consent.objects.filter(tracing_request=request).values_list("recipient", flat=True)) == [
        "icrc", "internal"]
    assert Notification.objects.get(tracing_request=request).user is None


def test_the_audit_row_keeps_no_address_and_no_name(client: Client) -> None:
    client.post("/tracing/ask/", _post(BROTHER), REMOTE_ADDR="203.0.113.9")
    event = AuditEvent.objects.get(action="create", target_type="tracing_request")
    assert event.ip_address is None and event.actor_label == "anonymous"
    assert "محمد" not in str(event.details) and "203.0.113.9" not in str(event.details)


def test_it_refuses_a_post_without_csrf() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/tracing/ask/", _post(BROTHER))
    assert response.status_code == 403
    assert TracingRequest.objects.count() == 0


def test_it_bounds_submissions_per_address(client: Client) -> None:
    for _ in range(PER_ADDRESS_PER_HOUR):
        assert client.post("/tracing/ask/", _post(STRANGER), REMOTE_ADDR="198.51.100.7").status_code == 302
    assert client.post("/tracing/ask/", _post(STRANGER), REMOTE_ADDR="198.51.100.7").status_code == 429
    assert client.post("/tracing/ask/", _post(STRANGER), REMOTE_ADDR="198.51.100.8").status_code == 302
    assert TracingRequest.objects.count() == PER_ADDRESS_PER_HOUR + 1


def test_a_robot_filling_the_hidden_field_gets_the_same_answer_and_saves_nothing(client: Client) -> None:
    response = client.post("/tracing/ask/", _post(BROTHER, **{"t-website": "http://spam"}))
    assert response.status_code == 302 and response["Location"] == "/tracing/ask/thanks/"
    assert TracingRequest.objects.count() == 0


def test_it_never_puts_what_was_typed_in_a_url(client: Client) -> None:
    response = client.post("/tracing/ask/", _post(BROTHER))
    assert "محمد" not in response["Location"] and "%D9" not in response["Location"]


def test_a_form_without_a_name_or_contact_is_refused_with_its_own_errors_only(client: Client) -> None:
    response = client.post("/tracing/ask/", {"p-preferred_language": "ar", "p-preferred_channel": "phone"})
    assert response.status_code == 400
    assert TracingRequest.objects.count() == 0
