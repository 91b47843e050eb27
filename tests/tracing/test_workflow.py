"""The transition table: who, when, why for every change; nothing outside the table."""

from __future__ import annotations

import pytest

from athar.accounts.permissions import CapabilityDenied
from athar.audit.models import AuditEvent
from athar.tracing.intake import create_request
from athar.tracing.models import Status
from athar.tracing.workflow import TRANSITIONS, IllegalTransition, allowed_next, change_status

pytestmark = pytest.mark.django_db


def _request(actor):
    return create_request(description={"given_name": "محمد", "family_name": "الحسن"},
                          requester={"phone": "+963 900 000 000"}, actor=actor)


def test_every_state_has_a_row_and_closed_can_be_reopened() -> None:
    assert set(TRANSITIONS) == set(Status.values)
    assert TRANSITIONS[Status.CLOSED] == {Status.SEARCHING}
    assert Status.FAMILY_INFORMED not in TRANSITIONS[Status.CANDIDATE_FOUND]


def test_it_records_who_when_and_why_and_audits_ids_only(cast) -> None:
    rima = cast["rima"]
    request = _request(rima)
    change = change_status(request, Status.SEARCHING, actor=rima, reason="بدأنا البحث في القوائم")
    assert (change.from_status, change.to_status, change.actor) == ("new", "searching", rima)
    assert change.reason == "بدأنا البحث في القوائم"
    request.refresh_from_db()
    assert request.status == "searching"
    event = AuditEvent.objects.filter(action="status_change").get()
    assert event.details["from"] == "new" and event.details["to"] == "searching"
    assert "البحث" not in str(event.details)


def test_it_refuses_a_jump_the_table_does_not_allow(cast) -> None:
    rima = cast["rima"]
    request = _request(rima)
    with pytest.raises(IllegalTransition):
        change_status(request, Status.CANDIDATE_FOUND, actor=rima, reason="x")
    request.refresh_from_db()
    assert request.status == "new"


def test_verified_and_family_informed_are_not_reachable_directly(cast) -> None:
    rima = cast["rima"]
    request = _request(rima)
    change_status(request, Status.SEARCHING, actor=rima, reason="x")
    change_status(request, Status.CANDIDATE_FOUND, actor=rima, reason="x")
    with pytest.raises(IllegalTransition):
        change_status(request, Status.VERIFIED, actor=rima, reason="looks right")
    assert Status.VERIFIED not in allowed_next(Status.CANDIDATE_FOUND)


def test_a_reason_is_required(cast) -> None:
    rima = cast["rima"]
    with pytest.raises(IllegalTransition):
        change_status(_request(rima), Status.SEARCHING, actor=rima, reason="  ")


def test_an_analyst_may_not_change_a_request(cast) -> None:
    request = _request(cast["rima"])
    with pytest.raises(CapabilityDenied):
        change_status(request, Status.SEARCHING, actor=cast["sami"], reason="x")
    assert AuditEvent.objects.filter(action="denied", actor=cast["sami"]).exists()
