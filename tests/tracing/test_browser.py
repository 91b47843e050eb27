"""In a real browser at phone size (390 px, Debian's Chromium through Playwright): Rima types a
request in Arabic, searches the registry, verifies the candidate, reads the script and records
that she informed the family; then the family withdraws consent, and she sees its effect at once:
the sharing package for ICRC is refused, and the WGEID communication she could generate a minute
earlier is refused on the UN pages, in Arabic, as is recording the one already generated as sent.
The public form is checked at the same size. Screenshots go to var/artifacts/tracing/
(git-ignored).

Skipped, with the reason, only when /usr/bin/chromium is absent."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests.browser import log_in
from tests.factories import CAST_PASSWORD
from tests.tracing.conftest import cast, linked_registry  # noqa: F401 — fixtures

from athar.audit.models import AuditEvent
from athar.interchange import PartialDate
from athar.registry.models import Person
from athar.un.config import clear_config_cache
from athar.un.models import Communication
from athar.un.services import add_step, get_or_create_case, update_case

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "artifacts" / "tracing"
PHONE = {"width": 390, "height": 844}




def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _fits_the_phone(page: Any) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def _un_case_file(person: Person, settings: Any) -> None:
    """What the UN desk adds to the records for a WGEID communication (its own pages are tested in
    tests/un): the Latin name, the forces held responsible, the submitter, one domestic step."""
    settings.UN_ORGANISATION = {"name": "Syrian Families Documentation Network", "address": "Geneva",
                                "email": "cases@example.org", "phone": "+41 22 000 00 00"}
    settings.UN_MECHANISMS_FILE = ""
    clear_config_cache()
    case = get_or_create_case(person, actor=None)
    update_case(case, values={"name_latin": "Mohammad Ahmad Al-Hasan", "nationality": "Syrian",
                              "perpetrator_type": "state", "forces_responsible": "Air Force Intelligence",
                              "source_relation": "Sister", "narrative": "Taken at the Harasta checkpoint."},
                actor=None)
    add_step(case, step_type="inquiry", taken_on=PartialDate(2013, 5), taken_by="sister",
             authority="Military Police", outcome="Denied holding him", actor=None)


def test_a_request_in_arabic_on_a_phone_from_intake_to_family_informed_then_consent_withdrawn(
        live_server: Any, transactional_db: None, linked_registry: Any, cast: Any, chromium: Any,  # noqa: F811
        settings: Any) -> None:
    brother = linked_registry["brother"]
    _un_case_file(brother, settings)
    context = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True, accept_downloads=True,
                                  locale="ar")
    page = context.new_page()
    page.set_default_timeout(8_000)
    log_in(page, live_server.url + "/login/", "rima", CAST_PASSWORD)
    page.wait_for_url(live_server.url + "/")

    page.goto(live_server.url + "/tracing/new/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    for field, value in {"given_name": "محمد", "father_name": "أحمد", "grandfather_name": "خليل",
                         "family_name": "الحسن", "mother_name": "فاطمة", "birth_date": "1985",
                         "last_seen_on": "2013-04", "last_seen_place": "حرستا",
                         "circumstances": "أخذوه من الحاجز أمام أخته"}.items():
        page.fill(f"#id_p-{field}", value)
    page.select_option("#id_p-sex", "M")
    page.select_option("#id_p-preferred_channel", "whatsapp")
    page.select_option("#id_r-relationship", "sister")
    page.fill("#id_r-name", "هالة")
    page.fill("#id_r-phone", "+49 151 2345678")
    page.check("#id_c-consent_internal")
    page.check("#id_c-consent_icrc")
    page.check("#id_c-consent_wgeid")
    assert _fits_the_phone(page)
    _shot(page, "01-intake-arabic-390px")
    page.click("#save-request")
    page.wait_for_selector("#request-status")
    assert "/tracing/requests/TR-" in page.url and "محمد" not in page.url
    assert page.locator(".pill.status-new").count() == 1

    page.select_option("#id_to_status", "searching")
    page.fill("#id_reason", "بدأنا البحث في السجلات")
    page.click("#change-status")
    page.wait_for_selector(".pill.status-searching")
    page.click("#match")
    page.wait_for_selector("#candidates .card")
    assert page.locator(".pill.status-candidate_found").count() == 1
    first = page.locator("#candidates .card").first
    assert linked_registry["brother"].public_id in first.inner_text()
    assert "اسم الجد" in first.locator(".explanation").inner_text()  # the explanation in her language
    assert _fits_the_phone(page)
    _shot(page, "02-candidates-390px")

    first.locator("textarea[name=reason]").first.fill("الجد والأم ومكان الاعتقال وتاريخه متطابقة")
    first.locator("button.verify").click()
    page.wait_for_selector("#script-dont")
    statement = page.locator("#fate-statement").inner_text()
    claims = page.locator("#fate-claims").inner_text()
    assert "DC-7" in claims and "T-3" in claims  # each claim with its evidence
    assert "T-3" in page.locator("#last-seen").inner_text()
    assert statement.strip()
    _shot(page, "03-informing-script-390px")
    page.select_option("#id_channel", "whatsapp")
    page.check("#id_confirmed")
    page.click("#family-informed")
    page.wait_for_selector(".pill.status-family_informed")
    history = page.locator("#history").inner_text()
    assert "rima" in history
    _shot(page, "04-family-informed-390px")

    icrc = page.locator("#consents tr[data-recipient=icrc]")
    with page.expect_download() as download:
        icrc.locator("button.share").click()
    package = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert package["recipient"] == "icrc" and package["missing_person"]["given_name"] == "محمد"
    assert "2345678" not in json.dumps(package)

    # Before any withdrawal, the UN desk may generate the WGEID communication: the sister consented
    # at intake, and the request is verified as this person.
    request_page = page.url
    un_case = f"{live_server.url}/un/persons/{brother.public_id}/"
    page.goto(un_case)
    wgeid = page.locator("#readiness-wgeid")
    assert wgeid.locator("li.missing").count() == 0
    assert wgeid.locator("li.met[data-element=consent]").count() == 1
    page.click("button[name=generate][value=wgeid]")
    page.wait_for_selector("#sent-form")
    assert "/un/communications/" in page.url
    communication_page = page.url
    assert _fits_the_phone(page)
    _shot(page, "05-un-communication-allowed-390px")
    # A second tab keeps the UN case open, its Generate button still showing.
    stale = context.new_page()
    stale.set_default_timeout(8_000)
    stale.goto(un_case)
    assert stale.locator("button[name=generate][value=wgeid]").count() == 1

    # The family withdraws consent to ICRC and to the WGEID.
    page.goto(request_page)
    for recipient in ("icrc", "wgeid"):
        page.locator(f"#consents tr[data-recipient={recipient}] button.withdraw").click()
        page.wait_for_selector(f"#consents tr[data-recipient={recipient}]")
        assert page.locator(f"#consents tr[data-recipient={recipient}] button.withdraw").count() == 0
    page.locator("#consents tr[data-recipient=icrc] button.share").click()
    page.wait_for_selector("#share-refused")
    _shot(page, "06-export-refused-after-withdrawal-390px")

    # The WGEID communication: generating from the page opened before is refused, in Arabic.
    stale.click("button[name=generate][value=wgeid]")
    stale.wait_for_selector("ul.messages li.error")
    assert stale.url == un_case
    message = stale.locator("ul.messages").inner_text()
    assert "لم تُنشأ: لم تعطِ العائلة موافقتها على هذه الآلية (أو سحبتها)." in message
    assert stale.locator("#no-consent-wgeid").is_visible()
    assert "سحبتها" in stale.locator("#no-consent-wgeid").inner_text()
    assert stale.locator("button[name=generate][value=wgeid]").count() == 0
    assert stale.locator("#readiness-wgeid li.missing[data-element=consent]").count() == 1
    assert _fits_the_phone(stale)
    _shot(stale, "07-un-generation-refused-after-withdrawal-390px")
    # ... and the communication generated before may not be recorded as sent.
    stale.goto(communication_page)
    assert stale.locator("#no-consent").is_visible()
    stale.fill("#sent-form input[name=sent_on]", "2026-11-02")
    stale.select_option("#sent-form select[name=channel]", "other")
    stale.fill("#sent-form input[name=address_used]", "https://example.org/form")
    stale.click("#sent-form button[type=submit]")
    stale.wait_for_selector("ul.messages li.error")
    assert "لم تُسجَّل بوصفها مرسلة" in stale.locator("ul.messages").inner_text()
    _shot(stale, "08-un-sending-refused-after-withdrawal-390px")

    assert Communication.objects.filter(person=brother).count() == 1
    assert Communication.objects.get(person=brother).submission.status == "READY"
    checks = AuditEvent.objects.filter(action="consent_check", target_id=brother.public_id,
                                       details__purpose="un_submission").order_by("sequence")
    assert [c.outcome for c in checks] == ["ok", "denied", "denied"]
    context.close()


def test_the_public_form_fits_a_phone_and_answers_everyone_alike(
        live_server: Any, transactional_db: None, chromium: Any) -> None:
    context = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="ar")
    page = context.new_page()
    page.set_default_timeout(8_000)
    page.goto(live_server.url + "/tracing/ask/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert not page.locator("#id_t-website").is_visible()
    page.fill("#id_p-given_name", "سامر")
    page.fill("#id_p-family_name", "إبراهيم")
    page.fill("#id_r-phone", "+963 900 000 000")
    assert _fits_the_phone(page)
    _shot(page, "09-public-form-390px")
    page.click("button[type=submit].primary")
    page.wait_for_selector("#public-answer")
    assert page.url == live_server.url + "/tracing/ask/thanks/"
    _shot(page, "10-public-thanks-390px")
    context.close()
