"""In a real browser (Debian's Chromium, headless, through Playwright): Sami the analyst opens the
statistics in Arabic, sees a chart drawn, downloads a table as CSV, and reads the page in English.
Skipped, with the reason, when /usr/bin/chromium is absent (see tests/web/test_browser.py)."""

from __future__ import annotations

from typing import Any

import pytest
from tests.browser import log_in
from tests.factories import CAST_PASSWORD, make_user

pytestmark = pytest.mark.browser


def test_the_analyst_reads_the_dashboard_in_both_languages_and_downloads_a_chart_and_its_table(
        live_server: Any, transactional_db: None, registry: dict[str, Any], chromium: Any,  # noqa: F811
        tmp_path: Any) -> None:
    make_user("sami", "analyst")
    page = chromium.new_page(accept_downloads=True, locale="ar")
    page.set_default_timeout(20_000)
    log_in(page, live_server.url + "/statistics/", "sami", CAST_PASSWORD)
    page.wait_for_selector("h1")
    assert page.url.endswith("/statistics/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("h1").inner_text() == "الإحصاءات"
    assert "أقل من 5" in page.locator("#sex").inner_text()

    chart = page.locator("#governorate img")
    chart.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=chart.element_handle())

    with page.expect_download() as download_info:
        page.click("#governorate a[href$='governorate.csv']")
    saved = tmp_path / "governorate.csv"
    download_info.value.save_as(saved)
    assert saved.read_text(encoding="utf-8-sig").splitlines() == ["governorate,persons", "Homs,90", "Idlib,30"]

    with page.expect_download() as download_info:
        page.click("#governorate a[href*='governorate.svg']")
    svg = tmp_path / "governorate.svg"
    download_info.value.save_as(svg)
    assert svg.read_text(encoding="utf-8").lstrip().startswith("<?xml")

    page.click("button[name=language][value=en]")
    page.wait_for_function("document.documentElement.dir === 'ltr'")
    assert page.locator("h1").inner_text() == "Statistics"
    assert "fewer than 5" in page.locator("#sex").inner_text()
    # Let the charts the page asked for arrive before the server stops (no request left in flight).
    page.wait_for_load_state("networkidle")
    page.close()
