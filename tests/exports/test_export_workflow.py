"""The export workflow: a second person approves; the file is built from what the requester may
see, without persons lacking consent, with formulas neutralised, encrypted, downloaded by the
requester alone a limited number of times; every step audited."""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from tests.factories import make_cast, make_record, make_source

from athar.accounts.permissions import CapabilityDenied
from athar.audit.models import AuditEvent
from athar.encryption import decrypt_bytes
from athar.exports import services
from athar.exports.errors import ExportError
from athar.exports.models import ExportRequest, Status
from athar.registry.grants import grant_source
from athar.registry.models import Person, Sensitivity
from athar.registry.services import link_record
from athar.tracing.consent import record_consent, withdraw_consent


@pytest.fixture
def cast(db: None) -> dict[str, Any]:
    return make_cast()


@pytest.fixture
def world(cast: dict[str, Any]) -> dict[str, Any]:
    open_source = make_source("ngo_list", sensitivity=Sensitivity.INTERNAL)
    secret = make_source("secret_testimonies", sensitivity=Sensitivity.RESTRICTED)
    records = {
        "ahmad": make_record("N-1", source=open_source, full_name="أحمد خالد العلي"),
        "formula": make_record("N-2", source=open_source, full_name="=HYPERLINK(\"http://x\")"),
        "hidden": make_record("S-1", source=secret, full_name="Samir Hidden Name"),
    }
    persons = {}
    for key, record in records.items():
        person = Person.objects.create()
        link_record(record, person, actor=None)
        persons[key] = person
    # Samir's secret record also belongs to Ahmad's person: a person seen through two sources.
    make_record("S-2", source=secret, full_name="Ahmad Secret Alias", person=persons["ahmad"], derive=False)
    return {"sources": {"open": open_source, "secret": secret}, "persons": persons, "records": records}


def _request(actor: Any, world: dict[str, Any], **fields: Any) -> ExportRequest:
    values = {"scope": "source", "source": world["sources"]["open"], "file_format": "csv",
              "recipient": "internal", "purpose": "annual consolidation"}
    values.update(fields)
    return services.request_export(actor=actor, **values)


def _rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_it_builds_the_file_only_after_a_second_persons_approval(cast: dict[str, Any], world: dict[str, Any]) -> None:
    export = _request(cast["rima"], world)
    assert export.status == Status.PENDING and export.content is None
    with pytest.raises(ExportError) as refused:
        services.download_export(export, actor=cast["rima"])
    assert refused.value.code == "not_approved"
    services.approve_export(export, actor=cast["omar"])
    export.refresh_from_db()
    assert export.status == Status.APPROVED and export.decided_by == cast["omar"]
    rows = _rows(services.download_export(export, actor=cast["rima"]))
    assert sorted(r["record_id"] for r in rows) == ["N-1", "N-2"]
    assert {r["person_id"] for r in rows} == {world["persons"]["ahmad"].public_id, world["persons"]["formula"].public_id}


def test_it_refuses_approval_by_the_requester(cast: dict[str, Any], world: dict[str, Any]) -> None:
    export = _request(cast["omar"], world)
    with pytest.raises(ExportError) as refused:
        services.approve_export(export, actor=cast["omar"])
    assert refused.value.code == "own_request"
    export.refresh_from_db()
    assert export.status == Status.PENDING
    assert AuditEvent.objects.filter(action="export_approve", outcome="denied", actor=cast["omar"]).count() == 1


def test_it_refuses_roles_without_the_capabilities(cast: dict[str, Any], world: dict[str, Any]) -> None:
    with pytest.raises(CapabilityDenied):
        _request(cast["sami"], world)  # analyst
    with pytest.raises(CapabilityDenied):
        _request(cast["reem"], world)  # reviewer
    export = _request(cast["rima"], world)
    with pytest.raises(CapabilityDenied):
        services.approve_export(export, actor=cast["nour"])  # a caseworker may not approve
    assert AuditEvent.objects.filter(action="denied", outcome="denied").count() == 3


def test_it_scopes_the_file_to_what_the_requester_may_see(cast: dict[str, Any], world: dict[str, Any]) -> None:
    ahmad = world["persons"]["ahmad"]
    export = _request(cast["rima"], world, scope="persons", source=None, person_ids=[ahmad.public_id])
    services.approve_export(export, actor=cast["yusuf"])  # the approver sees everything; the file does not
    content = services.download_export(export, actor=cast["rima"])
    assert [r["record_id"] for r in _rows(content)] == ["N-1"]
    assert "Ahmad Secret Alias" not in content.decode("utf-8-sig")


def test_a_granted_requester_gets_the_restricted_records(cast: dict[str, Any], world: dict[str, Any]) -> None:
    grant_source(world["sources"]["secret"], user=cast["rima"], actor=cast["yusuf"])
    ahmad = world["persons"]["ahmad"]
    export = _request(cast["rima"], world, scope="persons", source=None, person_ids=[ahmad.public_id])
    services.approve_export(export, actor=cast["omar"])
    assert sorted(r["record_id"] for r in _rows(services.download_export(export, actor=cast["rima"]))) == ["N-1", "S-2"]


def test_it_refuses_a_request_naming_an_invisible_person_or_source(cast: dict[str, Any], world: dict[str, Any]) -> None:
    hidden = world["persons"]["hidden"]
    with pytest.raises(ExportError) as persons:
        _request(cast["rima"], world, scope="persons", source=None, person_ids=[hidden.public_id])
    with pytest.raises(ExportError) as source:
        _request(cast["rima"], world, source=world["sources"]["secret"])
    assert (persons.value.code, source.value.code) == ("unknown_persons", "unknown_source")
    assert ExportRequest.objects.count() == 0


def test_it_leaves_out_persons_without_consent_for_an_outside_recipient(cast: dict[str, Any],
                                                                         world: dict[str, Any]) -> None:
    ahmad, formula = world["persons"]["ahmad"], world["persons"]["formula"]
    today = datetime.date(2026, 12, 1)
    record_consent(ahmad, recipient="icrc", is_granted=True, wording_shown="wording v1", given_by="brother",
                   given_on=today, actor=cast["rima"])
    withdrawn = record_consent(formula, recipient="icrc", is_granted=True, wording_shown="wording v1",
                               given_by="mother", given_on=today, actor=cast["rima"])
    withdraw_consent(withdrawn, actor=cast["rima"])
    export = _request(cast["rima"], world, recipient="icrc")
    services.approve_export(export, actor=cast["omar"])
    export.refresh_from_db()
    assert (export.record_count, export.excluded_persons) == (1, 1)
    assert [r["record_id"] for r in _rows(services.download_export(export, actor=cast["rima"]))] == ["N-1"]
    checks = AuditEvent.objects.filter(action="consent_check")
    assert sorted(checks.values_list("outcome", flat=True)) == ["denied", "ok"]


def test_an_internal_export_respects_a_refusal_of_internal_use(cast: dict[str, Any], world: dict[str, Any]) -> None:
    record_consent(world["persons"]["formula"], recipient="internal", is_granted=False, wording_shown="wording v1",
                   given_by="mother", given_on=datetime.date(2026, 12, 1), actor=cast["rima"])
    export = _request(cast["rima"], world)
    services.approve_export(export, actor=cast["omar"])
    assert [r["record_id"] for r in _rows(services.download_export(export, actor=cast["rima"]))] == ["N-1"]


def test_it_neutralises_formulas_in_csv_and_xlsx(cast: dict[str, Any], world: dict[str, Any]) -> None:
    csv_export = _request(cast["rima"], world)
    xlsx_export = _request(cast["rima"], world, file_format="xlsx")
    for export in (csv_export, xlsx_export):
        services.approve_export(export, actor=cast["omar"])
    rows = _rows(services.download_export(csv_export, actor=cast["rima"]))
    assert [r["full_name"] for r in rows] == ["أحمد خالد العلي", "'=HYPERLINK(\"http://x\")"]
    sheet = load_workbook(io.BytesIO(services.download_export(xlsx_export, actor=cast["rima"]))).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][:3] == ["person_id", "record_id", "source"]
    names = [row[3] for row in values[1:]]
    assert names == ["أحمد خالد العلي", "'=HYPERLINK(\"http://x\")"]
    assert all(cell.data_type == "s" for row in sheet.iter_rows() for cell in row if cell.value is not None)


def test_it_stores_the_file_encrypted_with_its_checksum(cast: dict[str, Any], world: dict[str, Any]) -> None:
    export = services.approve_export(_request(cast["rima"], world), actor=cast["omar"])
    stored = bytes(ExportRequest.objects.get(pk=export.pk).content)
    assert "أحمد".encode() not in stored and b"N-1" not in stored
    plain = decrypt_bytes(stored)
    assert hashlib.sha256(plain).hexdigest() == export.sha256 and b"N-1" in plain


def test_only_the_requester_downloads(cast: dict[str, Any], world: dict[str, Any]) -> None:
    export = services.approve_export(_request(cast["rima"], world), actor=cast["omar"])
    for other in (cast["omar"], cast["yusuf"]):
        with pytest.raises(ExportError) as refused:
            services.download_export(export, actor=other)
        assert refused.value.code == "not_requester"
    assert AuditEvent.objects.filter(action="export", outcome="denied").count() == 2
    assert AuditEvent.objects.filter(action="export", outcome="ok").count() == 0


@override_settings(EXPORT_MAX_DOWNLOADS=2)
def test_it_limits_the_number_of_downloads(cast: dict[str, Any], world: dict[str, Any]) -> None:
    export = services.approve_export(_request(cast["rima"], world), actor=cast["omar"])
    services.download_export(export, actor=cast["rima"])
    services.download_export(export, actor=cast["rima"])
    with pytest.raises(ExportError) as refused:
        services.download_export(export, actor=cast["rima"])
    assert refused.value.code == "downloads_exhausted"
    assert list(AuditEvent.objects.filter(action="export", outcome="ok")
                .values_list("details__download", flat=True)) == [1, 2]


@override_settings(EXPORT_EXPIRY_HOURS=1)
def test_it_expires(cast: dict[str, Any], world: dict[str, Any]) -> None:
    export = services.approve_export(_request(cast["rima"], world), actor=cast["omar"])
    assert export.expires_at is not None
    assert abs((export.expires_at - timezone.now()).total_seconds() - 3600) < 60
    ExportRequest.objects.filter(pk=export.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    with pytest.raises(ExportError) as refused:
        services.download_export(export, actor=cast["rima"])
    assert refused.value.code == "expired"


def test_a_refused_request_is_never_built(cast: dict[str, Any], world: dict[str, Any]) -> None:
    export = services.refuse_export(_request(cast["rima"], world), actor=cast["omar"])
    assert export.status == Status.REFUSED and export.content is None
    with pytest.raises(ExportError):
        services.approve_export(export, actor=cast["yusuf"])


def test_every_step_is_audited_without_names(cast: dict[str, Any], world: dict[str, Any]) -> None:
    export = services.approve_export(_request(cast["rima"], world), actor=cast["omar"])
    services.download_export(export, actor=cast["rima"])
    events = list(AuditEvent.objects.filter(target_type="export", target_id=str(export.pk)).order_by("id")
                  .values_list("action", "actor__username"))
    assert events == [("export_request", "rima"), ("export_approve", "omar"), ("export", "rima")]
    text = str(list(AuditEvent.objects.values_list("details", flat=True)))
    assert "أحمد" not in text and "HYPERLINK" not in text and "annual consolidation" not in text


# --- the pages ------------------------------------------------------------------------------------

def test_the_pages_take_a_request_to_its_download(client: Client, cast: dict[str, Any], world: dict[str, Any]) -> None:
    client.force_login(cast["rima"])
    response = client.post(reverse("exports:request"), {
        "scope": "persons", "person_ids": world["persons"]["ahmad"].public_id, "file_format": "csv",
        "recipient": "internal", "purpose": "case file"})
    export = ExportRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("exports:detail", args=[export.pk])
    detail = client.get(response["Location"]).content.decode()
    assert detail.count("سُجّل طلبك") == 1  # the base page shows it, once (it was shown twice)
    assert f"#{export.pk}" in client.get(reverse("exports:index")).content.decode()
    assert client.get(reverse("exports:approvals")).status_code == 403  # a caseworker approves nothing

    client.force_login(cast["omar"])
    assert f"#{export.pk}" in client.get(reverse("exports:approvals")).content.decode()
    assert client.post(reverse("exports:approve", args=[export.pk])).status_code == 302
    assert client.get(reverse("exports:download", args=[export.pk])).status_code == 404  # not his

    client.force_login(cast["rima"])
    download = client.get(reverse("exports:download", args=[export.pk]))
    assert download.status_code == 200 and "no-store" in download["Cache-Control"]
    assert [r["record_id"] for r in _rows(download.content)] == ["N-1"]


def test_a_stranger_cannot_see_a_request(client: Client, cast: dict[str, Any], world: dict[str, Any]) -> None:
    export = _request(cast["rima"], world)
    client.force_login(cast["nour"])  # another caseworker: neither requester nor approver
    assert client.get(reverse("exports:detail", args=[export.pk])).status_code == 404


# --- the API --------------------------------------------------------------------------------------

def test_the_api_runs_the_same_workflow(client: Client, cast: dict[str, Any], world: dict[str, Any]) -> None:
    client.force_login(cast["rima"])
    created = client.post("/api/exports/", {"scope": "source", "source_id": world["sources"]["open"].pk,
                                            "file_format": "xlsx", "recipient": "internal", "purpose": "x"},
                          content_type="application/json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert client.post(f"/api/exports/{pk}/approve/").status_code == 403
    client.force_login(cast["omar"])
    assert [e["id"] for e in client.get("/api/exports/approvals/").json()] == [pk]
    approved = client.post(f"/api/exports/{pk}/approve/")
    assert approved.status_code == 200 and approved.json()["record_count"] == 2
    again = client.post(f"/api/exports/{pk}/approve/")
    assert again.status_code == 409 and again.json()["error"]["code"] == "not_pending"
    client.force_login(cast["rima"])
    file = client.get(f"/api/exports/{pk}/file/")
    assert file.status_code == 200 and file.content[:2] == b"PK"
    secret = client.post("/api/exports/", {"scope": "source", "source_id": world["sources"]["secret"].pk,
                                           "file_format": "csv", "recipient": "internal", "purpose": "x"},
                         content_type="application/json")
    assert secret.status_code == 409 and secret.json()["error"]["code"] == "unknown_source"
