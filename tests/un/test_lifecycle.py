"""Submissions follow the lifecycle table of mechanisms.toml; status changes set their dates and are
audited; a government reply claiming a fate becomes a registry fate claim with the reply as evidence;
one case is tracked separately at each mechanism; deadlines come from the configured rules."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from athar.audit.models import AuditEvent
from athar.interchange import PartialDate
from athar.registry.access import visible_records
from athar.registry.models import FateClaim, Person, Sensitivity, Source
from athar.registry.queries import fate_summary
from athar.tracing.consent import current_consent, withdraw_consent
from athar.un.errors import BadTransition, NoConsent, SubmissionError
from athar.un.models import StatusChange, Submission
from athar.un.queries import add_months, deadlines_of
from athar.un.services import (
    change_status,
    generate_communication,
    mark_sent,
    record_correspondence,
    update_case,
)

D = datetime.date


def _sent(person: Person, mechanism: str = "wgeid") -> Submission:
    communication = generate_communication(person, mechanism, actor=None)
    return mark_sent(communication.submission, communication=communication, sent_on=D(2026, 1, 10),
                     channel="email", address_used="secretariat@example.org", actor=None)


def test_generation_opens_a_ready_submission_and_sending_freezes_what_was_sent(case_person: Person) -> None:
    communication = generate_communication(case_person, "wgeid", actor=None)
    submission = communication.submission
    assert (submission.status, submission.procedure) == ("READY", "STANDARD")
    mark_sent(submission, communication=communication, sent_on=D(2026, 1, 10), channel="online_form",
              address_used="https://spsubmission.ohchr.org/", actor=None)
    submission.refresh_from_db()
    assert (submission.status, submission.sent_on, submission.sent_communication_id) == ("SENT", D(2026, 1, 10),
                                                                                          communication.pk)
    assert [(c.from_status, c.to_status) for c in StatusChange.objects.order_by("id")] == [
        ("DRAFT", "READY"), ("READY", "SENT")]
    # A later generation opens a new submission: the sent one is never touched.
    later = generate_communication(case_person, "wgeid", actor=None)
    assert later.submission_id != submission.pk and later.version == 2


def test_sending_needs_consent_at_that_moment(case_person: Person) -> None:
    communication = generate_communication(case_person, "wgeid", actor=None)
    withdraw_consent(current_consent(case_person, "wgeid"), actor=None)
    with pytest.raises(NoConsent):
        mark_sent(communication.submission, communication=communication, sent_on=D(2026, 1, 10), channel="email",
                  address_used="x@example.org", actor=None)
    communication.submission.refresh_from_db()
    assert communication.submission.status == "READY"


def test_the_transition_table_is_enforced(case_person: Person) -> None:
    submission = _sent(case_person)
    with pytest.raises(BadTransition, match="SENT cannot become GOV_REPLY_RECEIVED"):
        change_status(submission, "GOV_REPLY_RECEIVED", occurred_on=D(2026, 2, 1), actor=None)
    change_status(submission, "ACCEPTED_STANDARD_PENDING_SESSION", occurred_on=D(2026, 1, 20), actor=None)
    change_status(submission, "TRANSMITTED_STANDARD", occurred_on=D(2026, 2, 15), actor=None)
    change_status(submission, "OUTSTANDING", occurred_on=D(2026, 2, 15), actor=None)
    submission.refresh_from_db()
    assert (submission.status, submission.transmitted_on) == ("OUTSTANDING", D(2026, 2, 15))
    audited = AuditEvent.objects.filter(details__submission=submission.pk, details__to="OUTSTANDING")
    assert audited.count() == 1


def test_ready_cannot_be_skipped_and_sent_needs_mark_sent(case_person: Person) -> None:
    submission = Submission.objects.create(person=case_person, mechanism="wgeid", procedure="STANDARD")
    with pytest.raises(BadTransition):
        change_status(submission, "SENT", occurred_on=D(2026, 1, 1), actor=None)
    change_status(submission, "READY", occurred_on=D(2026, 1, 1), actor=None)
    with pytest.raises(BadTransition, match="mark_sent"):
        change_status(submission, "SENT", occurred_on=D(2026, 1, 1), actor=None)


def test_a_government_reply_claiming_death_becomes_a_fate_claim_with_the_reply_as_evidence(
        case_person: Person) -> None:
    submission = _sent(case_person)
    for status in ("ACCEPTED_STANDARD_PENDING_SESSION", "TRANSMITTED_STANDARD", "OUTSTANDING"):
        change_status(submission, status, occurred_on=D(2026, 2, 1), actor=None)
    letter = record_correspondence(submission, kind="government_reply", received_on=D(2026, 6, 1),
                                   reference="SYR 12/2026", summary="Died in custody.", new_status="GOV_REPLY_RECEIVED",
                                   claimed_fate="deceased", claimed_on=PartialDate(2014, 3), actor=None)
    submission.refresh_from_db()
    assert (submission.status, submission.reply_received_on, submission.reference) == (
        "GOV_REPLY_RECEIVED", D(2026, 6, 1), "SYR 12/2026")
    claim = FateClaim.objects.get(record=letter.record)
    assert (claim.fate, claim.claimed_on, claim.person_id) == ("deceased", PartialDate(2014, 3), case_person.pk)
    assert claim.source.name == "un_correspondence"
    assert letter.record.raw["un_correspondence"] == str(letter.pk)
    assert letter.record.raw["un_reference"] == "SYR 12/2026"
    # The claim stands beside the others (the arrest's "detained"), nothing overwritten.
    assert {c.fate for c in fate_summary(case_person).claims} == {"detained", "deceased"}
    # The reply's status change points at the letter: the evidence of the change.
    assert StatusChange.objects.get(to_status="GOV_REPLY_RECEIVED").correspondence_id == letter.pk
    # The six-month rule's reminder starts from the reply.
    assert [(d.rule, d.due_on) for d in deadlines_of(submission, D(2026, 6, 2))] == [("six_month_rule", D(2026, 12, 1))]


def test_the_correspondence_source_is_confidential_and_granted_to_those_who_handle_submissions(
        case_person: Person) -> None:
    from tests.factories import make_user

    update_case(case_person.un_case, values={"treatment": "Beatings during interrogation"}, actor=None)
    submission = _sent(case_person, "srt")
    change_status(submission, "COMMUNICATION_SENT_TO_STATE", occurred_on=D(2026, 2, 1), actor=None)
    letter = record_correspondence(submission, kind="government_reply", received_on=D(2026, 3, 1),
                                   new_status="GOV_REPLY_RECEIVED", claimed_fate="released",
                                   claimed_on=PartialDate(2025, 1), actor=None)
    source = Source.objects.get(name="un_correspondence")
    assert source.sensitivity == Sensitivity.CONFIDENTIAL
    caseworker, reviewer = make_user("rima", "caseworker"), make_user("reem", "reviewer")
    assert visible_records(caseworker).filter(pk=letter.record_id).exists()
    assert not visible_records(reviewer).filter(pk=letter.record_id).exists()


def test_a_claimed_fate_is_only_taken_from_a_government_reply(case_person: Person) -> None:
    submission = _sent(case_person)
    with pytest.raises(SubmissionError, match="only a government reply"):
        record_correspondence(submission, kind="acknowledgement", received_on=D(2026, 1, 20),
                              claimed_fate="deceased", actor=None)
    assert not FateClaim.objects.filter(source__name="un_correspondence").exists()


def test_an_acknowledgement_sets_its_date_and_the_reference(case_person: Person) -> None:
    submission = _sent(case_person)
    record_correspondence(submission, kind="acknowledgement", received_on=D(2026, 1, 20),
                          reference="G/SO 217/1 SYR 4411", actor=None)
    submission.refresh_from_db()
    assert (submission.acknowledged_on, submission.reference, submission.status) == (
        D(2026, 1, 20), "G/SO 217/1 SYR 4411", "SENT")
    assert deadlines_of(submission, D(2026, 2, 1)) == []  # the no-acknowledgement reminder is gone


def test_one_case_is_tracked_separately_at_each_mechanism(case_person: Person) -> None:
    update_case(case_person.un_case, values={
        "detaining_authority": "Military Intelligence", "reasons_given": "None given",
        "wgad_categories": ["I", "III"], "arbitrariness_argument": "Held incommunicado without charge.",
        "treatment": "Beatings during interrogation"}, actor=None)
    wgeid, wgad, srt = _sent(case_person, "wgeid"), _sent(case_person, "wgad"), _sent(case_person, "srt")
    change_status(wgad, "TRANSMITTED_TO_GOVERNMENT", occurred_on=D(2026, 3, 1), actor=None)
    assert Submission.objects.filter(person=case_person).count() == 3
    assert {s.mechanism: s.status for s in Submission.objects.filter(person=case_person)} == {
        "wgeid": "SENT", "wgad": "TRANSMITTED_TO_GOVERNMENT", "srt": "SENT"}
    wgad.refresh_from_db()
    assert [(d.rule, d.due_on) for d in deadlines_of(wgad, D(2026, 3, 2))] == [("government_reply_due", D(2026, 4, 30))]
    assert wgeid.pk != srt.pk


def test_wgad_opinion_number_and_follow_up(case_person: Person) -> None:
    update_case(case_person.un_case, values={
        "detaining_authority": "Military Intelligence", "legal_basis": "Counter-terrorism law",
        "wgad_categories": ["I"], "arbitrariness_argument": "No legal basis."}, actor=None)
    submission = _sent(case_person, "wgad")
    for status in ("TRANSMITTED_TO_GOVERNMENT", "AWAITING_OPINION"):
        change_status(submission, status, occurred_on=D(2026, 3, 1), actor=None)
    record_correspondence(submission, kind="opinion", received_on=D(2026, 8, 31), opinion_number="45/2026",
                          new_status="OPINION_ADOPTED", actor=None)
    submission.refresh_from_db()
    assert (submission.opinion_number, submission.opinion_adopted_on) == ("45/2026", D(2026, 8, 31))
    # Six calendar months after 31 August is the last day of February.
    assert [(d.rule, d.due_on) for d in deadlines_of(submission, D(2026, 9, 1))] == [("follow_up_due", D(2027, 2, 28))]


def test_add_months_counts_calendar_months() -> None:
    assert add_months(D(2026, 8, 31), 6) == D(2027, 2, 28)
    assert add_months(D(2027, 8, 31), 6) == D(2028, 2, 29)
    assert add_months(D(2026, 11, 15), 3) == D(2027, 2, 15)


def test_audit_details_never_carry_the_text_entered(case_person: Person) -> None:
    submission = _sent(case_person)
    record_correspondence(submission, kind="acknowledgement", received_on=D(2026, 1, 20),
                          summary="The secretariat thanks the family of Mohammad", actor=None)
    for event in AuditEvent.objects.all():
        flat = str(event.details)
        assert "Mohammad" not in flat and "Military Intelligence" not in flat and "محمد" not in flat


def test_a_user_without_the_capability_cannot_change_a_status(case_person: Person) -> None:
    from tests.factories import make_user

    from athar.accounts.permissions import CapabilityDenied

    submission = _sent(case_person)
    with pytest.raises(CapabilityDenied):
        change_status(submission, "NOT_TRANSMITTED", occurred_on=D(2026, 1, 1), actor=make_user("omar", "data_manager"))
    submission.refresh_from_db()
    assert submission.status == "SENT"


def test_update_case_refuses_an_event_of_another_person(case_person: Person, db: Any) -> None:
    from tests.factories import make_record

    other = make_record("X-1", event_type="arrest", event_date="2015-01")
    other_person = Person.objects.create()
    from athar.registry.services import link_record

    link_record(other, other_person, actor=None)
    with pytest.raises(SubmissionError):
        update_case(case_person.un_case, values={"disappearance_event": other.events.get()}, actor=None)
