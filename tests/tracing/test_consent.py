"""Consent per recipient: recorded with its wording, withdrawn at once, every check audited."""

from __future__ import annotations

import datetime

import pytest
from tests.factories import make_cast

from athar.accounts.permissions import CapabilityDenied
from athar.audit.models import AuditEvent
from athar.registry.models import Person
from athar.tracing.consent import has_consent, record_consent, withdraw_consent

pytestmark = pytest.mark.django_db
WORDING = "نطلب موافقتكم على إرسال معلومات أخيكم إلى الفريق العامل المعني بحالات الاختفاء القسري"


def _consent(person: Person, actor: object, recipient: str = "wgeid", granted: bool = True) -> object:
    return record_consent(person, recipient=recipient, is_granted=granted, wording_shown=WORDING,
                          given_by="sister", given_on=datetime.date(2025, 3, 1), actor=actor)


def test_nothing_is_shared_without_consent() -> None:
    rima = make_cast()["rima"]
    person = Person.objects.create()
    assert not has_consent(person, "publication", actor=rima, purpose="export")
    check = AuditEvent.objects.get(action="consent_check")
    assert check.outcome == "denied" and check.details["recipient"] == "publication"


def test_consent_for_one_recipient_says_nothing_of_another() -> None:
    rima = make_cast()["rima"]
    person = Person.objects.create()
    _consent(person, rima, "wgeid")
    assert has_consent(person, "wgeid", actor=rima, purpose="un_submission")
    assert not has_consent(person, "icrc", actor=rima, purpose="sharing_package")


def test_a_withdrawal_takes_effect_at_once() -> None:
    rima = make_cast()["rima"]
    person = Person.objects.create()
    consent = _consent(person, rima)
    withdraw_consent(consent, actor=rima)
    assert not has_consent(person, "wgeid", actor=rima, purpose="un_submission")


def test_a_later_refusal_overrides_an_earlier_consent() -> None:
    rima = make_cast()["rima"]
    person = Person.objects.create()
    _consent(person, rima, granted=True)
    _consent(person, rima, granted=False)
    assert not has_consent(person, "wgeid", actor=rima, purpose="un_submission")


def test_consent_follows_a_merged_person() -> None:
    rima = make_cast()["rima"]
    kept, merged = Person.objects.create(), Person.objects.create()
    _consent(merged, rima)
    Person.objects.filter(pk=merged.pk).update(merged_into=kept)
    assert has_consent(kept, "wgeid", actor=rima, purpose="un_submission")


def test_an_analyst_cannot_record_consent() -> None:
    sami = make_cast()["sami"]
    with pytest.raises(CapabilityDenied):
        _consent(Person.objects.create(), sami)


def test_the_wording_shown_is_required() -> None:
    with pytest.raises(ValueError):
        record_consent(Person.objects.create(), recipient="wgeid", is_granted=True, wording_shown=" ",
                       given_by="sister", given_on=datetime.date(2025, 3, 1), actor=None)
