"""The one headless browser of the test suite: Debian's Chromium driven by Playwright (never
Playwright's own browser downloads). Tests skip, with the reason, only where /usr/bin/chromium is
absent (`apt-get install chromium`; .ci/run installs it). tests/conftest.py offers the fixture to
every test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@pytest.fixture
def chromium(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("Debian's Chromium is not installed at /usr/bin/chromium (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still
    # synchronous, so Django's async-safety guard must stand aside.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def log_in(page: Any, url: str, username: str, password: str) -> None:
    """Open `url` (athar shows the login form first) and log in as `username`; the caller waits for
    what its page shows next."""
    page.goto(url)
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("form[action='/login/'] button[type=submit]")
