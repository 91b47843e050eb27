"""Sharing packages honour the family's consent at the moment of export; withdrawal stops the
next one at once; every check is audited; contacts never leave."""

from __future__ import annotations

import datetime
import json

import pytest

from athar.audit.models import AuditEvent
from athar.registry.models import Person
from athar.tracing.consent import has_consent, record_consent, withdraw_consent
from athar.tracing.intake import create_request
from athar.tracing.models import Consent
from athar.tracing.sharing import ConsentMissing, sharing_package

pytestmark = pytest.mark.django_db
PHONE = "+49 151 2345678"


@pytest.fixture
def hala_request(cast):
    return create_request(description={"given_name": "محمد", "family_name": "الحسن"},
                          requester={"relationship": "sister", "phone": PHONE},
                          consents={"icrc": True}, actor=cast["rima"])


def test_a_package_needs_consent_and_a_withdrawal_stops_the_next_export(cast, hala_request):
    rima = cast["rima"]
    package = sharing_package(hala_request, "icrc", actor=rima)
    assert package["missing_person"]["given_name"] == "محمد"
    assert PHONE not in json.dumps(package, ensure_ascii=False)
    with pytest.raises(ConsentMissing):
        sharing_package(hala_request, "wgeid", actor=rima)

    withdraw_consent(Consent.objects.get(tracing_request=hala_request, recipient="icrc"), actor=rima)
    with pytest.raises(ConsentMissing):
        sharing_package(hala_request, "icrc", actor=rima)
    checks = list(AuditEvent.objects.filter(action="consent_check").order_by("sequence")
                  .values_list("outcome", "details__recipient"))
    assert checks == [("ok", "icrc"), ("denied", "wgeid"), ("denied", "icrc")]
    exports = list(AuditEvent.objects.filter(action="export").order_by("sequence").values_list("outcome", flat=True))
    assert exports == ["ok", "denied", "denied"]


def test_the_consent_copies_the_wording_shown_at_the_time(hala_request):
    consent = Consent.objects.get(tracing_request=hala_request, recipient="icrc")
    assert "للصليب الأحمر" in consent.wording_shown
    assert consent.given_by == "sister"


def test_a_request_verified_as_a_person_carries_its_consent_to_the_person(cast, hala_request):
    rima = cast["rima"]
    person = Person.objects.create()
    record_consent(hala_request, recipient="wgeid", is_granted=True, wording_shown="…", given_by="sister",
                   given_on=datetime.date(2026, 12, 1), actor=rima)
    assert not has_consent(person, "wgeid", actor=rima, purpose="un_submission")
    hala_request.person = person
    hala_request.save()
    assert has_consent(person, "wgeid", actor=rima, purpose="un_submission")
    withdraw_consent(Consent.objects.get(tracing_request=hala_request, recipient="wgeid"), actor=rima)
    assert not has_consent(person, "wgeid", actor=rima, purpose="un_submission")


def test_the_share_page_refuses_without_consent_and_downloads_with_it(client, cast, hala_request):
    client.force_login(cast["rima"])
    url = f"/tracing/requests/{hala_request.public_id}/share/"
    refused = client.post(url + "wgeid/")
    assert refused.status_code == 403 and "Content-Disposition" not in refused
    given = client.post(url + "icrc/")
    assert given.status_code == 200
    assert json.loads(given.content)["recipient"] == "icrc"
    assert client.get(url + "icrc/").status_code == 405  # an export is never a GET a link could trigger


def test_a_new_wording_is_used_for_new_consents_and_old_ones_keep_theirs(cast, hala_request):
    from athar.tracing.wording import consent_text, set_consent_wording

    old = Consent.objects.get(tracing_request=hala_request, recipient="icrc").wording_shown
    with pytest.raises(Exception, match="capability"):
        set_consent_wording("icrc", "ar", "نص جديد", actor=cast["rima"])
    set_consent_wording("icrc", "ar", "نص جديد للموافقة", actor=cast["yusuf"])
    assert consent_text("icrc", "ar") == "نص جديد للموافقة"
    assert Consent.objects.get(tracing_request=hala_request, recipient="icrc").wording_shown == old
    assert consent_text("icrc", "en").startswith("We ask your consent")
