"""The read-only UN API: token holders with the capability read readiness, a submission and what is
due; others get the one error envelope; reads are audited."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.test import Client
from rest_framework.authtoken.models import Token
from tests.factories import make_user

from athar.audit.models import AuditEvent
from athar.registry.models import Person
from athar.un.services import generate_communication, mark_sent


def _get(client: Client, user: Any, url: str) -> Any:
    token = Token.objects.create(user=user)
    return client.get(url, headers={"Authorization": f"Token {token.key}"})


def test_readiness_per_mechanism(client: Client, case_person: Person) -> None:
    response = _get(client, make_user("rima", "caseworker"), f"/api/un/persons/{case_person.public_id}/readiness/")
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["mechanisms"]["wgeid"]["is_ready"] is True
    missing = [e["element"] for e in body["mechanisms"]["wgad"]["elements"] if not e["is_met"]]
    assert missing == ["detention", "circumstances"]
    assert AuditEvent.objects.filter(details__api="un_readiness", target_id=case_person.public_id).exists()


def test_a_submission_and_what_is_due(client: Client, case_person: Person) -> None:
    communication = generate_communication(case_person, "wgeid", actor=None)
    mark_sent(communication.submission, communication=communication, sent_on=datetime.date(2020, 1, 1),
              channel="email", address_used="x@example.org", actor=None)
    rima = make_user("rima", "caseworker")
    token = Token.objects.create(user=rima)
    headers = {"Authorization": f"Token {token.key}"}
    body = json.loads(client.get(f"/api/un/submissions/{communication.submission_id}/", headers=headers).content)
    assert (body["status"], body["sent_on"], body["person_id"]) == ("SENT", "2020-01-01", case_person.public_id)
    assert [d["rule"] for d in body["deadlines"]] == ["no_acknowledgement"]
    assert [h["to"] for h in body["history"]] == ["READY", "SENT"]
    due = json.loads(client.get("/api/un/due/", headers=headers).content)
    assert [r["rule"] for r in due["results"]] == ["no_acknowledgement"] and due["results"][0]["is_overdue"]
    bad = client.get("/api/un/due/?days=x", headers=headers)
    assert bad.status_code == 400 and json.loads(bad.content)["error"]["code"] == "invalid"


def test_roles_without_the_capability_get_the_error_envelope(client: Client, case_person: Person) -> None:
    response = _get(client, make_user("sami", "analyst"), f"/api/un/persons/{case_person.public_id}/readiness/")
    assert response.status_code == 403
    assert set(json.loads(response.content)["error"]) >= {"code", "message"}
    assert AuditEvent.objects.filter(action="denied", actor_label="sami").exists()


def test_the_schema_lists_the_un_endpoints(client: Client, db: None) -> None:
    schema = json.loads(_get(client, make_user("rima", "caseworker"), "/api/schema/").content)
    assert "/api/un/persons/{public_id}/readiness/" in schema["paths"]
    assert "/api/un/due/" in schema["paths"]
