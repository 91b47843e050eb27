"""After every resolve, the open requests are matched against the new persons and the caseworker is
told — on the request list and the request page — while nothing reaches the family; the model the
matcher needs outlives `athar resolve`'s removal of its working files."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.test import Client
from tests.factories import make_record, make_source
from tests.tracing.conftest import STRANGER

from athar.audit.models import AuditEvent
from athar.cli import main
from athar.interchange import PartialDate
from athar.registry.linking import link_registry
from athar.registry.models import Record, Sensitivity, Source
from athar.tracing.intake import create_request
from athar.tracing.matching import NoLinkageRun, match_request
from athar.tracing.models import (
    Candidate,
    CandidateDecision,
    InformingTask,
    Notification,
    Status,
    TracingRequest,
)
from athar.tracing.workflow import change_status

pytestmark = pytest.mark.django_db


def _searching_for_samer(rima: Any) -> TracingRequest:
    description = dict(STRANGER, birth_date=PartialDate.parse(STRANGER["birth_date"]),
                       last_seen_on=PartialDate.parse(STRANGER["last_seen_on"]))
    request = create_request(description=description, requester={"relationship": "mother"}, actor=rima)
    change_status(request, Status.SEARCHING, actor=rima, reason="بدأنا البحث")
    match_request(request, actor=rima)
    assert not request.candidates.filter(match_probability__gte=0.5).exists()
    return request


def _samer_arrives() -> Record:
    record = make_record("P-77", source=make_source("prison_register"), first_name="سامر", father_name="خالد",
                         grandfather_name="حسن", family_name="إبراهيم", mother_name="مريم", sex="M",
                         birth_date=PartialDate.parse("1990"), event_type="detention_sighting",
                         event_date="2015-06", event_place="صيدنايا")
    Source.objects.update(sensitivity=Sensitivity.INTERNAL)
    return record


def test_athar_resolve_matches_the_open_requests_and_keeps_the_model_for_the_next_search(
        linked_registry: Any, cast: Any, settings: Any) -> None:
    rima = cast["rima"]
    request = _searching_for_samer(rima)
    _samer_arrives()
    assert settings.KEEP_LINKAGE_RUNS == 0  # the default: resolve removes its working files

    result = CliRunner(mix_stderr=False).invoke(main, ["resolve"])

    assert result.exit_code == 0, result.stderr
    assert ("tracing: 1 open requests matched again: 1 new candidates for 1 caseworker queues; "
            "0 requests linked to an earlier one") in result.stdout
    assert "سامر" not in result.stdout + result.stderr
    data = Path(settings.DATA_DIR)
    assert list((data / "linkage").iterdir()) == []
    request.refresh_from_db()
    assert request.status == Status.CANDIDATE_FOUND
    samer = Record.objects.get(record_id="P-77").person
    assert request.candidates.get(match_probability__gte=0.5).person == samer
    notify = AuditEvent.objects.get(action="notify", target_id=request.public_id)
    assert notify.actor_id is None and notify.details["user"] == rima.pk and notify.details["count"] == 1
    # A person decides: nothing went towards the family.
    assert not InformingTask.objects.exists()
    assert not AuditEvent.objects.filter(action__in=["inform_family", "export", "consent_check"]).exists()

    # The model the matcher needs was kept, privately, and the next search works without a resolve.
    kept = [p for p in (data / "matcher").iterdir()]
    assert len(kept) == 1 and kept[0].name == Candidate.objects.get(person=samer).run_id
    assert {p.name for p in kept[0].iterdir()} >= {"model.json", "features.parquet", "clusters.csv"}
    assert stat.S_IMODE((data / "matcher").stat().st_mode) == 0o700
    assert {stat.S_IMODE(p.stat().st_mode) for p in kept[0].iterdir()} == {0o600}
    summary = match_request(request, actor=rima)
    assert summary.run_id == kept[0].name and summary.new_candidates == 0


def test_the_assigned_caseworker_sees_the_new_candidates_flagged_until_she_opens_the_request(
        linked_registry: Any, cast: Any, settings: Any) -> None:
    rima, nour = cast["rima"], cast["nour"]
    request = _searching_for_samer(rima)
    _samer_arrives()
    link_registry(Path(settings.DATA_DIR) / "linkage" / "link-20260201T000000Z", run_id="link-20260201T000000Z")
    note = Notification.objects.get(tracing_request=request, kind="new_candidates")
    badge = f'class="pill new-candidates" data-request="{request.public_id}"'

    as_nour = Client()
    as_nour.force_login(nour)
    assert badge not in as_nour.get("/tracing/").content.decode()  # not her request
    nour_page = as_nour.get(f"/tracing/requests/{request.public_id}/").content.decode()
    assert 'id="new-candidates"' not in nour_page

    as_rima = Client()
    as_rima.force_login(rima)
    listing = as_rima.get("/tracing/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert badge in listing and "1 new candidate since" in listing
    page = as_rima.get(f"/tracing/requests/{request.public_id}/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert 'id="new-candidates"' in page and "مرشّح جديد واحد منذ" in page
    assert page.count('class="card new"') == 1 and page.count('class="pill new-candidate"') == 1
    note.refresh_from_db()
    assert note.read_at is not None
    seen = AuditEvent.objects.filter(action="view", target_id=request.public_id, actor=rima).latest("sequence")
    assert seen.details == {"notifications_read": [note.pk]}
    # Seen once: the flag is gone from the list and the page.
    assert badge not in as_rima.get("/tracing/").content.decode()
    assert 'id="new-candidates"' not in as_rima.get(f"/tracing/requests/{request.public_id}/").content.decode()


def test_a_known_candidate_who_now_reaches_the_threshold_is_new_but_a_rejected_one_never_again(
        cast: Any, db: None) -> None:
    from athar.registry.models import Person
    from athar.tracing.matching import _store
    from athar.tracing.ranking import RankedCandidate

    rima = cast["rima"]
    request = create_request(description={"given_name": "سامر"}, requester={}, actor=rima)
    weak, rejected = Person.objects.create(), Person.objects.create()
    Candidate.objects.create(tracing_request=request, person=weak, match_probability=0.3, rank=1)
    Candidate.objects.create(tracing_request=request, person=rejected, match_probability=0.2, rank=2,
                             decision=CandidateDecision.REJECTED)
    key = ("athar-tracing-request", request.public_id)
    ranked = [RankedCandidate(key, 1, weak.public_id, "s", "r1", 0.8, ""),
              RankedCandidate(key, 2, rejected.public_id, "s", "r2", 0.7, "")]
    from django.utils import timezone

    now = timezone.now()
    assert _store(request, ranked, "run-2", now) == 1
    assert Candidate.objects.get(person=weak).flagged_at == now
    assert Candidate.objects.get(person=rejected).flagged_at is None
    assert _store(request, ranked, "run-3", timezone.now()) == 0  # already at the threshold: not news


def test_a_failed_rematch_is_reported_and_does_not_undo_the_resolve(
        linked_registry: Any, cast: Any, settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import athar.tracing.matching

    def fail(**_kwargs: Any) -> None:
        raise NoLinkageRun

    monkeypatch.setattr(athar.tracing.matching, "rematch_open_requests", fail)
    _samer_arrives()
    result = link_registry(Path(settings.DATA_DIR) / "linkage" / "link-20260301T000000Z",
                           run_id="link-20260301T000000Z")
    assert result.followups == ["tracing: open requests NOT matched again (no_linkage_run); "
                                "run `athar trace rematch`"]
    assert Record.objects.get(record_id="P-77").person is not None
