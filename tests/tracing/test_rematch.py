"""New records after an import and `athar resolve` are matched against open requests, and the
caseworker is told; a second relative's request is linked to the first, not duplicated."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.factories import make_record, make_source
from tests.tracing.conftest import BROTHER, STRANGER

from athar.interchange import PartialDate
from athar.registry.linking import link_registry
from athar.registry.models import Record, Sensitivity, Source
from athar.tracing.intake import create_request
from athar.tracing.matching import match_request, rematch_open_requests
from athar.tracing.models import Notification, Status
from athar.tracing.workflow import change_status

pytestmark = pytest.mark.django_db


def _request(values, actor, relationship="sister"):
    description = dict(values, birth_date=PartialDate.parse(values["birth_date"]),
                       last_seen_on=PartialDate.parse(values["last_seen_on"]))
    return create_request(description=description, requester={"relationship": relationship}, actor=actor)


def test_a_record_arriving_later_reaches_the_open_request_and_the_caseworker(linked_registry, cast, settings):
    rima = cast["rima"]
    request = _request(STRANGER, rima)
    change_status(request, Status.SEARCHING, actor=rima, reason="x")
    match_request(request, actor=rima)
    assert not request.candidates.filter(match_probability__gte=0.5).exists()

    # A new list arrives: Samer is in it. Import and resolve: the resolve matches the open requests.
    make_record("P-77", source=make_source("prison_register"), first_name="سامر", father_name="خالد",
                grandfather_name="حسن", family_name="إبراهيم", mother_name="مريم", sex="M",
                birth_date=PartialDate.parse("1990"), event_type="detention_sighting", event_date="2015-06",
                event_place="صيدنايا")
    Source.objects.update(sensitivity=Sensitivity.INTERNAL)
    result = link_registry(Path(settings.DATA_DIR) / "linkage" / "link-20260201T000000Z",
                           run_id="link-20260201T000000Z")

    assert result.followups == ["tracing: 1 open requests matched again: 1 new candidates for 1 caseworker "
                                "queues; 0 requests linked to an earlier one"]
    request.refresh_from_db()
    assert request.status == Status.CANDIDATE_FOUND
    candidate = request.candidates.get(match_probability__gte=0.5)
    assert candidate.person == Record.objects.get(record_id="P-77").person
    assert candidate.run_id == "link-20260201T000000Z" and candidate.flagged_at is not None
    note = Notification.objects.get(tracing_request=request, kind="new_candidates")
    assert (note.user, note.count, note.since) == (rima, 1, candidate.flagged_at)
    # Matching again finds nothing new: the caseworker is told once.
    assert rematch_open_requests(actor=None).new_candidates == 0


def test_a_second_relative_asking_about_the_same_man_is_linked_to_the_first_request(linked_registry, cast):
    rima, nour = cast["rima"], cast["nour"]
    first = _request(BROTHER, rima)
    second = _request(BROTHER, nour, relationship="mother")
    summary = match_request(second, actor=nour)
    second.refresh_from_db()
    assert second.linked_to == first
    assert summary.linked_requests == [(second.public_id, first.public_id)]
    assert Notification.objects.filter(kind="related_request", tracing_request=first, user=rima).exists()
    # Both requests are kept: each relative's consent and contact stay their own.
    assert first.requester.relationship == "sister" and second.requester.relationship == "mother"


def test_requests_about_different_people_are_not_linked(linked_registry, cast):
    rima = cast["rima"]
    _request(BROTHER, rima)
    other = _request(STRANGER, rima)
    match_request(other, actor=rima)
    other.refresh_from_db()
    assert other.linked_to is None


def test_only_requests_that_may_be_about_the_same_person_are_scored_together(cast):
    from athar.tracing.matching import possible_repeats

    rima = cast["rima"]
    arabic = create_request(description={"given_name": "محمد", "father_name": "أحمد", "family_name": "الحسن"},
                            requester={}, actor=rima)
    latin = create_request(description={"given_name": "Mohammad", "father_name": "Ahmad", "family_name": "Al-Hasan"},
                           requester={}, actor=rima)
    stranger = create_request(description={"given_name": "سامر", "family_name": "إبراهيم"}, requester={}, actor=rima)
    assert possible_repeats(arabic) == [latin]
    assert possible_repeats(stranger) == []


def test_a_wrong_link_between_two_requests_is_undone_with_a_reason(linked_registry, cast):
    from athar.audit.models import AuditEvent
    from athar.tracing.matching import unlink_request

    rima = cast["rima"]
    first = _request(BROTHER, rima)
    second = _request(BROTHER, rima, relationship="mother")
    match_request(second, actor=rima)
    second.refresh_from_db()
    assert second.linked_to == first
    unlink_request(second, actor=rima, reason="ابن عم بالاسم نفسه")
    second.refresh_from_db()
    assert second.linked_to is None
    assert AuditEvent.objects.filter(action="unlink_request", target_id=second.public_id).exists()
    match_request(second, actor=rima)  # a person's "not the same" is not overruled by the matcher
    second.refresh_from_db()
    assert second.linked_to is None


def test_the_request_page_undoes_a_link_with_a_reason(linked_registry, cast, client):
    rima = cast["rima"]
    first = _request(BROTHER, rima)
    second = _request(BROTHER, rima, relationship="mother")
    match_request(second, actor=rima)
    client.force_login(rima)
    page = client.get(f"/tracing/requests/{second.public_id}/").content.decode()
    assert first.public_id in page and f"/tracing/requests/{second.public_id}/unlink/" in page
    client.post(f"/tracing/requests/{second.public_id}/unlink/", {"reason": ""})
    second.refresh_from_db()
    assert second.linked_to == first  # no reason, no change
    client.post(f"/tracing/requests/{second.public_id}/unlink/", {"reason": "ليسا الشخص نفسه"})
    second.refresh_from_db()
    assert second.linked_to is None
