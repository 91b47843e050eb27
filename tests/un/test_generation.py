"""Generating a WGEID communication from a complete case: the six minimum elements appear with the
case's values in the DOCX, the PDF and the JSON copy; files are stored encrypted with their SHA-256
and a second generation is a new version, never a replacement."""

from __future__ import annotations

import datetime
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from tests.un.conftest import ORGANISATION, build_case
from tests.un.documents import docx_text, pdf_text, pypdf_text

from athar.audit.models import AuditEvent
from athar.tracing.consent import current_consent, withdraw_consent
from athar.un.errors import NoConsent, NotReady
from athar.un.models import Communication, Submission
from athar.un.services import file_of, generate_communication

TODAY = datetime.date(2026, 12, 6)
# The six minimum elements of the WGEID form, as the synthetic case gives them.
SIX_ELEMENTS = {
    "identity": ["Al-Hasan", "Mohammad Ahmad", "محمد أحمد الحسن"],
    "date": ["14 June 2012"],
    "place": ["حاجز فرع فلسطين", "family_reports_2024 / FR-1"],
    "forces": ["Military Intelligence Directorate, Palestine Branch (Branch 235)"],
    "steps": ["Military Police, Qaboun", "Denied holding him", "July 2012"],
    "submitter": [ORGANISATION["name"], ORGANISATION["email"], "Sister"],
}


@pytest.fixture
def communication(case_person: Any) -> Communication:
    return generate_communication(case_person, "wgeid", language="en", with_arabic_summary=True, actor=None,
                                  today=TODAY)


@pytest.mark.parametrize("element", sorted(SIX_ELEMENTS))
def test_the_docx_holds_each_minimum_element_with_the_case_values(communication: Communication, element: str) -> None:
    text = docx_text(file_of(communication, "docx")[0])
    for value in SIX_ELEMENTS[element]:
        assert value in text, (element, value)


@pytest.mark.parametrize("element", sorted(SIX_ELEMENTS))
def test_the_pdf_holds_each_minimum_element_with_the_case_values(communication: Communication, element: str) -> None:
    text = pdf_text(file_of(communication, "pdf")[0])
    for value in SIX_ELEMENTS[element]:
        assert value in text, (element, value)


def test_pypdf_reads_the_latin_values_too(communication: Communication) -> None:
    text = pypdf_text(file_of(communication, "pdf")[0])
    assert "Military Intelligence Directorate" in text
    assert "14 June 2012" in text


def test_the_sections_follow_the_wgeid_form_order(communication: Communication) -> None:
    text = docx_text(file_of(communication, "docx")[0])
    headings = ["I. Identity", "II. Date", "III. Place", "IV. Forces", "V. Action taken", "VI. Identity of the submitter"]
    positions = [text.index(h) for h in headings]
    assert positions == sorted(positions)


def test_the_json_copy_is_the_payload_every_format_was_rendered_from(communication: Communication) -> None:
    data, stored = file_of(communication, "json")
    payload = json.loads(data)
    assert payload == communication.payload
    assert payload["mechanism"] == "wgeid" and payload["person_id"] == communication.person.public_id
    fields = {f["key"]: f["value"] for s in payload["sections"] for f in s["fields"]}
    assert fields["name_arabic"] == "محمد أحمد الحسن"
    assert fields["forces_responsible"] == "Military Intelligence Directorate, Palestine Branch (Branch 235)"
    assert fields["disappearance_date"] == "14 June 2012 (source: family_reports_2024 / FR-1)"
    assert payload["arabic_summary"]["text"].startswith("اعتُقل محمد")
    assert stored.sha256 == hashlib.sha256(data).hexdigest()


def test_the_docx_marks_arabic_runs_right_to_left_with_an_arabic_font(communication: Communication) -> None:
    import io

    from docx import Document
    from docx.oxml.ns import qn

    document = Document(io.BytesIO(file_of(communication, "docx")[0]))
    runs = [run for table in document.tables for row in table.rows for cell in row.cells
            for p in cell.paragraphs for run in p.runs if run.text == "محمد أحمد الحسن"]
    assert runs
    r_pr = runs[0]._element.rPr
    assert r_pr.find(qn("w:rtl")) is not None
    assert r_pr.find(qn("w:rFonts")).get(qn("w:cs")) == "Noto Naskh Arabic"


def test_french_uses_the_french_layout(case_person: Any) -> None:
    communication = generate_communication(case_person, "wgeid", language="fr", actor=None, today=TODAY)
    text = pdf_text(file_of(communication, "pdf")[0])
    assert "Groupe de travail sur les disparitions forcées ou involontaires" in text
    assert "14 juin 2012" in text
    assert "Forces présumées responsables" in text
    assert "محمد أحمد الحسن" in text


def test_files_are_stored_encrypted_under_the_data_directory(communication: Communication, settings: Any) -> None:
    for stored in communication.files.all():
        on_disk = (Path(settings.DATA_DIR) / stored.path).read_bytes()
        assert "محمد".encode() not in on_disk and b"Military" not in on_disk
        assert hashlib.sha256(on_disk).hexdigest() != stored.sha256
        assert (Path(settings.DATA_DIR) / stored.path).stat().st_mode & 0o777 == 0o600
    assert "P-" in communication.files.first().path and "Hasan" not in communication.files.first().path


def test_generating_again_is_a_new_version_and_the_first_is_kept(communication: Communication) -> None:
    first_pdf = file_of(communication, "pdf")[0]
    second = generate_communication(communication.person, "wgeid", language="en", actor=None, today=TODAY)
    assert (communication.version, second.version) == (1, 2)
    assert file_of(communication, "pdf")[0] == first_pdf
    assert Communication.objects.filter(person=communication.person, mechanism="wgeid").count() == 2
    # Both belong to the one unsent submission of this case to the WGEID.
    assert Submission.objects.get().status == "READY"
    assert {c.submission_id for c in Communication.objects.all()} == {Submission.objects.get().pk}


def test_a_tampered_file_is_refused(communication: Communication, settings: Any) -> None:
    stored = communication.files.get(format="json")
    stored.sha256 = "0" * 64
    stored.save()
    with pytest.raises(ValueError, match="SHA-256"):
        file_of(communication, "json")


def test_withdrawn_consent_blocks_generation_and_the_check_is_audited(case_person: Any) -> None:
    withdraw_consent(current_consent(case_person, "wgeid"), actor=None)
    with pytest.raises(NoConsent):
        generate_communication(case_person, "wgeid", actor=None, today=TODAY)
    assert not Communication.objects.exists()
    check = AuditEvent.objects.filter(action="consent_check").latest("sequence")
    assert (check.outcome, check.details["recipient"], check.details["purpose"]) == ("denied", "wgeid", "un_submission")


def test_consent_for_one_mechanism_does_not_cover_another(db: None) -> None:
    person = build_case(consent=False)
    from athar.tracing.consent import record_consent

    record_consent(person, recipient="wgad", is_granted=True, wording_shown="WGAD only", given_by="sister",
                   given_on=datetime.date(2024, 1, 1), actor=None)
    with pytest.raises(NoConsent):
        generate_communication(person, "wgeid", actor=None, today=TODAY)


def test_a_missing_element_blocks_generation_naming_it(case_person: Any) -> None:
    from athar.un.services import update_case

    update_case(case_person.un_case, values={"forces_responsible": ""}, actor=None)
    with pytest.raises(NotReady) as raised:
        generate_communication(case_person, "wgeid", actor=None, today=TODAY)
    assert raised.value.missing == ["forces"]


def test_an_arabic_summary_needs_one(case_person: Any) -> None:
    from athar.un.services import update_case

    update_case(case_person.un_case, values={"summary_ar": ""}, actor=None)
    with pytest.raises(NotReady, match="Arabic summary"):
        generate_communication(case_person, "wgeid", with_arabic_summary=True, actor=None, today=TODAY)


def test_a_user_without_the_capability_is_refused_and_audited(case_person: Any) -> None:
    from tests.factories import make_user

    from athar.accounts.permissions import CapabilityDenied

    sami = make_user("sami", "analyst")
    with pytest.raises(CapabilityDenied):
        generate_communication(case_person, "wgeid", actor=sami, today=TODAY)
    assert AuditEvent.objects.filter(action="denied", actor_label="sami").exists()
