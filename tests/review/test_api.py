"""The review API: the queue, a pair, a decision and its undo, per role; the same visibility and
audit as the pages; the one error envelope."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from athar.audit.models import AuditEvent
from athar.registry.models import Record
from athar.review.models import Judgement

pytestmark = pytest.mark.django_db


def api(world: dict[str, Any], who: str | None) -> Client:
    client = Client()
    if who is not None:
        token, _ = Token.objects.get_or_create(user=world[who])
        client.defaults["HTTP_AUTHORIZATION"] = f"Token {token.key}"
    return client


@pytest.mark.parametrize(("who", "expected"), [
    ("yusuf", 200), ("omar", 200), ("rima", 200), ("reem", 200), ("nour", 200), ("sami", 403), (None, 401),
])
def test_who_may_read_the_queue(world: dict[str, Any], who: str | None, expected: int) -> None:
    response = api(world, who).get("/api/review/pairs/")
    assert response.status_code == expected
    if expected != 200:
        body = json.loads(response.content)
        assert set(body) == {"error"} and body["error"]["code"] in {"permission_denied", "not_authenticated"}
        assert "محمد" not in response.content.decode()


@pytest.mark.parametrize(("who", "expected"), [
    ("omar", 201), ("rima", 201), ("reem", 201), ("sami", 403), (None, 401),
])
def test_who_may_decide(world: dict[str, Any], who: str | None, expected: int) -> None:
    pair = world["pairs"]["F1-F2"]
    response = api(world, who).post(f"/api/review/pairs/{pair.pk}/decide/", {"verdict": "unsure"},
                                    content_type="application/json")
    assert response.status_code == expected
    assert Judgement.objects.count() == (1 if expected == 201 else 0)


def test_the_queue_shows_only_pairs_whose_records_the_caller_may_read(world: dict[str, Any]) -> None:
    ids = {p["id"] for p in json.loads(api(world, "reem").get("/api/review/pairs/").content)["results"]}
    assert ids == {world["pairs"]["F1-F2"].pk, world["pairs"]["W1-F2"].pk}
    ids = {p["id"] for p in json.loads(api(world, "omar").get("/api/review/pairs/").content)["results"]}
    assert world["pairs"]["F1-S1"].pk in ids
    hidden = world["pairs"]["F1-S1"].pk
    rima = api(world, "rima")
    for response in (rima.get(f"/api/review/pairs/{hidden}/"),
                     rima.post(f"/api/review/pairs/{hidden}/decide/", {"verdict": "positive"},
                               content_type="application/json")):
        assert response.status_code == 404
        assert json.loads(response.content)["error"]["code"] == "not_found"
    assert not Judgement.objects.exists()


def test_a_pair_reads_as_data_with_the_explanation_in_the_asked_language(world: dict[str, Any]) -> None:
    pair = world["pairs"]["F1-F2"]
    body = json.loads(api(world, "reem").get(f"/api/review/pairs/{pair.pk}/?lang=ar").content)
    assert body["left"]["record_id"] == "F-1" and body["right"]["fields"]["father_name"] == "علي"
    assert body["left"]["source"] == "family_reports"
    father = next(t for t in body["explanation"] if t["field"] == "father")
    assert (father["level"], father["weight"], father["field_label"], father["level_label"]) == \
        ("different", -4.4, "اسم الأب", "مختلف")
    assert body["judgement"] is None
    english = json.loads(api(world, "reem").get(f"/api/review/pairs/{pair.pk}/?lang=en").content)
    assert next(t for t in english["explanation"] if t["field"] == "father")["level_label"] == "different"
    assert AuditEvent.objects.filter(action="view", target_type="review_pair", actor_label="reem").count() == 2


def test_decide_then_undo_through_the_api(world: dict[str, Any]) -> None:
    pair = world["pairs"]["F1-F2"]
    him = Record.objects.get(record_id="F-1").person_id
    client = api(world, "reem")
    response = client.post(f"/api/review/pairs/{pair.pk}/decide/", {"verdict": "negative", "reason": "أب آخر"},
                           content_type="application/json")
    assert response.status_code == 201
    judgement = json.loads(response.content)
    assert (judgement["verdict"], judgement["actor"], judgement["reason"]) == ("negative", "reem", "أب آخر")
    assert Record.objects.get(record_id="F-2").person_id != him
    body = json.loads(client.get("/api/review/pairs/?state=decided").content)
    assert [p["id"] for p in body["results"]] == [pair.pk]

    response = client.post(f"/api/review/judgements/{judgement['id']}/undo/")
    assert response.status_code == 200
    assert json.loads(response.content) == {"judgement": judgement["id"], "restored": 1, "kept_moved_since": 0}
    assert Record.objects.get(record_id="F-2").person_id == him
    again = client.post(f"/api/review/judgements/{judgement['id']}/undo/")
    assert again.status_code == 409 and json.loads(again.content)["error"]["code"] == "review_conflict"


def test_a_bad_verdict_is_refused_with_the_field_named(world: dict[str, Any]) -> None:
    pair = world["pairs"]["F1-F2"]
    response = api(world, "reem").post(f"/api/review/pairs/{pair.pk}/decide/", {"verdict": "maybe"},
                                       content_type="application/json")
    assert response.status_code == 400
    assert "verdict" in json.loads(response.content)["error"]["fields"]


def test_the_schema_describes_the_review_endpoints(world: dict[str, Any]) -> None:
    schema = json.loads(api(world, "reem").get("/api/schema/").content)
    assert {"/api/review/pairs/", "/api/review/pairs/{id}/decide/", "/api/review/judgements/{id}/undo/"} <= \
        set(schema["paths"])
