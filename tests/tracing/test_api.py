"""The tracing API: the same rules as the pages. Requests read by every caseworker, ranked
candidates named from the records the caller may read, how to reach the family only for the
assigned caseworker and administrators (every view and refusal audited), every state change
through the services, refusals in the one error envelope."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token
from tests.tracing.conftest import BROTHER

from athar.audit.models import AuditEvent
from athar.interchange import PartialDate
from athar.registry.models import Sensitivity, Source
from athar.tracing.intake import create_request
from athar.tracing.models import Status, TracingRequest

pytestmark = pytest.mark.django_db
PHONE = "+49 151 2345678"


def api(user: Any) -> Client:
    client = Client()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.defaults["HTTP_AUTHORIZATION"] = f"Token {token.key}"
    return client


def _brother_request(rima: Any) -> TracingRequest:
    description = dict(BROTHER, birth_date=PartialDate.parse(BROTHER["birth_date"]),
                       last_seen_on=PartialDate.parse(BROTHER["last_seen_on"]))
    return create_request(description=description, consents={"internal": True},
                          requester={"relationship": "sister", "name": "هالة", "phone": PHONE}, actor=rima)


def _post(client: Client, url: str, data: dict[str, Any] | None = None) -> Any:
    return client.post(url, data or {}, content_type="application/json")


def _body(response: Any) -> Any:
    return json.loads(response.content)


@pytest.mark.parametrize(("who", "expected"), [
    ("yusuf", 200), ("rima", 200), ("nour", 200), ("omar", 403), ("reem", 403), ("sami", 403), (None, 401)])
def test_who_may_list_the_requests(cast: Any, who: str | None, expected: int) -> None:
    _brother_request(cast["rima"])
    response = api(cast.get(who)).get("/api/tracing/requests/")
    assert response.status_code == expected
    if expected == 200:
        listed = _body(response)["results"]
        assert [r["name_as_given"] for r in listed] == ["محمد أحمد خليل الحسن"]
        assert listed[0]["assigned_to"] == "rima" and listed[0]["status"] == "new"
    else:
        assert set(_body(response)) == {"error"} and "محمد" not in response.content.decode()
    if who in ("omar", "reem", "sami"):
        assert AuditEvent.objects.filter(action="denied", actor=cast[who]).exists()


def test_the_list_filters_by_state_and_by_whom_it_is_assigned_to(cast: Any) -> None:
    mine = _brother_request(cast["rima"])
    create_request(description={"given_name": "سامر"}, requester={}, actor=cast["nour"])
    client = api(cast["rima"])
    assert [r["public_id"] for r in _body(client.get("/api/tracing/requests/?assigned=me"))["results"]] == [
        mine.public_id]
    assert _body(client.get("/api/tracing/requests/?status=searching"))["count"] == 0
    refused = client.get("/api/tracing/requests/?status=found")
    assert refused.status_code == 400 and _body(refused)["error"]["code"] == "invalid"
    listing = AuditEvent.objects.filter(action="view", target_type="tracing_request_list").latest("sequence")
    assert listing.details == {"shown": 0, "flagged": 0, "api": True}


def test_a_request_is_read_with_its_ranked_candidates_in_the_callers_language_and_audited(
        linked_registry: Any, cast: Any) -> None:
    rima = cast["rima"]
    request = _brother_request(rima)
    client = api(rima)
    _post(client, f"/api/tracing/requests/{request.public_id}/status/", {"to_status": "searching", "reason": "بدأنا"})
    matched = _post(client, f"/api/tracing/requests/{request.public_id}/match/")
    assert matched.status_code == 200 and _body(matched)["new_candidates"] >= 1

    body = _body(client.get(f"/api/tracing/requests/{request.public_id}/?lang=ar"))
    assert body["status"] == "candidate_found" and body["status_label"] == "وُجد مرشح"
    first = body["candidates"][0]
    assert first["person_id"] == linked_registry["brother"].public_id and first["rank"] == 1
    assert first["match_probability"] > 0.9 and first["decision"] == "open" and first["is_new"] is True
    assert "اسم الجد" in [term["field"] for term in first["explanation"]]
    assert body["description"]["last_seen_on"] == "2013-04" and body["description"]["given_name"] == "محمد"
    assert [h["to_status"] for h in body["history"]] == ["new", "searching", "candidate_found"]
    assert body["allowed_next"] == ["searching", "rejected", "closed"]
    assert {c["recipient"]: c["answer"] for c in body["consents"]}["internal"] == "granted"
    assert body["can_see_requester"] is True
    assert PHONE not in json.dumps(body) and "هالة" not in json.dumps(body)  # never on the request itself
    assert AuditEvent.objects.filter(action="view", target_type="tracing_request", target_id=request.public_id,
                                     details__api=True).exists()
    # Reading through the API leaves the caseworker's news unread: the page shows it to a person.
    assert _body(client.get("/api/tracing/requests/?assigned=me"))["results"][0]["new_candidates"]["count"] >= 1


def test_candidates_in_sources_the_caller_cannot_read_are_only_counted(linked_registry: Any, cast: Any) -> None:
    rima = cast["rima"]
    request = _brother_request(rima)
    _post(api(rima), f"/api/tracing/requests/{request.public_id}/status/", {"to_status": "searching", "reason": "x"})
    _post(api(rima), f"/api/tracing/requests/{request.public_id}/match/")
    Source.objects.update(sensitivity=Sensitivity.RESTRICTED)  # rima holds no grant: she sees no person
    body = _body(api(rima).get(f"/api/tracing/requests/{request.public_id}/"))
    assert body["candidates"] == [] and body["hidden_candidates"] >= 1
    assert linked_registry["brother"].public_id not in json.dumps(body)
    admin = _body(api(cast["yusuf"]).get(f"/api/tracing/requests/{request.public_id}/"))
    assert admin["candidates"][0]["person_id"] == linked_registry["brother"].public_id
    candidate = request.candidates.get(person=linked_registry["brother"])
    hidden = _post(api(rima), f"/api/tracing/requests/{request.public_id}/candidates/{candidate.pk}/verify/",
                   {"reason": "x"})
    assert hidden.status_code == 404


@pytest.mark.parametrize(("who", "expected"), [("rima", 200), ("yusuf", 200), ("nour", 403), ("omar", 403)])
def test_only_the_assigned_caseworker_and_administrators_read_how_to_reach_the_family(
        cast: Any, who: str, expected: int) -> None:
    request = _brother_request(cast["rima"])
    response = api(cast[who]).get(f"/api/tracing/requests/{request.public_id}/requester/")
    assert response.status_code == expected
    if expected == 200:
        assert _body(response) == {"relationship": "sister", "name": "هالة", "phone": PHONE, "email": "",
                                   "other_contact": "", "safety_notes": ""}
        assert "no-store" in response["Cache-Control"]
        assert AuditEvent.objects.filter(action="view", target_type="requester", target_id=request.public_id,
                                         actor=cast[who]).count() == 1
    else:
        assert PHONE not in response.content.decode()
        assert _body(response)["error"]["code"] == "permission_denied"
        assert AuditEvent.objects.filter(action="denied", actor=cast[who], outcome="denied").exists()


def test_from_search_to_family_informed_through_the_api(linked_registry: Any, cast: Any) -> None:
    rima = cast["rima"]
    request = _brother_request(rima)
    client = api(rima)
    url = f"/api/tracing/requests/{request.public_id}"
    illegal = _post(client, f"{url}/status/", {"to_status": "candidate_found", "reason": "x"})
    assert illegal.status_code == 409 and _body(illegal)["error"]["code"] == "illegal_transition"
    guarded = _post(client, f"{url}/status/", {"to_status": "verified", "reason": "x"})
    assert guarded.status_code == 400 and "to_status" in _body(guarded)["error"]["fields"]
    assert _post(client, f"{url}/status/", {"to_status": "searching", "reason": ""}).status_code == 400
    assert _post(client, f"{url}/inform/", {"channel": "phone", "confirmed": True}).status_code == 409

    _post(client, f"{url}/status/", {"to_status": "searching", "reason": "بدأنا البحث"})
    _post(client, f"{url}/match/")
    candidates = _body(client.get(f"{url}/"))["candidates"]
    brother = next(c for c in candidates if c["person_id"] == linked_registry["brother"].public_id)
    others = [c for c in candidates if c is not brother]
    if others:
        rejected = _post(client, f"{url}/candidates/{others[0]['id']}/reject/", {"reason": "ليس هو"})
        assert rejected.status_code == 200
    verified = _post(client, f"{url}/candidates/{brother['id']}/verify/", {"reason": "الأم والجد متطابقان"})
    assert verified.status_code == 200
    assert _body(verified)["status"] == "verified" and _body(verified)["informing_task_open"] is True
    assert _body(verified)["person_id"] == linked_registry["brother"].public_id
    unconfirmed = _post(client, f"{url}/inform/", {"channel": "whatsapp", "confirmed": False})
    assert unconfirmed.status_code == 400
    informed = _post(client, f"{url}/inform/", {"channel": "whatsapp", "notes": "طلبت الأخت نسخة", "confirmed": True})
    assert informed.status_code == 200 and _body(informed)["status"] == "family_informed"
    request.refresh_from_db()
    assert request.status == Status.FAMILY_INFORMED
    assert [c.actor for c in request.status_changes.all()] == [rima] * 5
    assert AuditEvent.objects.filter(action="inform_family", target_id=request.public_id, actor=rima).count() == 1


def test_searching_before_any_resolve_is_refused_with_its_code(cast: Any, settings: Any, tmp_path: Any) -> None:
    settings.DATA_DIR = tmp_path
    request = _brother_request(cast["rima"])
    response = _post(api(cast["rima"]), f"/api/tracing/requests/{request.public_id}/match/")
    assert response.status_code == 409
    assert _body(response)["error"] == {"code": "no_linkage_run", "message": (
        "the registry has not been linked yet: run `athar resolve` first")}
