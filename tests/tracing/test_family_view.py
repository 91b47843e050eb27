"""Fate as the family hears it: the last sighting with its source, every claim with its evidence,
and never a death presented as established because one document says so."""

from __future__ import annotations

import pytest
from django.utils import translation
from tests.factories import make_cast, make_record, make_source

from athar.registry.models import Person, Record, Sensitivity
from athar.tracing.family_view import Statement, fate_as_heard

pytestmark = pytest.mark.django_db


def _person(*records: Record) -> Person:
    person = Person.objects.create()
    Record.objects.filter(pk__in=[r.pk for r in records]).update(person=person)
    for record in records:
        record.events.update(person=person)
        record.fate_claims.update(person=person)
    return person


def _source(name: str, sensitivity: str = Sensitivity.INTERNAL):
    return make_source(name, sensitivity=sensitivity)


def test_a_death_certificate_and_a_later_sighting_are_a_conflict_and_the_sighting_is_last_seen():
    rima = make_cast()["rima"]
    person = _person(
        make_record("A-1", source=_source("ngo"), event_type="arrest", event_date="2013-04", event_place="حرستا"),
        make_record("DC-7", source=_source("deaths"), event_type="death_certificate", event_date="2019-02-11"),
        make_record("T-3", source=_source("witnesses"), event_type="detention_sighting", event_date="2021",
                    event_place="صيدنايا"))
    with translation.override("ar"):
        fate = fate_as_heard(person, rima)
    assert fate.statement == Statement.CONFLICTING
    seen = fate.last_seen
    assert (str(seen.date), seen.place_written, seen.source_name) == ("2021", "صيدنايا", "witnesses")
    assert seen.place == "سجن صيدنايا العسكري"  # resolved through the gazetteer
    assert fate.death_sources == 1
    assert sorted(c.fate for c in fate.claims) == ["deceased", "detained", "detained"]  # arrest, sighting


def test_one_death_certificate_alone_is_only_one_document():
    rima = make_cast()["rima"]
    person = _person(
        make_record("A-1", source=_source("ngo"), event_type="arrest", event_date="2013-04"),
        make_record("DC-7", source=_source("deaths"), event_type="death_certificate", event_date="2019-02-11"))
    fate = fate_as_heard(person, rima)
    assert fate.statement == Statement.ONE_DEATH_DOCUMENT
    assert str(fate.last_seen.date) == "2013-04"


def test_a_restricted_source_never_speaks_through_the_family_view():
    rima = make_cast()["rima"]
    person = _person(
        make_record("A-1", source=_source("ngo"), event_type="arrest", event_date="2013-04"),
        make_record("DC-7", source=_source("secret", Sensitivity.RESTRICTED), event_type="death_certificate",
                    event_date="2019-02-11"))
    fate = fate_as_heard(person, rima)
    assert fate.claims == [] or all(c.source.name != "secret" for c in fate.claims)
    assert fate.statement in (Statement.NOTHING_KNOWN, Statement.LIVING_ONLY)


def test_nothing_known_is_said_as_such():
    rima = make_cast()["rima"]
    person = _person(make_record("X", source=_source("ngo")))
    fate = fate_as_heard(person, rima)
    assert (fate.last_seen, fate.statement) == (None, Statement.NOTHING_KNOWN)
