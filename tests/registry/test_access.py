"""Who reads which source: sensitivity and grants, for every role."""

from __future__ import annotations

from typing import Any

import pytest
from tests.factories import make_cast, make_record, make_source

from athar.accounts.permissions import CapabilityDenied
from athar.registry.access import can_view_record, visible_persons, visible_records, visible_sources
from athar.registry.grants import grant_source, revoke_grant, set_sensitivity
from athar.registry.models import Person, Sensitivity
from athar.registry.services import link_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast() -> dict[str, Any]:
    return make_cast()


def _source(name: str, sensitivity: str) -> Any:
    return make_source(name, sensitivity=sensitivity)


def test_internal_and_public_sources_are_read_by_every_role_that_reads_records(cast: dict[str, Any]) -> None:
    internal = _source("ngo", Sensitivity.INTERNAL)
    public = _source("published", Sensitivity.PUBLIC)
    for name in ("yusuf", "omar", "rima", "reem"):
        assert set(visible_sources(cast[name])) == {internal, public}, name
    assert not visible_sources(cast["sami"]).exists()


def test_a_new_source_is_restricted_and_unreadable_until_granted(cast: dict[str, Any]) -> None:
    source = make_source("new_list")
    assert source.sensitivity == Sensitivity.RESTRICTED
    record = make_record("R-1", source=source, full_name="سمير")
    assert not can_view_record(cast["rima"], record)
    assert can_view_record(cast["yusuf"], record)  # administrators read everything
    grant_source(source, actor=cast["omar"], user=cast["rima"])
    assert can_view_record(cast["rima"], record)
    assert not can_view_record(cast["nour"], record)


def test_a_role_grant_opens_a_confidential_source_but_not_a_restricted_one(cast: dict[str, Any]) -> None:
    confidential = _source("case_files", Sensitivity.CONFIDENTIAL)
    restricted = _source("witnesses", Sensitivity.RESTRICTED)
    grant_source(confidential, actor=cast["omar"], role="caseworker")
    grant_source(restricted, actor=cast["omar"], role="caseworker")
    assert set(visible_sources(cast["rima"])) == {confidential}
    assert set(visible_sources(cast["reem"])) == set()


def test_a_revoked_grant_closes_the_source_again(cast: dict[str, Any]) -> None:
    source = make_source("witnesses")
    grant = grant_source(source, actor=cast["omar"], user=cast["rima"])
    revoke_grant(grant, actor=cast["omar"])
    assert not visible_sources(cast["rima"]).exists()
    grant.refresh_from_db()
    assert grant.revoked_at is not None and grant.revoked_by == cast["omar"]


def test_only_those_who_manage_sources_may_grant(cast: dict[str, Any]) -> None:
    source = make_source("witnesses")
    with pytest.raises(CapabilityDenied):
        grant_source(source, actor=cast["rima"], user=cast["rima"])
    with pytest.raises(CapabilityDenied):
        set_sensitivity(source, Sensitivity.PUBLIC, actor=cast["rima"])


def test_a_person_is_visible_through_any_visible_record_and_only_those_records(cast: dict[str, Any]) -> None:
    open_record = make_record("O-1", source=_source("ngo", Sensitivity.INTERNAL), full_name="محمد الحسن")
    hidden = make_record("H-1", source=make_source("witnesses"), full_name="محمد أحمد الحسن")
    person = Person.objects.create()
    link_record(open_record, person, actor=None)
    link_record(hidden, person, actor=None)
    assert list(visible_persons(cast["rima"])) == [person]
    assert list(visible_records(cast["rima"]).filter(person=person)) == [open_record]
    only_hidden = Person.objects.create()
    link_record(hidden, only_hidden, actor=None)
    assert only_hidden not in visible_persons(cast["rima"])
