"""Case work services: a case is a record of the confidential case-file source, linked by a human to
a person; edits keep history; events, claims, notes and documents are added with their evidence;
every write is audited and needs EDIT_CASES."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from tests.factories import make_cast, make_record, make_source

from athar.audit.models import AuditEvent
from athar.interchange import PartialDate
from athar.registry import cases
from athar.registry.access import visible_records
from athar.registry.documents import DocumentDamaged, DocumentRefused, read_decrypted
from athar.registry.history import record_history
from athar.registry.models import (
    FateClaim,
    LinkMethod,
    Person,
    PersonRecordLink,
    Sensitivity,
    SourceGrant,
    SourceKind,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

HALA_BROTHER = {"first_name": "محمد", "father_name": "أحمد", "grandfather_name": "خليل", "family_name": "الحسن",
                "mother_name": "فاطمة", "mother_family_name": "الزعبي", "sex": "M", "birth_date": "1985",
                "birth_place": "داريا", "governorate": "ريف دمشق"}


@pytest.fixture
def cast(db: None) -> dict[str, Any]:
    return make_cast()


@pytest.fixture(autouse=True)
def _data_dir(settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path


def test_it_opens_a_case_as_a_confidential_record_linked_to_a_new_person(cast: dict[str, Any]) -> None:
    record = cases.open_case(HALA_BROTHER, actor=cast["rima"])
    assert record.source.name == "case_files" and record.source.kind == SourceKind.CASE_FILE
    assert record.source.sensitivity == Sensitivity.CONFIDENTIAL
    assert record.record_id.startswith("CASE-") and len(record.record_id) == 13
    assert record.birth_date == PartialDate(1985)
    assert record.resolved_governorate_id == "gov-rif-dimashq"
    assert record.raw["first_name"] == "محمد" and record.raw["birth_date"] == "1985"
    link = PersonRecordLink.objects.get(record=record)
    assert link.method == LinkMethod.HUMAN and link.actor == cast["rima"]
    assert record.person.display_name == "محمد أحمد خليل الحسن"
    event = AuditEvent.objects.get(action="create", target_type="record")
    assert event.details["new_person"] is True and "محمد" not in str(event.details)


def test_caseworkers_read_cases_and_analysts_reviewers_do_not(cast: dict[str, Any]) -> None:
    record = cases.open_case(HALA_BROTHER, actor=cast["rima"])
    assert SourceGrant.objects.get(source=record.source).role == "caseworker"
    for name, sees in [("rima", True), ("nour", True), ("yusuf", True), ("reem", False), ("sami", False),
                       ("omar", False)]:
        assert visible_records(cast[name]).filter(pk=record.pk).exists() is sees, name


def test_it_refuses_a_case_without_a_name(cast: dict[str, Any]) -> None:
    with pytest.raises(cases.CaseError):
        cases.open_case({"sex": "M"}, actor=cast["rima"])


def test_a_reviewer_cannot_open_a_case_and_the_denial_is_audited(cast: dict[str, Any]) -> None:
    with pytest.raises(PermissionDenied):
        cases.open_case(HALA_BROTHER, actor=cast["reem"])
    assert AuditEvent.objects.filter(action="denied", actor=cast["reem"]).count() == 1
    assert not Person.objects.exists()


def test_it_adds_a_case_to_a_person_already_in_the_registry(cast: dict[str, Any]) -> None:
    first = cases.open_case(HALA_BROTHER, actor=cast["rima"])
    second = cases.open_case({"first_name": "محمد", "family_name": "الحسن"}, actor=cast["rima"],
                             person=first.person)
    assert second.person == first.person
    assert Person.objects.count() == 1


def test_an_edit_keeps_the_earlier_value_who_and_why(cast: dict[str, Any]) -> None:
    record = cases.open_case(HALA_BROTHER, actor=cast["rima"])
    revision = cases.edit_case(record, {**HALA_BROTHER, "birth_date": "1986-03"}, actor=cast["nour"],
                               reason="the mother corrected the year")
    assert revision is not None and revision.fields["birth_date"] == "1985"
    record.refresh_from_db()
    assert record.birth_date == PartialDate(1986, 3) and record.raw["birth_date"] == "1986-03"
    [entry] = record_history(record)
    assert entry.replaced_by == "nour" and entry.reason == "the mother corrected the year"
    assert [(c.field, c.earlier, c.later) for c in entry.changes] == [("birth_date", "1985", "1986-03")]
    assert cases.edit_case(record, {**HALA_BROTHER, "birth_date": "1986-03"}, actor=cast["nour"]) is None


def test_it_edits_only_case_records(cast: dict[str, Any]) -> None:
    imported = make_record("FR-1", source=make_source("family_reports", sensitivity=Sensitivity.INTERNAL),
                           first_name="محمد")
    with pytest.raises(cases.CaseError):
        cases.edit_case(imported, HALA_BROTHER, actor=cast["rima"])


def test_an_event_claims_the_fate_its_type_implies_with_itself_as_evidence(cast: dict[str, Any]) -> None:
    record = cases.open_case(HALA_BROTHER, actor=cast["rima"])
    added = cases.add_event(record, event_type="death_certificate", date=PartialDate(2019, 2),
                            place_text="صيدنايا", description="شهادة وفاة من السجل المدني", actor=cast["rima"])
    assert added.event.place_id == "saydnaya-prison"
    assert added.event.description == "شهادة وفاة من السجل المدني" and added.event.created_by == cast["rima"]
    assert added.claim is not None and added.claim.fate == "deceased" and added.claim.event == added.event
    testimony = cases.add_event(record, event_type="testimony", actor=cast["rima"])
    assert testimony.claim is None


def test_a_fate_claim_needs_evidence_and_is_kept_beside_a_contradicting_one(cast: dict[str, Any]) -> None:
    record = cases.open_case(HALA_BROTHER, actor=cast["rima"])
    cases.add_event(record, event_type="death_certificate", date=PartialDate(2019), actor=cast["rima"])
    with pytest.raises(cases.CaseError):
        cases.add_fate_claim(record, fate="detained", evidence="  ", actor=cast["rima"])
    claim = cases.add_fate_claim(record, fate="detained", claimed_on=PartialDate(2021), actor=cast["rima"],
                                 evidence="شاهد رآه في صيدنايا")
    assert sorted(FateClaim.objects.filter(person=record.person).values_list("fate", flat=True)) == [
        "deceased", "detained"]
    assert claim.evidence == "شاهد رآه في صيدنايا"


def test_free_text_is_encrypted_at_rest(cast: dict[str, Any]) -> None:
    from django.db import connection

    record = cases.open_case(HALA_BROTHER, actor=cast["rima"])
    note = cases.add_note(record, text="الأم تتصل كل أسبوع", actor=cast["rima"])
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM registry_casenote WHERE id = %s", [note.pk])
        stored = cursor.fetchone()[0]
    assert stored.startswith("enc1:") and "الأم" not in stored


def test_a_document_is_stored_encrypted_with_its_sha256(cast: dict[str, Any], tmp_path: Path) -> None:
    record = cases.open_case(HALA_BROTHER, actor=cast["rima"])
    document = cases.add_document(record, data=PNG, file_name="photo محمد.png", description="صورة",
                                  actor=cast["rima"])
    assert document.content_type == "image/png" and document.size == len(PNG)
    import hashlib

    assert document.sha256 == hashlib.sha256(PNG).hexdigest()
    stored = (tmp_path / "documents" / f"{document.public_id}.enc").read_bytes()
    assert PNG not in stored and stored != PNG
    assert read_decrypted(document.public_id, document.sha256) == PNG
    audit = AuditEvent.objects.get(target_type="case_document")
    assert audit.details["sha256"] == document.sha256 and "محمد" not in str(audit.details)


def test_it_refuses_a_file_that_is_not_a_photo_or_pdf(cast: dict[str, Any], tmp_path: Path) -> None:
    record = cases.open_case(HALA_BROTHER, actor=cast["rima"])
    with pytest.raises(DocumentRefused):
        cases.add_document(record, data=b"MZ\x90\x00 an executable", file_name="x.pdf", actor=cast["rima"])
    assert not list((tmp_path / "documents").glob("*.enc"))


def test_a_document_altered_on_disk_is_refused(cast: dict[str, Any], tmp_path: Path) -> None:
    from athar.encryption import encrypt_bytes

    record = cases.open_case(HALA_BROTHER, actor=cast["rima"])
    document = cases.add_document(record, data=PNG, file_name="a.png", actor=cast["rima"])
    (tmp_path / "documents" / f"{document.public_id}.enc").write_bytes(encrypt_bytes(PNG + b"x"))
    with pytest.raises(DocumentDamaged):
        read_decrypted(document.public_id, document.sha256)
