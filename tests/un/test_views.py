"""The UN pages: who may open them, what they show, and that every write goes through a service and
every view of a case is audited."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from django.test import Client
from tests.factories import make_user
from tests.un.conftest import build_case
from tests.web.test_translations import read_po

import athar.un
from athar.audit.models import AuditEvent
from athar.registry.models import Person, Sensitivity, Source
from athar.tracing.consent import current_consent, withdraw_consent
from athar.un.models import Communication, DomesticStep
from athar.un.services import file_of


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def rima(db: None) -> Any:
    return make_user("rima", "caseworker")


@pytest.mark.parametrize("role", ["analyst", "reviewer", "data_manager"])
def test_roles_without_the_capability_get_403_and_an_audited_denial(case_person: Person, role: str) -> None:
    user = make_user(f"u-{role}", role)
    response = _client(user).get(f"/un/persons/{case_person.public_id}/")
    assert response.status_code == 403
    assert AuditEvent.objects.filter(action="denied", actor_label=f"u-{role}").exists()


def test_a_person_the_user_may_not_see_is_not_found(case_person: Person, rima: Any) -> None:
    Source.objects.update(sensitivity=Sensitivity.RESTRICTED)
    response = _client(rima).get(f"/un/persons/{case_person.public_id}/")
    assert response.status_code == 404
    assert _client(rima).get("/un/").status_code == 200


def test_the_case_page_lists_what_is_missing_with_links_to_the_fields(case_person: Person, rima: Any) -> None:
    response = _client(rima).get(f"/un/persons/{case_person.public_id}/", HTTP_ACCEPT_LANGUAGE="ar")
    html = response.content.decode()
    assert response.status_code == 200
    # WGAD lacks its detention and circumstances sections, each linked to the field that fills it.
    assert f'/un/persons/{case_person.public_id}/edit/#id_detaining_authority' in html
    assert f'/un/persons/{case_person.public_id}/edit/#id_narrative' in html  # circumstances: no categories yet
    assert "الاحتجاز: الجهة المحتجِزة والأسباب أو القوانين المذكورة" in html
    assert "Detention: the authority holding the person and the reasons or legislation given" in html
    assert 'name="generate" value="wgeid"' in html and 'name="generate" value="wgad"' not in html
    assert AuditEvent.objects.filter(action="view", target_id=case_person.public_id,
                                     details__page="un_case").count() == 1


def test_the_case_form_saves_through_the_service_and_audits_field_names_only(case_person: Person, rima: Any) -> None:
    client = _client(rima)
    form = client.get(f"/un/persons/{case_person.public_id}/edit/").context["form"]
    data = {name: (value if value is not None else "") for name, value in form.initial.items()}
    data["wgad_categories"] = ["I"]
    data["disappearance_event"] = ""
    data["detaining_authority"] = "Military Intelligence, Branch 235"
    data["reasons_given"] = "None"
    response = client.post(f"/un/persons/{case_person.public_id}/edit/", data)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    case = Person.objects.get(pk=case_person.pk).un_case
    assert case.detaining_authority == "Military Intelligence, Branch 235" and case.wgad_categories == ["I"]
    edit = AuditEvent.objects.filter(action="edit", target_id=case_person.public_id).latest("sequence")
    assert set(edit.details["fields"]) == {"detaining_authority", "reasons_given", "wgad_categories"}
    assert "Branch 235" not in str(edit.details)


def test_steps_are_added_and_withdrawn_never_deleted(case_person: Person, rima: Any) -> None:
    client = _client(rima)
    client.post(f"/un/persons/{case_person.public_id}/steps/", {
        "step_type": "complaint", "taken_on": "2013-02", "taken_by": "father", "authority": "Attorney General",
        "outcome": "No answer"})
    step = DomesticStep.objects.get(step_type="complaint")
    assert str(step.taken_on) == "2013-02"
    client.post(f"/un/persons/{case_person.public_id}/steps/{step.pk}/withdraw/")
    step.refresh_from_db()
    assert step.withdrawn_at is not None and DomesticStep.objects.count() == 2


def test_generation_without_consent_is_refused_with_a_message(case_person: Person, rima: Any) -> None:
    withdraw_consent(current_consent(case_person, "wgeid"), actor=None)
    response = _client(rima).post(f"/un/persons/{case_person.public_id}/generate/",
                                  {"mechanism": "wgeid", "language": "en"}, follow=True, HTTP_ACCEPT_LANGUAGE="ar")
    assert not Communication.objects.exists()
    html = response.content.decode()
    assert "لم تُنشأ: لم تعطِ العائلة موافقتها على هذه الآلية (أو سحبتها)." in html
    # The WGEID panel says why nothing can be generated, and offers no button.
    assert 'id="no-consent-wgeid"' in html and 'name="generate" value="wgeid"' not in html
    assert 'id="no-consent-srt"' not in html  # consent to the Special Rapporteur still holds
    refused = AuditEvent.objects.get(action="consent_check", target_id=case_person.public_id)
    assert (refused.outcome, refused.details["purpose"]) == ("denied", "un_submission")


def test_recording_as_sent_after_consent_was_withdrawn_is_refused(case_person: Person, rima: Any) -> None:
    client = _client(rima)
    client.post(f"/un/persons/{case_person.public_id}/generate/", {"mechanism": "wgeid", "language": "en"})
    communication = Communication.objects.get()
    page = client.get(f"/un/communications/{communication.pk}/").content.decode()
    assert 'id="sent-form"' in page and 'id="no-consent"' not in page
    withdraw_consent(current_consent(case_person, "wgeid"), actor=None)
    page = client.get(f"/un/communications/{communication.pk}/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert 'id="no-consent"' in page
    response = client.post(f"/un/communications/{communication.pk}/sent/", {
        "sent_on": "2026-11-02", "channel": "online_form", "address_used": "https://example.org/form"},
        follow=True, HTTP_ACCEPT_LANGUAGE="ar")
    assert "لم تُسجَّل بوصفها مرسلة" in response.content.decode()
    communication.submission.refresh_from_db()
    assert communication.submission.status == "READY"


def test_a_download_serves_the_stored_bytes_and_is_audited_as_an_export(case_person: Person, rima: Any) -> None:
    client = _client(rima)
    response = client.post(f"/un/persons/{case_person.public_id}/generate/",
                           {"mechanism": "wgeid", "language": "fr", "with_arabic_summary": "on"})
    communication = Communication.objects.get()
    assert response["Location"] == f"/un/communications/{communication.pk}/"
    download = client.get(f"/un/communications/{communication.pk}/docx/")
    assert download.status_code == 200
    assert download["Content-Disposition"] == f'attachment; filename="{case_person.public_id}-wgeid-v1.docx"'
    assert download.content == file_of(communication, "docx")[0]
    export = AuditEvent.objects.get(action="export")
    assert export.details["sha256"] == hashlib.sha256(download.content).hexdigest()
    assert client.get(f"/un/communications/{communication.pk}/exe/").status_code == 404


def test_the_person_page_links_to_the_un_case_only_for_those_who_handle_submissions(
        case_person: Person, rima: Any) -> None:
    link = f"/un/persons/{case_person.public_id}/"
    assert link in _client(rima).get(f"/persons/{case_person.public_id}/").content.decode()
    reviewer = make_user("reem", "reviewer")
    assert link not in _client(reviewer).get(f"/persons/{case_person.public_id}/").content.decode()


def test_the_due_page_shows_ids_not_names(db: None, rima: Any) -> None:
    import datetime

    from django.utils import timezone

    from athar.un.services import generate_communication, mark_sent

    person = build_case()
    communication = generate_communication(person, "wgeid", actor=None)
    mark_sent(communication.submission, communication=communication, sent_on=timezone.localdate()
              - datetime.timedelta(days=40), channel="email", address_used="x@example.org", actor=None)
    html = _client(rima).get("/un/").content.decode()
    assert person.public_id in html
    assert "متأخر" in html  # overdue: no acknowledgement 30 days after sending
    assert "محمد" not in html and "Hasan" not in html


def test_every_string_of_the_un_pages_has_an_arabic_translation() -> None:
    import gettext
    from pathlib import Path

    folder = Path(athar.un.__file__).parent / "locale" / "ar" / "LC_MESSAGES"
    entries = read_po(folder / "django.po")
    assert len(entries) > 100
    untranslated = [e["id"] for e in entries if not all(e["strings"]) or e["fuzzy"]]
    assert not untranslated
    with (folder / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    assert all(compiled.gettext(str(e["id"])) == e["strings"][0] for e in entries if e["plural"] is None
               and e["context"] is None)


def test_a_letters_scan_is_stored_encrypted_and_served_by_id(case_person: Person, rima: Any, settings: Any) -> None:
    import datetime
    from pathlib import Path

    from django.core.files.uploadedfile import SimpleUploadedFile

    from athar.un.models import Correspondence
    from athar.un.services import generate_communication, mark_sent

    communication = generate_communication(case_person, "wgeid", actor=None)
    submission = mark_sent(communication.submission, communication=communication, sent_on=datetime.date(2026, 11, 2),
                           channel="email", address_used="x@example.org", actor=None)
    client = _client(rima)
    scan = b"%PDF-1.4 letter from the secretariat"
    response = client.post(f"/un/submissions/{submission.pk}/", {
        "action": "correspondence", "kind": "acknowledgement", "received_on": "2026-11-09",
        "document": SimpleUploadedFile("رسالة الأمم المتحدة.pdf", scan)})
    assert response.status_code == 302
    letter = Correspondence.objects.get()
    assert scan not in (Path(settings.DATA_DIR) / letter.file_path).read_bytes()
    download = client.get(f"/un/letters/{letter.pk}/")
    assert download.content == scan
    assert download["Content-Disposition"] == f'attachment; filename="{case_person.public_id}-letter-{letter.pk}.pdf"'
