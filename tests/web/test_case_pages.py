"""Case work in the browser's pages: open a case in Arabic, edit it (history shown), add an event, a
fate claim, a note and a document, and read the document through the authenticated view."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from tests.factories import make_user

from athar.audit.models import AuditEvent
from athar.registry.models import CaseDocument, Record, SourceKind

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
CASE = {"first_name": "سامر", "father_name": "يوسف", "grandfather_name": "محمود", "family_name": "الخطيب",
        "mother_name": "مريم", "mother_family_name": "العلي", "sex": "M", "birth_date": "١٩٩٠",
        "birth_place": "حمص", "governorate": "حمص"}


@pytest.fixture(autouse=True)
def _data_dir(settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path


def _open(client: Client) -> Record:
    response = client.post(reverse("web:case_new"), CASE)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Record.objects.get(source__kind=SourceKind.CASE_FILE)


def test_it_shows_the_case_form_in_the_order_syrians_give_a_name(rima_client: Client) -> None:
    html = rima_client.get(reverse("web:case_new")).content.decode()
    order = [html.index(f'name="{n}"') for n in ("first_name", "father_name", "grandfather_name", "family_name",
                                                 "mother_name", "mother_family_name")]
    assert order == sorted(order)
    assert '<datalist id="athar-places">' in html and "صيدنايا" in html


def test_it_opens_a_case_typed_in_arabic_and_shows_it_on_the_persons_page(rima_client: Client) -> None:
    record = _open(rima_client)
    assert record.birth_date.isoformat() == "1990"  # Arabic-Indic digits read
    response = rima_client.get(reverse("web:person_detail", args=[record.person.public_id]))
    html = response.content.decode()
    assert "سامر يوسف محمود الخطيب" in html
    assert f'id="case-{record.record_id}"' in html
    assert reverse("web:case_event_new", args=[record.record_id]) in html


def test_it_reports_a_date_it_cannot_read_without_losing_the_form(rima_client: Client) -> None:
    response = rima_client.post(reverse("web:case_new"), {**CASE, "birth_date": "قبل الحرب"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "سامر" in html and 'role="alert"' in html
    assert not Record.objects.exists()


@pytest.mark.parametrize(("language", "typed", "stored", "shown"), [
    ("ar", "صيف ١٩٩٠", "1990-22", "صيف 1990"),
    ("ar", "أوائل 1990", "1990-37", "أوائل 1990"),
    ("ar", "1410 هـ", "1990-H1410", "1410 هـ"),
    ("ar", "٠٣/٠٦/١٩٩٠", "1990-06-03", "3 حزيران 1990"),
    ("en", "summer 1990", "1990-22", "summer 1990"),
    ("en", "late 1990", "1990-39", "late 1990"),
    ("en", "1410 AH", "1990-H1410", "1410 AH"),
    ("en", "June 1990", "1990-06", "June 1990"),
])
def test_it_accepts_the_date_forms_an_import_accepts(rima_client: Client, language: str, typed: str,
                                                      stored: str, shown: str) -> None:
    response = rima_client.post(reverse("web:case_new"), {**CASE, "birth_date": typed},
                                HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 302, response.content.decode()[:2000]
    record = Record.objects.get(source__kind=SourceKind.CASE_FILE)
    assert record.birth_date.as_text() == stored
    html = rima_client.get(reverse("web:person_detail", args=[record.person.public_id]),
                           HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert shown in html


@pytest.mark.parametrize(("language", "shown"), [("ar", "صيف 1990"), ("en", "summer 1990")])
def test_an_edit_form_shows_a_season_as_typed_and_saving_it_keeps_it(rima_client: Client, language: str,
                                                                     shown: str) -> None:
    rima_client.post(reverse("web:case_new"), {**CASE, "birth_date": "صيف 1990"})
    record = Record.objects.get(source__kind=SourceKind.CASE_FILE)
    html = rima_client.get(reverse("web:case_edit", args=[record.record_id]),
                           HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f'value="{shown}"' in html
    response = rima_client.post(reverse("web:case_edit", args=[record.record_id]),
                                {**CASE, "birth_date": shown, "family_name": "الخطيب الحمصي", "reason": "x"},
                                HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.birth_date.as_text() == "1990-22"


def test_an_event_may_be_dated_by_a_season(rima_client: Client) -> None:
    record = _open(rima_client)
    assert rima_client.post(reverse("web:case_event_new", args=[record.record_id]), {
        "event_type": "arrest", "date": "خريف 2013", "place_text": "فرع فلسطين", "description": ""}).status_code == 302
    html = rima_client.get(reverse("web:person_detail", args=[record.person.public_id])).content.decode()
    assert "خريف 2013" in html


def test_an_edit_shows_the_earlier_value_who_and_when(rima_client: Client) -> None:
    record = _open(rima_client)
    response = rima_client.post(reverse("web:case_edit", args=[record.record_id]),
                                {**CASE, "birth_date": "1991", "reason": "تصحيح من الأم"})
    assert response.status_code == 302
    html = rima_client.get(reverse("web:person_detail", args=[record.person.public_id])).content.decode()
    assert "<del><bdi dir=\"auto\">1990</bdi></del>" in html and "<ins><bdi dir=\"auto\">1991</bdi></ins>" in html
    assert "تصحيح من الأم" in html and ">rima</bdi>" in html


def test_it_adds_an_event_a_claim_a_note_and_a_document(rima_client: Client) -> None:
    record = _open(rima_client)
    rid = record.record_id
    assert rima_client.post(reverse("web:case_event_new", args=[rid]), {
        "event_type": "arrest", "date": "2013-06", "place_text": "فرع فلسطين", "description": "من الحاجز"}).status_code == 302
    assert rima_client.post(reverse("web:case_claim_new", args=[rid]), {
        "fate": "detained", "claimed_on": "2021", "evidence": "شاهد أفرج عنه رآه"}).status_code == 302
    assert rima_client.post(reverse("web:case_note_new", args=[rid]), {"text": "الأخت في ألمانيا"}).status_code == 302
    upload = SimpleUploadedFile("scan.png", PNG, content_type="image/png")
    assert rima_client.post(reverse("web:case_document_new", args=[rid]),
                            {"file": upload, "description": "صورة الهوية"}).status_code == 302
    html = rima_client.get(reverse("web:person_detail", args=[record.person.public_id])).content.decode()
    for text in ("من الحاجز", "شاهد أفرج عنه رآه", "الأخت في ألمانيا", "صورة الهوية"):
        assert text in html
    document = CaseDocument.objects.get()
    assert document.sha256 in html
    assert f'<img src="{reverse("web:document", args=[document.public_id])}"' in html


def test_a_document_is_served_to_caseworkers_only_and_each_view_is_audited(rima_client: Client, client: Client,
                                                                           db: None) -> None:
    record = _open(rima_client)
    upload = SimpleUploadedFile("scan.png", PNG, content_type="image/png")
    rima_client.post(reverse("web:case_document_new", args=[record.record_id]), {"file": upload})
    document = CaseDocument.objects.get()
    url = reverse("web:document", args=[document.public_id])
    response = rima_client.get(url)
    assert response.status_code == 200 and response.content == PNG
    assert response["Content-Type"] == "image/png" and "no-store" in response["Cache-Control"]
    assert "scan" not in response["Content-Disposition"]
    assert AuditEvent.objects.filter(action="view", target_type="case_document", outcome="ok").count() == 1

    other = Client()
    assert other.get(url).status_code == 302  # anonymous: to the login page
    other.force_login(make_user("reem", "reviewer"))
    assert other.get(url).status_code == 404
    other.force_login(make_user("sami", "analyst"))
    assert other.get(url).status_code == 403


def test_a_reviewer_may_not_open_the_case_form(client: Client, db: None) -> None:
    client.force_login(make_user("reem", "reviewer"))
    assert client.get(reverse("web:case_new")).status_code == 403


def test_an_imported_record_has_no_case_actions(rima_client: Client, world: dict[str, Any]) -> None:
    html = rima_client.get(reverse("web:person_detail", args=[world["muhammad"].public_id])).content.decode()
    assert "/events/new/" not in html
    assert rima_client.get(reverse("web:case_edit", args=["FR-1"])).status_code == 404
