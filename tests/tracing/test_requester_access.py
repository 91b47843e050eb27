"""How to reach a family: only the assigned caseworker and administrators see it, every view is
audited, and no other page shows it."""

from __future__ import annotations

import pytest
from django.test import Client

from athar.audit.models import AuditEvent
from athar.tracing.intake import create_request, submit_public_request
from athar.tracing.requesters import assign

pytestmark = pytest.mark.django_db
PHONE = "+49 151 2345678"


@pytest.fixture
def hala_request(cast):
    return create_request(description={"given_name": "محمد", "family_name": "الحسن"},
                          requester={"relationship": "sister", "name": "هالة", "phone": PHONE},
                          actor=cast["rima"])


def _get(client: Client, user, url: str):
    client.force_login(user)
    return client.get(url)


@pytest.mark.parametrize("who", ["rima", "yusuf"])
def test_the_assigned_caseworker_and_administrators_see_it_and_are_audited(client, cast, hala_request, who):
    response = _get(client, cast[who], f"/tracing/requests/{hala_request.public_id}/requester/")
    assert response.status_code == 200
    assert PHONE in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.get(action="view", target_type="requester")
    assert (event.actor, event.target_id, event.outcome) == (cast[who], hala_request.public_id, "ok")


@pytest.mark.parametrize("who", ["nour", "omar", "reem", "sami"])
def test_everyone_else_is_refused_and_the_refusal_is_audited(client, cast, hala_request, who):
    response = _get(client, cast[who], f"/tracing/requests/{hala_request.public_id}/requester/")
    assert response.status_code == 403
    assert PHONE not in response.content.decode()
    assert AuditEvent.objects.filter(actor=cast[who], action="denied").exists()
    assert not AuditEvent.objects.filter(action="view", target_type="requester").exists()


def test_the_request_page_and_the_list_never_show_the_contact(client, cast, hala_request):
    for url in ("/tracing/", f"/tracing/requests/{hala_request.public_id}/"):
        response = _get(client, cast["rima"], url)
        assert response.status_code == 200
        assert PHONE not in response.content.decode()
        assert "هالة" not in response.content.decode()


def test_another_caseworker_may_not_take_an_assigned_request(cast, hala_request):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        assign(hala_request, to=cast["nour"], actor=cast["nour"])
    hala_request.refresh_from_db()
    assert hala_request.assigned_to == cast["rima"]


def test_a_caseworker_takes_an_unassigned_public_request_and_then_sees_the_contact(client, cast):
    request = submit_public_request(description={"given_name": "سامر"}, requester={"phone": PHONE})
    url = f"/tracing/requests/{request.public_id}/requester/"
    assert _get(client, cast["nour"], url).status_code == 403
    client.post(f"/tracing/requests/{request.public_id}/take/")
    assert _get(client, cast["nour"], url).status_code == 200
    assert _get(client, cast["rima"], url).status_code == 403
    assert AuditEvent.objects.filter(action="assign", target_id=request.public_id).count() == 1


def test_pages_need_the_tracing_capability(client, cast, hala_request):
    for who in ("sami", "reem"):
        assert _get(client, cast[who], f"/tracing/requests/{hala_request.public_id}/").status_code == 403
        assert _get(client, cast[who], "/tracing/").status_code == 403
