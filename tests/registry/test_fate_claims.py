"""Fate is a set of claims: each event type claims its fate, and contradictions are kept and shown."""

from __future__ import annotations

import pytest
from tests.factories import make_hala_brother_records, make_record

from athar.registry.models import Fate, FateClaim, Person, Record
from athar.registry.queries import fate_summary, person_timeline
from athar.registry.services import derive_events_and_claims, link_record

pytestmark = pytest.mark.django_db


def _person_of(records: list[Record]) -> Person:
    person = Person.objects.create()
    for record in records:
        link_record(record, person, actor=None)
    return person


@pytest.mark.parametrize(("event_type", "fate"), [
    ("death_certificate", Fate.DECEASED),
    ("death_report", Fate.DECEASED),
    ("detention_sighting", Fate.DETAINED),
    ("arrest", Fate.DETAINED),
    ("transfer", Fate.DETAINED),
    ("trial", Fate.DETAINED),
    ("release", Fate.RELEASED),
    ("missing_report", None),
    ("testimony", None),
    ("other", None),
])
def test_it_derives_the_fate_each_event_type_claims(event_type: str, fate: str | None) -> None:
    record = make_record("R-1", event_type=event_type, event_date="2014-03", derive=False)
    event, claim = derive_events_and_claims(record)
    assert event is not None
    assert event.event_type == event_type
    assert event.record == record
    if fate is None:
        assert claim is None
    else:
        assert claim is not None
        assert (claim.fate, claim.claimed_on.isoformat(), claim.source_id) == (fate, "2014-03", record.source_id)


def test_it_derives_nothing_twice() -> None:
    record = make_record("R-1", event_type="arrest", event_date="2014", derive=False)
    first = derive_events_and_claims(record)
    second = derive_events_and_claims(record)
    assert first == second
    assert record.events.count() == 1
    assert FateClaim.objects.filter(record=record).count() == 1


def test_it_keeps_both_claims_when_certificate_and_sighting_conflict() -> None:
    person = _person_of(make_hala_brother_records())
    summary = fate_summary(person)
    assert [(c.fate, c.claimed_on.isoformat()) for c in summary.claims] == [
        ("detained", "2013-04"), ("deceased", "2019-02-11"), ("detained", "2021")]
    assert summary.is_conflicting
    assert len(summary.conflicts) == 1
    conflict = summary.conflicts[0]
    assert (conflict.first.fate, conflict.second.fate) == ("deceased", "detained")
    assert conflict.second.claimed_on.isoformat() == "2021"
    assert summary.fates == {"detained", "deceased"}


def test_it_sees_no_conflict_in_arrest_then_death() -> None:
    records = make_hala_brother_records()[:2]
    summary = fate_summary(_person_of(records))
    assert len(summary.claims) == 2
    assert not summary.is_conflicting


def test_it_does_not_flag_dates_that_may_be_the_same_day() -> None:
    person = _person_of([
        make_record("A", event_type="death_report", event_date="2019"),
        make_record("B", event_type="detention_sighting", event_date="2019-06"),
    ])
    assert not fate_summary(person).is_conflicting


def test_it_flags_two_different_dates_of_death() -> None:
    person = _person_of([
        make_record("A", event_type="death_report", event_date="2014-05"),
        make_record("B", event_type="death_certificate", event_date="2016-01-02"),
    ])
    summary = fate_summary(person)
    assert [c.reason for c in summary.conflicts] == ["claims of death with different dates"]


def test_it_orders_the_timeline_by_date_with_evidence() -> None:
    records = make_hala_brother_records()
    person = _person_of(list(reversed(records)))
    timeline = person_timeline(person)
    assert [e.event.event_type for e in timeline] == ["arrest", "death_certificate", "detention_sighting"]
    assert [e.source_name for e in timeline] == ["family_reports", "death_certificates", "testimonies"]
    assert [len(e.fate_claims) for e in timeline] == [1, 1, 1]
