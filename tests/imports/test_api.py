"""The import API: the same job as the import page, its counts (new / updated / unchanged /
quarantined) and the matching of its new records (matched / uncertain / new) in the response."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from tests.factories import make_user

from athar.registry.models import Record

pytestmark = pytest.mark.django_db

ROWS = """source,record_id,first_name,father_name,grandfather_name,family_name,mother_name,sex,event_type,event_date,event_place
family_reports,FR-9,محمد,أحمد,خليل,الحسن,فاطمة,M,arrest,2013-04,حرستا
family_reports,FR-10,نزار,توفيق,,قباني,سلمى,M,arrest,2011-09,دوما
family_reports,FR-11,محمد,,,الحسن,,,,,
family_reports,FR-12,عمر,,,,,X,,,
"""


@pytest.fixture(autouse=True)
def _data_dir(settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path / "data"


def _post(client: Client, **fields: Any) -> Any:
    upload = SimpleUploadedFile("family_reports.csv", ROWS.encode("utf-8"), content_type="text/csv")
    return client.post(reverse("api:imports"), {"file": upload, **fields})


def test_it_imports_and_says_what_it_could_not_match(client: Client) -> None:
    omar = make_user("omar", "data_manager")
    client.force_login(omar)
    response = _post(client)
    assert response.status_code == 202
    job = response.json()
    assert job["status"] == "done" and "owner" not in job
    report = job["report"]
    assert (report["imported"], report["quarantined"], report["row_count"]) == (3, 1, 4)
    assert report["problems"][0]["row"] == 5 and report["problems"][0]["column"] == "sex"
    assert report["problems"][0]["file"] == "family_reports.csv"
    assert job["matching"] == {"classified": False, "new": 3, "matched": 0, "uncertain": 0, "queued_pairs": 0,
                               "run_id": "", "reason": "no_linkage_run"}
    again = client.get(reverse("api:import-job", args=[job["id"]]))
    assert again.status_code == 200 and again.json()["report"] == report
    client.force_login(make_user("hiba", "data_manager"))
    assert client.get(reverse("api:import-job", args=[job["id"]])).status_code == 404


def test_a_dry_run_answers_with_the_counts_and_writes_nothing(client: Client) -> None:
    client.force_login(make_user("omar", "data_manager"))
    response = _post(client, dry_run="true")
    assert response.status_code == 200
    assert response.json()["report"]["imported"] == 3
    assert Record.objects.count() == 0


def test_it_matches_the_new_records_against_the_last_linkage_run(client: Client, settings: Any) -> None:
    from tests.tracing.conftest import RUN_ID, make_registry

    from athar.registry.linking import link_registry

    make_registry()
    link_registry(Path(settings.DATA_DIR) / "linkage" / RUN_ID, run_id=RUN_ID)
    client.force_login(make_user("omar", "data_manager"))
    job = _post(client).json()
    assert {k: job["matching"][k] for k in ("classified", "matched", "uncertain", "new")} == {
        "classified": True, "matched": 1, "uncertain": 1, "new": 1}


def test_it_refuses_a_mapping_to_an_unknown_field_and_roles_that_may_not_import(client: Client) -> None:
    client.force_login(make_user("omar", "data_manager"))
    refused = _post(client, mapping='{"Name": "nickname"}')
    assert refused.status_code == 400 and "nickname" in str(refused.json())
    client.force_login(make_user("rima", "caseworker"))
    assert _post(client).status_code == 403
    assert Record.objects.count() == 0
