"""In a real browser (Debian's Chromium through Playwright, as tests/web/test_browser.py): Rima goes
from a person page to a generated WGEID communication, records it as sent, records the
acknowledgement and the Government's reply claiming the person died, and sees that claim, with the
UN-correspondence source as its evidence, on the person page."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from tests.browser import log_in
from tests.factories import make_user
from tests.un.conftest import build_case

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"




def test_from_person_page_to_a_wgeid_communication_and_a_reply_claiming_a_fate(
        live_server: Any, transactional_db: None, chromium: Any) -> None:
    person = build_case()
    make_user("rima", "caseworker", password=PASSWORD)
    page = chromium.new_page()
    page.set_default_timeout(30_000)
    log_in(page, live_server.url + "/login/", "rima", PASSWORD)
    page.wait_for_selector("#id_q")

    # The person page leads to the UN case; the WGEID is ready (six elements and consent).
    page.goto(f"{live_server.url}/persons/{person.public_id}/")
    page.click("#un-case-link")
    page.wait_for_url(f"**/un/persons/{person.public_id}/")
    wgeid = page.locator("#readiness-wgeid")
    assert wgeid.locator("li.missing").count() == 0
    assert wgeid.locator("li.met").count() == 7  # six elements and consent
    # The WGAD is not: its missing sections are listed with links to the fields that fill them.
    missing = page.locator("#readiness-wgad li.missing[data-element=detention] a")
    assert missing.get_attribute("href").endswith("/edit/#id_detaining_authority")
    # The link leads to the field that fills the element.
    missing.click()
    page.wait_for_url("**/edit/#id_detaining_authority")
    assert page.locator("#id_detaining_authority").is_visible()
    page.screenshot(path=str(_artifacts() / "case-form.png"), full_page=False)
    page.go_back()
    page.wait_for_selector("#readiness-wgeid")

    page.click("button[name=generate][value=wgeid]")
    page.wait_for_url(re.compile(r".*/un/communications/\d+/$"))
    assert page.locator("a.download[data-format=pdf]").count() == 1
    assert page.locator("a.download[data-format=docx]").count() == 1
    assert "Military Intelligence Directorate" in page.locator(".communication-preview").inner_text()
    assert "محمد أحمد الحسن" in page.locator(".communication-preview").inner_text()
    with page.expect_download() as download_info:
        page.click("a.download[data-format=pdf]")
    assert download_info.value.suggested_filename == f"{person.public_id}-wgeid-v1.pdf"

    page.fill("#sent-form input[name=sent_on]", "2026-11-02")
    page.select_option("#sent-form select[name=channel]", "online_form")
    page.fill("#sent-form input[name=address_used]", "https://spsubmission.ohchr.org/")
    page.click("#sent-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/un/submissions/\d+/$"))
    assert page.locator("#submission-status + .mono").inner_text() == "SENT"
    assert page.locator("#sent-on").inner_text() == "Nov. 2, 2026" or "2026" in page.locator("#sent-on").inner_text()

    # The acknowledgement, with the UN's reference.
    page.select_option("#letter-form select[name=kind]", "acknowledgement")
    page.fill("#letter-form input[name=received_on]", "2026-11-09")
    page.fill("#letter-form input[name=reference]", "G/SO 217/1 SYR 4411")
    page.select_option("#letter-form select[name=new_status]", "ACCEPTED_STANDARD_PENDING_SESSION")
    page.click("#letter-form button[type=submit]")
    page.wait_for_selector("#submission-reference")
    assert page.locator("#submission-reference").inner_text() == "G/SO 217/1 SYR 4411"
    assert page.locator("#acknowledged-on").inner_text() != "—"

    for status in ("TRANSMITTED_STANDARD", "OUTSTANDING"):
        page.select_option("#status-form select[name=to_status]", status)
        page.fill("#status-form input[name=occurred_on]", "2026-11-20")
        page.click("#status-form button[type=submit]")
        page.wait_for_function(f"document.querySelector('#submission-status + .mono').textContent === '{status}'")

    # The Government's reply says he died in March 2014.
    page.select_option("#letter-form select[name=kind]", "government_reply")
    page.fill("#letter-form input[name=received_on]", "2026-12-01")
    page.select_option("#letter-form select[name=new_status]", "GOV_REPLY_RECEIVED")
    page.select_option("#letter-form select[name=claimed_fate]", "deceased")
    page.fill("#letter-form input[name=claimed_on]", "2014-03")
    page.fill("#letter-form textarea[name=summary]", "The Government states he died in custody in March 2014.")
    page.click("#letter-form button[type=submit]")
    page.wait_for_function("document.querySelector('#submission-status + .mono').textContent === 'GOV_REPLY_RECEIVED'")
    assert page.locator("#letters li").count() == 2

    page.goto(f"{live_server.url}/persons/{person.public_id}/")
    fate = page.locator("#fate-heading + .table-wrap, section[aria-labelledby=fate-heading]").first.inner_text()
    assert "un_correspondence" in fate
    assert re.search(r"UN-WGEID-\d+-\d+", fate)
    assert page.locator("section[aria-labelledby=fate-heading] .status-deceased").count() == 1
    page.screenshot(path=str(_artifacts() / "person-page-after-reply.png"), full_page=True)


def _artifacts() -> Path:
    folder = Path(__file__).resolve().parents[2] / "artifacts" / "un"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
