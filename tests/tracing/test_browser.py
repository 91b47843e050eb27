"""In a real browser at phone size (390 px, Debian's Chromium through Playwright): Rima types a
request in Arabic, searches the registry, verifies the candidate, reads the script and records
that she informed the family; then the family's consent to ICRC is withdrawn and the sharing
package for ICRC is refused. The public form is checked at the same size. Screenshots go to
var/artifacts/tracing/ (git-ignored).

Skipped, with the reason, only when /usr/bin/chromium is absent."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests.factories import CAST_PASSWORD
from tests.tracing.conftest import cast, linked_registry  # noqa: F401 — fixtures

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "artifacts" / "tracing"
PHONE = {"width": 390, "height": 844}




def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _fits_the_phone(page: Any) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_request_in_arabic_on_a_phone_from_intake_to_family_informed_then_consent_withdrawn(
        live_server: Any, transactional_db: None, linked_registry: Any, cast: Any, chromium: Any) -> None:  # noqa: F811
    context = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True, accept_downloads=True,
                                  locale="ar")
    page = context.new_page()
    page.set_default_timeout(8_000)
    page.goto(live_server.url + "/login/")
    page.fill("#id_username", "rima")
    page.fill("#id_password", CAST_PASSWORD)
    page.click("form[action='/login/'] button[type=submit]")
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

    icrc.locator("button.withdraw").click()
    page.wait_for_selector("#consents tr[data-recipient=icrc]")
    assert page.locator("#consents tr[data-recipient=icrc] button.withdraw").count() == 0
    page.locator("#consents tr[data-recipient=icrc] button.share").click()
    page.wait_for_selector("#share-refused")
    _shot(page, "05-export-refused-after-withdrawal-390px")
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
    _shot(page, "06-public-form-390px")
    page.click("button[type=submit].primary")
    page.wait_for_selector("#public-answer")
    assert page.url == live_server.url + "/tracing/ask/thanks/"
    _shot(page, "07-public-thanks-390px")
    context.close()
