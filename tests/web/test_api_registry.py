"""The persons, records and search API: same visibility, permissions and audit as the pages."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token
from tests.factories import make_user

from athar.audit.models import AuditEvent
from athar.registry.models import Record, Sensitivity, Source
from athar.registry.revisions import revise_record


def _api(user: Any) -> Client:
    token = Token.objects.create(user=user)
    return Client(headers={"Authorization": f"Token {token.key}"})


@pytest.fixture
def rima_api(rima: Any) -> Client:
    return _api(rima)


def test_it_lists_visible_persons_with_names_from_visible_records(rima_api: Client, world: dict[str, Any]) -> None:
    body = json.loads(rima_api.get("/api/persons/").content)
    by_id = {p["id"]: p for p in body["results"]}
    muhammad = by_id[world["muhammad"].public_id]
    assert muhammad["display_name"] == "محمد أحمد الحسن" and muhammad["record_count"] == 3
    assert muhammad["fates"] == ["deceased", "detained"] and muhammad["is_conflicting"] is True
    assert AuditEvent.objects.filter(action="view", target_type="person_list", actor__username="rima").count() == 1


def test_it_filters_persons_by_fate_and_year(rima_api: Client, world: dict[str, Any]) -> None:
    ids = [p["id"] for p in json.loads(rima_api.get("/api/persons/?fate=deceased").content)["results"]]
    assert ids == [world["muhammad"].public_id]
    ids = [p["id"] for p in json.loads(rima_api.get("/api/persons/?year=2013").content)["results"]]
    assert ids == [world["fatima"].public_id]


def test_it_searches_by_post_across_scripts(rima_api: Client, world: dict[str, Any]) -> None:
    response = rima_api.post("/api/search/", {"query": "Mhd Hasan", "limit": 5}, content_type="application/json")
    body = json.loads(response.content)
    assert body["hits"][0]["person_id"] == world["muhammad"].public_id
    assert {r["record_id"] for r in body["hits"][0]["records"]} == {"FR-1", "CR-7", "WT-3"}
    search = AuditEvent.objects.get(action="search")
    assert "Hasan" not in json.dumps(search.details)


def test_a_search_filter_narrows_the_results(rima_api: Client, world: dict[str, Any]) -> None:
    source = Source.objects.get(name="ngo_list_2023").pk
    body = json.loads(rima_api.post("/api/search/", {"query": "محمد", "source": source},
                                    content_type="application/json").content)
    assert [r["record_id"] for h in body["hits"] for r in h["records"]] == []
    body = json.loads(rima_api.post("/api/search/", {"query": "محمود العلي", "source": source},
                                    content_type="application/json").content)
    assert [r["record_id"] for h in body["hits"] for r in h["records"]] == ["NL-9"]


def test_a_person_detail_has_records_timeline_and_claims(rima_api: Client, world: dict[str, Any]) -> None:
    body = json.loads(rima_api.get(f"/api/persons/{world['muhammad'].public_id}/").content)
    assert [r["record_id"] for r in body["records"]] == ["FR-1", "CR-7", "WT-3"]
    assert [e["event_type"] for e in body["timeline"]] == ["arrest", "death_certificate", "detention_sighting"]
    assert sorted(c["fate"] for c in body["fate_claims"]) == ["deceased", "detained", "detained"]


def test_a_record_detail_carries_its_history(rima_api: Client, world: dict[str, Any]) -> None:
    record = Record.objects.get(record_id="FR-2")
    revise_record(record, values={"full_name": "فاطمة خليل الزعبي الحمصي"}, actor=None, reason="corrected list")
    body = json.loads(rima_api.get(f"/api/records/{record.pk}/").content)
    assert body["fields"]["full_name"] == "فاطمة خليل الزعبي الحمصي"
    [entry] = body["history"]
    assert entry["changes"] == [{"field": "full_name", "earlier": "فاطمة خليل الزعبي",
                                 "later": "فاطمة خليل الزعبي الحمصي"}]
    assert entry["reason"] == "corrected list"


def test_a_restricted_record_is_not_found_and_the_refusal_audited(rima_api: Client, world: dict[str, Any]) -> None:
    Source.objects.filter(name="family_reports_2024").update(sensitivity=Sensitivity.RESTRICTED)
    record = Record.objects.get(record_id="FR-2")
    response = rima_api.get(f"/api/records/{record.pk}/")
    assert response.status_code == 404
    assert json.loads(response.content)["error"]["code"] == "not_found"
    assert AuditEvent.objects.filter(action="view", outcome="denied", target_id=str(record.pk)).count() == 1
    assert rima_api.get(f"/api/persons/{world['fatima'].public_id}/").status_code == 404


def test_an_analyst_gets_a_403_envelope(world: dict[str, Any]) -> None:
    response = _api(make_user("sami", "analyst")).get("/api/persons/")
    assert response.status_code == 403
    assert set(json.loads(response.content)) == {"error"}


def test_the_endpoints_are_in_the_schema(rima_api: Client) -> None:
    paths = json.loads(rima_api.get("/api/schema/").content)["paths"]
    assert {"/api/persons/", "/api/persons/{public_id}/", "/api/records/{id}/", "/api/search/"} <= set(paths)


def test_the_person_list_is_ordered_by_the_names_the_caller_may_read(client: Client, db: None) -> None:
    from tests.factories import make_record, make_source, make_user

    from athar.registry.choices import Sensitivity
    from athar.registry.models import Person
    from athar.registry.services import apply_clusters

    shown = make_source("shown_list", sensitivity=Sensitivity.INTERNAL)
    hidden = make_source("hidden_list", sensitivity=Sensitivity.RESTRICTED)
    make_record("S-1", source=shown, full_name="Zaid Khalil")
    make_record("H-1", source=hidden, full_name="أحمد خليل")  # same man, in a source the caseworker may not read
    make_record("S-2", source=shown, full_name="بشير حسن")
    apply_clusters([("shown_list", "S-1", "x"), ("hidden_list", "H-1", "x"), ("shown_list", "S-2", "y")],
                   run_id="test")
    zaid = Person.objects.get(records__record_id="S-1").public_id
    bashir = Person.objects.get(records__record_id="S-2").public_id
    client.force_login(make_user("rima", "caseworker"))
    rows = client.get("/api/persons/").json()["results"]
    assert [(r["id"], r["display_name"]) for r in rows] == [(bashir, "بشير حسن"), (zaid, "Zaid Khalil")]
    client.force_login(make_user("yusuf", "administrator"))
    assert [r["id"] for r in client.get("/api/persons/").json()["results"]] == [zaid, bashir]  # أحمد, بشير
