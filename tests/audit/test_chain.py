"""The audit log is a hash chain: every edit, insertion or deletion is found and located."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from athar.audit import triggers
from athar.audit.models import Action, AuditChainHead, AuditEvent
from athar.audit.services import record_event
from athar.audit.verify import verify_chain

pytestmark = pytest.mark.django_db


def _three_events() -> list[AuditEvent]:
    return [record_event(actor=None, action=Action.IMPORT, target_type="batch", target_id=n,
                         details={"rows": n * 10}) for n in (1, 2, 3)]


def test_it_chains_each_row_to_the_previous_one() -> None:
    first, second, third = _three_events()
    assert [first.sequence, second.sequence, third.sequence] == [1, 2, 3]
    assert second.previous_hash == first.hash and third.previous_hash == second.hash
    assert verify_chain().is_intact and verify_chain().checked == 3


def test_it_labels_the_command_line_as_the_actor_when_no_user_acts() -> None:
    event = record_event(actor=None, action=Action.IMPORT)
    assert event.actor_id is None and event.actor_label == "command line"


def test_it_refuses_long_text_in_details() -> None:
    with pytest.raises(ValueError, match="too long"):
        record_event(actor=None, action=Action.EDIT, details={"note": "x" * 500})


def test_the_database_refuses_to_update_an_audit_row() -> None:
    _three_events()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(sequence=2).update(action="view")


def test_the_database_refuses_to_delete_an_audit_row() -> None:
    _three_events()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(sequence=2).delete()


def _tamper(sql: str, params: list[object]) -> None:
    """What someone with the database file could do: drop the triggers and rewrite rows."""
    triggers.remove(connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    triggers.install(connection)


def test_verify_finds_an_edited_row() -> None:
    _three_events()
    _tamper("UPDATE audit_auditevent SET target_id = %s WHERE sequence = %s", ["99", 2])
    report = verify_chain()
    assert not report.is_intact
    assert report.broken_at == 2 and "changed" in report.reason


def test_verify_finds_a_deleted_row() -> None:
    _three_events()
    _tamper("DELETE FROM audit_auditevent WHERE sequence = %s", [2])
    report = verify_chain()
    assert report.broken_at == 2 and "missing" in report.reason


def test_verify_finds_a_deleted_last_row() -> None:
    _three_events()
    _tamper("DELETE FROM audit_auditevent WHERE sequence = %s", [3])
    report = verify_chain()
    assert report.broken_at == 3 and "ends at row 2" in report.reason


def test_verify_finds_a_row_replaced_with_a_consistent_hash() -> None:
    """An insertion that recomputes its own hash still does not link to the next row."""
    from athar.audit.chain import event_hash

    events = _three_events()
    forged = events[1]
    fields = dict(sequence=2, occurred_at=forged.occurred_at, actor_id=None, actor_label="command line",
                  action="view", outcome="ok", target_type="batch", target_id="2", ip_address=None, path="",
                  details={"rows": 20}, previous_hash=events[0].hash)
    new_hash = event_hash(**fields)
    _tamper("UPDATE audit_auditevent SET action = %s, hash = %s WHERE sequence = %s", ["view", new_hash, 2])
    report = verify_chain()
    assert report.broken_at == 3 and "does not follow" in report.reason


def test_the_chain_head_counts_every_row() -> None:
    _three_events()
    head = AuditChainHead.objects.get(pk=1)
    assert head.last_sequence == 3 and head.last_hash == AuditEvent.objects.get(sequence=3).hash


def test_behind_the_declared_proxy_the_address_is_the_one_the_proxy_added(settings: object, rf: object) -> None:
    settings.BEHIND_HTTPS_PROXY = True  # type: ignore[attr-defined]
    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7", REMOTE_ADDR="10.0.0.2")  # type: ignore[attr-defined]
    assert record_event(actor=None, action=Action.VIEW, request=request).ip_address == "203.0.113.7"
    settings.BEHIND_HTTPS_PROXY = False  # type: ignore[attr-defined]
    assert record_event(actor=None, action=Action.VIEW, request=request).ip_address == "10.0.0.2"
