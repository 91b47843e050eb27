"""A record changes with its history kept: the previous row and fields, who, when, why."""

from __future__ import annotations

import pytest
from tests.factories import make_cast, make_record

from athar.audit.models import AuditEvent
from athar.interchange import PartialDate
from athar.registry.models import FateClaim, RecordRevision
from athar.registry.revisions import revise_record

pytestmark = pytest.mark.django_db


def test_it_keeps_the_previous_state_as_a_revision() -> None:
    rima = make_cast()["rima"]
    record = make_record("R-1", full_name="محمد الحسن", event_type="arrest", event_date="2013")
    before_raw = dict(record.raw)
    revision = revise_record(record, values={"full_name": "محمد أحمد الحسن"}, actor=rima, reason="typo")
    assert revision is not None and revision.version == 1
    assert revision.raw == before_raw and revision.fields["full_name"] == "محمد الحسن"
    assert revision.replaced_by == rima and revision.reason == "typo"
    record.refresh_from_db()
    assert record.full_name == "محمد أحمد الحسن"
    event = AuditEvent.objects.get(action="edit")
    assert event.details["fields"] == ["full_name"] and "محمد" not in str(event.details)


def test_it_writes_nothing_when_nothing_changes() -> None:
    record = make_record("R-1", full_name="محمد الحسن")
    assert revise_record(record, values={"full_name": "محمد الحسن"}, actor=None) is None
    assert not RecordRevision.objects.exists() and not AuditEvent.objects.exists()


def test_it_numbers_revisions_in_order() -> None:
    record = make_record("R-1", full_name="a")
    revise_record(record, values={"full_name": "b"}, actor=None)
    revise_record(record, values={"full_name": "c"}, actor=None)
    assert [(r.version, r.fields["full_name"]) for r in record.revisions.all()] == [(1, "a"), (2, "b")]


def test_a_corrected_event_type_moves_the_fate_claim_with_it() -> None:
    record = make_record("R-1", full_name="x", event_type="arrest", event_date="2013")
    assert FateClaim.objects.get(record=record).fate == "detained"
    revise_record(record, values={"event_type": "death_certificate", "event_date": PartialDate.parse("2019")},
                  actor=None)
    claim = FateClaim.objects.get(record=record)
    assert claim.fate == "deceased" and claim.claimed_on == PartialDate.parse("2019")
    assert record.revisions.get().fields["event_type"] == "arrest"


def test_it_refuses_to_change_a_records_identity() -> None:
    record = make_record("R-1", full_name="x")
    with pytest.raises(ValueError, match="not revisable"):
        revise_record(record, values={"record_id": "R-2"}, actor=None)
