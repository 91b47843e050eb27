"""In a real browser (Debian's Chromium, headless, through Playwright): Reem the reviewer rejects a
match with the keyboard, the next pair arrives without a page load, she undoes the rejection,
rejects again, and the next `athar resolve` keeps the two records apart.

Waits are selectors, not JavaScript predicates: the site's Content Security Policy refuses the
eval() Playwright's wait_for_function needs. Screenshots are kept as test artifacts in
artifacts/browser/ (git-ignored). Skipped, with the reason, only when /usr/bin/chromium is absent."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from tests.browser import log_in
from tests.factories import CAST_PASSWORD
from tests.review.conftest import make_world

from athar.audit.models import AuditEvent
from athar.cli import main
from athar.linkage import Judgement as LabelJudgement
from athar.linkage import Label
from athar.registry.linking import link_registry
from athar.registry.models import LinkMethod, PersonRecordLink, Record
from athar.review.models import CandidatePair, EndReason, Judgement
from athar.review.queue import sync_queue

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "browser"




def person_of(record_id: str) -> int | None:
    return Record.objects.get(record_id=record_id).person_id


def test_a_keyboard_rejection_its_undo_and_the_next_resolve(
        live_server: Any, transactional_db: None, chromium: Any, tmp_path: Path, settings: Any) -> None:
    from tests.factories import make_cast

    make_world(make_cast())
    # A reviewer had already said the witness is not F-2 (the other Mohammad al-Hasan): with no
    # rival left, the linker puts the witness's "محمد الحسن" with F-1's person.
    report = link_registry(tmp_path / "run0", run_id="r0",
                           labels=[Label(("family_reports", "F-2"), ("witness", "W-1"), LabelJudgement.NEGATIVE)])
    sync_queue(report.pairs_csv, run_id="r0", band=(0.2, 0.9))
    pair = CandidatePair.objects.get(left__record_id="F-1", right__record_id="W-1")
    assert person_of("W-1") == person_of("F-1"), "the linker put the thin witness record with him"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    page = chromium.new_page(locale="ar")
    page.set_default_timeout(15_000)
    console_errors: list[str] = []
    page.on("console", lambda message: console_errors.append(message.text) if message.type == "error" else None)
    log_in(page, live_server.url + "/login/", "reem", CAST_PASSWORD)
    page.wait_for_selector(".site-nav")
    page.goto(live_server.url + "/review/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert "محمد الحسن" in page.content()
    page.screenshot(path=str(ARTIFACTS / "review-1-queue.png"), full_page=True)

    page.goto(f"{live_server.url}/review/pairs/{pair.pk}/")
    item = page.locator("#review-item")
    assert "اسم الأب" in item.inner_text() or "الاسم" in item.inner_text()  # explanation in Arabic
    page.screenshot(path=str(ARTIFACTS / "review-2-pair.png"), full_page=True)
    page.evaluate("window.__sameDocument = true")

    page.keyboard.press("r")  # different people
    page.wait_for_selector(f".review-pair:not([data-pair='{pair.pk}'])")
    assert page.evaluate("window.__sameDocument === true"), "the next pair came without a page load"
    assert f"/review/pairs/{pair.pk}/" not in page.url
    judgement = Judgement.objects.get(pair=pair)
    assert (judgement.verdict, judgement.actor.username) == ("negative", "reem")
    assert person_of("W-1") != person_of("F-1"), "split"
    page.screenshot(path=str(ARTIFACTS / "review-3-next-pair.png"), full_page=True)
    assert console_errors == [], console_errors  # HTMX within the strict CSP
    assert page.evaluate("window.localStorage.length") == 0  # no pair kept in the browser's storage

    page.keyboard.press("k")  # back to the pair just judged
    page.wait_for_url(f"**/review/pairs/{pair.pk}/")
    page.wait_for_selector("[data-key='z']")
    page.screenshot(path=str(ARTIFACTS / "review-4-judged.png"), full_page=True)
    page.keyboard.press("z")  # undo
    page.wait_for_selector("[data-key='z']", state="detached")
    judgement.refresh_from_db()
    assert judgement.end_reason == EndReason.UNDONE
    assert person_of("W-1") == person_of("F-1"), "undone: back together, with the linker's link"
    assert PersonRecordLink.objects.get(record__record_id="W-1", ended_at__isnull=True).method == LinkMethod.LINKER
    assert "أُلغي" in page.locator(".judgements").inner_text()  # "undone", kept in the history
    page.screenshot(path=str(ARTIFACTS / "review-5-undone.png"), full_page=True)

    page.fill("textarea[name=reason]", "الشاهد ذكر أن اسم الأب علي")
    page.locator("textarea[name=reason]").press("Escape")
    page.keyboard.press("r")
    page.wait_for_selector(f".review-pair:not([data-pair='{pair.pk}'])")
    second = Judgement.objects.get(pair=pair, ended_at__isnull=True)
    assert second.reason == "الشاهد ذكر أن اسم الأب علي"

    settings.DATA_DIR = tmp_path
    result = CliRunner().invoke(main, ["resolve"])
    assert result.exit_code == 0, result.output
    assert "review: 1 judgements honoured, 0 'different people' pairs still on one person" in result.output
    assert person_of("W-1") != person_of("F-1"), "the next resolve honours the rejection"
    assert person_of("N-1") == person_of("F-1")

    actions = list(AuditEvent.objects.filter(actor_label="reem", action__in=["review", "split", "merge"])
                   .order_by("id").values_list("action", flat=True))
    assert actions == ["review", "split", "merge", "review", "review", "split"]

    page.goto(f"{live_server.url}/review/pairs/{pair.pk}/")
    page.click("button[name=language][value=en]")
    page.wait_for_selector("html[dir=ltr]")
    assert "Different people" in page.locator(".judgements").inner_text()
    page.screenshot(path=str(ARTIFACTS / "review-6-english.png"), full_page=True)

    # Yusuf, the administrator, sees all of it in the audit log: decisions, the split, the undo.
    admin = chromium.new_context(locale="ar").new_page()
    admin.set_default_timeout(15_000)
    log_in(admin, live_server.url + "/login/", "yusuf", CAST_PASSWORD)
    admin.wait_for_selector(".site-nav")
    admin.goto(live_server.url + "/administration/audit/?actor=reem")
    log = admin.locator("table").inner_text()
    assert f"review_pair {pair.pk}" in log and f"review_judgement {judgement.pk}" in log
    assert "split" in log and "merge" in log
    assert "الشاهد" not in admin.content(), "the reason is not in the audit log"
    admin.screenshot(path=str(ARTIFACTS / "review-7-audit-log.png"), full_page=True)
