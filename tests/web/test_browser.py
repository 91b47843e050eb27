"""In a real browser (Debian's Chromium, headless, through Playwright): Rima logs in, searches in
Latin letters for a man registered in Arabic, and opens his page, where the conflict is shown.

Skipped, with the reason, only when /usr/bin/chromium is absent (`apt-get install chromium`;
.ci/run installs it). Playwright's own browser downloads are never used."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser





def test_it_logs_in_finds_a_person_across_scripts_and_shows_the_conflict(
        live_server: Any, transactional_db: None, world: dict[str, Any], rima: Any, rima_password: str,
        chromium: Any) -> None:
    public_id = world["muhammad"].public_id
    page = chromium.new_page(locale="ar")  # an Arabic browser: the language follows Accept-Language
    page.set_default_timeout(15_000)

    page.goto(live_server.url + "/")
    assert "/login/" in page.url
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.fill("#id_username", "rima")
    page.fill("#id_password", rima_password)
    page.click("form[action='/login/'] button[type=submit]")
    page.wait_for_selector("#id_q")

    page.fill("#id_q", "Mhd Hasan")
    page.press("#id_q", "Enter")
    page.wait_for_selector(f"a[href='/persons/{public_id}/']")
    assert "Hasan" not in page.url  # the name never reaches the URL
    assert world["fatima"].public_id not in page.content()

    page.click(f"a[href='/persons/{public_id}/']")
    page.wait_for_url(f"**/persons/{public_id}/")
    assert "محمد أحمد الحسن" in page.locator("h1").inner_text()
    conflict = page.locator(".conflict").first
    assert conflict.is_visible()
    assert "CR-7" in conflict.inner_text() and "WT-3" in conflict.inner_text()
    # The stylesheet is served locally and applied (RTL: the timeline's rule is on the right side).
    border = page.eval_on_selector(".timeline", "el => getComputedStyle(el).borderRightWidth")
    assert border == "3px"

    page.click("button[name=language][value=en]")
    page.wait_for_function("document.documentElement.dir === 'ltr'")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "June 2012" in page.locator(".timeline").inner_text()
    border = page.eval_on_selector(".timeline", "el => getComputedStyle(el).borderLeftWidth")
    assert border == "3px"
