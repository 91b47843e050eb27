"""From candidate to "family informed": a person decides at every step, and the software sends
nothing to the family."""

from __future__ import annotations

import pytest
from tests.tracing.conftest import BROTHER

from athar.interchange import PartialDate
from athar.tracing.decisions import reject_candidate, verify_candidate
from athar.tracing.informing import complete_informing
from athar.tracing.intake import create_request
from athar.tracing.matching import match_request
from athar.tracing.models import Notification, Status
from athar.tracing.workflow import IllegalTransition, change_status

pytestmark = pytest.mark.django_db


def _brother_request(actor):
    description = dict(BROTHER, birth_date=PartialDate.parse(BROTHER["birth_date"]),
                       last_seen_on=PartialDate.parse(BROTHER["last_seen_on"]))
    return create_request(description=description, requester={"relationship": "sister"}, actor=actor)


def test_the_whole_path_from_intake_to_family_informed(linked_registry, cast):
    rima = cast["rima"]
    request = _brother_request(rima)
    change_status(request, Status.SEARCHING, actor=rima, reason="بدء البحث")
    match_request(request, actor=rima)
    request.refresh_from_db()
    assert request.status == Status.CANDIDATE_FOUND  # the matcher found something to check, nothing more
    assert Notification.objects.filter(tracing_request=request, kind="new_candidates", user=rima).exists()

    best = request.candidates.order_by("rank").first()
    task = verify_candidate(best, actor=rima, reason="الأم والجد ومكان الاعتقال متطابقة")
    request.refresh_from_db()
    assert (request.status, request.person) == (Status.VERIFIED, linked_registry["brother"])
    assert task.assigned_to == rima and not task.is_done

    complete_informing(task, actor=rima, channel="whatsapp", notes="اتصلت بهالة")
    request.refresh_from_db()
    assert request.status == Status.FAMILY_INFORMED
    history = list(request.status_changes.values_list("to_status", "actor__username"))
    assert history == [("new", "rima"), ("searching", "rima"), ("candidate_found", "rima"),
                       ("verified", "rima"), ("family_informed", "rima")]


def test_informing_twice_or_before_verifying_is_refused(linked_registry, cast):
    rima = cast["rima"]
    request = _brother_request(rima)
    change_status(request, Status.SEARCHING, actor=rima, reason="x")
    match_request(request, actor=rima)
    task = verify_candidate(request.candidates.order_by("rank").first(), actor=rima, reason="x")
    complete_informing(task, actor=rima, channel="phone")
    with pytest.raises(IllegalTransition):
        complete_informing(task, actor=rima, channel="phone")


def test_rejecting_every_candidate_moves_the_request_to_rejected(linked_registry, cast):
    rima = cast["rima"]
    request = _brother_request(rima)
    change_status(request, Status.SEARCHING, actor=rima, reason="x")
    match_request(request, actor=rima)
    for candidate in request.candidates.all():
        reject_candidate(candidate, actor=rima, reason="الأم مختلفة")
    request.refresh_from_db()
    assert request.status == Status.REJECTED
    # A rejected candidate stays rejected when the matcher proposes it again.
    match_request(request, actor=rima)
    assert not request.candidates.filter(decision="open").exists()
    request.refresh_from_db()
    assert request.status == Status.REJECTED


def test_a_candidate_cannot_be_verified_while_the_request_is_only_new(linked_registry, cast):
    rima = cast["rima"]
    request = _brother_request(rima)
    match_request(request, actor=rima)  # matching a new request does not move it
    request.refresh_from_db()
    assert request.status == Status.NEW
    with pytest.raises(IllegalTransition):
        verify_candidate(request.candidates.first(), actor=rima, reason="x")
