"""The import pages: Omar uploads a list, maps its columns with suggestions and a preview, checks a
dry run, imports; other roles are refused."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook
from tests.factories import make_user

from athar.imports.models import ColumnMapping, QuarantinedRow
from athar.imports.uploads import upload_dir
from athar.registry.models import Record

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _data_dir(settings: Any, tmp_path: Any) -> None:
    settings.DATA_DIR = tmp_path


@pytest.fixture
def omar_client(client: Client) -> Client:
    client.force_login(make_user("omar", "data_manager"))
    return client


def _xlsx() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "قائمة"
    sheet.append(["الرقم", "الاسم الكامل", "تاريخ الاعتقال", "نوع الحدث", "ملاحظات"])
    sheet.append(["1", "محمد أحمد الحسن", "12/05/2013", "اعتقال", "من الحاجز"])
    sheet.append(["2", "عمر خالد", "2014", "kidnap", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _upload(client: Client, content: bytes, name: str = "قائمة.xlsx", **fields: str) -> str:
    response = client.post(reverse("imports:start"), {
        "file": SimpleUploadedFile(name, content), "source": "ngo_2024", "kind": "ngo_list", "date_order": "dmy",
        "sheet": "", **fields})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def test_it_walks_from_upload_through_dry_run_to_import(omar_client: Client) -> None:
    review = _upload(omar_client, _xlsx())
    assert "قائمة" not in review  # the URL carries a token, not the file name
    stored = list(upload_dir().iterdir())
    assert len(stored) == 1 and (stored[0].stat().st_mode & 0o777) == 0o600

    page = omar_client.get(review).content.decode()
    assert "محمد أحمد الحسن" in page  # the preview
    form = {"column_0": "record_id", "column_1": "full_name", "column_2": "event_date", "column_3": "event_type",
            "column_4": ""}
    for value in form.values():
        if value:
            assert f'<option value="{value}" selected>' in page  # suggested from the header names

    dry = omar_client.post(review, {**form, "action": "dry_run"}).content.decode()
    assert 'data-count="new">1<' in dry and 'data-count="quarantined">1<' in dry
    assert "نوع حدث غير معروف" in dry and Record.objects.count() == 0  # the reason in the page's language

    started = omar_client.post(review, {**form, "action": "import"})
    assert started.status_code == 303 and "/imports/jobs/" in started["Location"]
    done = omar_client.get(started["Location"]).content.decode()
    assert 'data-count="new">1<' in done and 'data-count="quarantined">1<' in done
    # Nothing to match against (no linkage run kept): the page says so instead of inventing counts.
    assert 'id="import-matching"' in done and 'data-count="matched"' not in done
    record = Record.objects.get()
    assert (record.record_id, record.full_name, record.event_type, str(record.event_date)) == (
        "1", "محمد أحمد الحسن", "arrest", "2013-05-12")
    assert record.import_batch.file_name == "قائمة.xlsx"
    assert QuarantinedRow.objects.get().row_number == 3
    assert ColumnMapping.objects.get(source_name="ngo_2024").mapping["الرقم"] == "record_id"
    assert list(upload_dir().iterdir()) == []  # the upload is gone once imported
    assert omar_client.get(review).status_code == 404


def test_it_requires_a_record_id_column(omar_client: Client) -> None:
    review = _upload(omar_client, _xlsx())
    page = omar_client.post(review, {"column_0": "", "column_1": "full_name", "action": "dry_run"}).content.decode()
    assert "Record id" in page or "رقم السجل" in page
    assert Record.objects.count() == 0


def test_it_names_file_and_row_of_a_file_it_cannot_read(omar_client: Client) -> None:
    review = _upload(omar_client, b"record_id,source\n1,ngo\n" + b"2," + "محمد".encode("cp1256") + b"\n",
                     name="list.csv")
    response = omar_client.get(review)
    assert response.status_code == 400
    text = response.content.decode()
    assert "list.csv، الصف 3: الملف ليس بترميز UTF-8 صالح" in text
    assert str(upload_dir()) not in text


@pytest.mark.parametrize("role", ["caseworker", "reviewer", "analyst"])
def test_it_refuses_roles_that_may_not_import(client: Client, role: str) -> None:
    client.force_login(make_user("someone", role))
    assert client.get(reverse("imports:start")).status_code == 403
    assert client.post(reverse("imports:start"), {"file": SimpleUploadedFile("a.csv", b"x")}).status_code == 403
    assert list(upload_dir().iterdir()) == []


def test_a_token_of_someone_elses_session_is_not_found(omar_client: Client, client: Client) -> None:
    review = _upload(omar_client, _xlsx())
    other = Client()
    other.force_login(make_user("yusuf", "administrator"))
    assert other.get(review).status_code == 404


def test_a_job_is_shown_to_the_user_who_started_it_only(omar_client: Client, client: Client) -> None:
    review = _upload(omar_client, _xlsx())
    form = {"column_0": "record_id", "column_1": "full_name", "column_2": "event_date", "column_3": "event_type",
            "column_4": ""}
    job = omar_client.post(review, {**form, "action": "import"})["Location"]
    fragment = omar_client.get(job, headers={"HX-Request": "true"}).content.decode()
    assert fragment.startswith('<section id="import-job"') and "<html" not in fragment
    assert "hx-trigger" not in fragment  # ended: the page stops polling
    client.force_login(make_user("hiba", "data_manager"))
    assert client.get(job).status_code == 404
    assert omar_client.get(reverse("imports:job", args=["..%2F..%2Fetc"])).status_code == 404


def test_a_running_job_shows_its_progress_and_polls(omar_client: Client) -> None:
    from django.contrib.auth import get_user_model

    from athar.imports import jobs

    omar = get_user_model().objects.get(username="omar")
    jobs._write("running-job", {"owner": omar.pk, "status": "running", "phase": "importing", "done": 250,
                                "total": 1000, "file_name": "list.csv"})
    page = omar_client.get(reverse("imports:job", args=["running-job"])).content.decode()
    assert 'hx-get="/imports/jobs/running-job/" hx-trigger="every 1s" hx-swap="outerHTML"' in page
    assert 'max="1000" value="250"' in page and "(25%)" in page
    assert "django_htmx/htmx-2.min.js" in page


def test_a_failed_matching_leaves_the_import_standing(omar_client: Client, monkeypatch: Any) -> None:
    from athar.imports import jobs

    def broken(batch_id: int, actor: Any, report: Any) -> dict[str, Any]:
        raise RuntimeError("the linker fell over")

    monkeypatch.setattr(jobs, "_after_import", [broken])
    review = _upload(omar_client, _xlsx())
    form = {"column_0": "record_id", "column_1": "full_name", "column_2": "event_date", "column_3": "event_type",
            "column_4": ""}
    done = omar_client.get(omar_client.post(review, {**form, "action": "import"})["Location"]).content.decode()
    assert 'data-count="new">1<' in done and 'id="import-matching"' in done
    assert "فشلت المطابقة" in done  # says matching failed, not that the import did
    assert Record.objects.count() == 1
