"""In a real browser (Debian's Chromium through Playwright), at a laptop's 1280 px and a phone's 390 px,
in Arabic and English: Rima logs in, types a new case in Arabic, adds an event, searches in Arabic
and in Latin script; the person list puts names of the page's script first and shows the fate column
on a phone; a person's name is the fullest given-first form; the row as the source gave it stays
inside the page.

Screenshots are kept as test artifacts in var/test-artifacts/browser/ (git-ignored; set
ATHAR_TEST_ARTIFACTS to put them elsewhere), one per step, named for the step, width and language."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from tests.browser import log_in as open_and_log_in
from tests.factories import make_record, make_source

from athar.registry.models import Person, Record, Sensitivity
from athar.registry.services import link_record

pytestmark = pytest.mark.browser

ARTIFACTS = Path(os.environ.get("ATHAR_TEST_ARTIFACTS", Path(__file__).resolve().parents[2] / "var" / "test-artifacts"))
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}


@pytest.fixture
def browser(chromium: Any) -> Any:
    """The suite's one Chromium (tests/browser.py), under the name these tests use."""
    return chromium


def shot(page: Any, name: str) -> None:
    folder = ARTIFACTS / "browser"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def log_in(page: Any, base: str, password: str, *, language: str = "ar") -> None:
    open_and_log_in(page, base + "/login/", "rima", password)
    page.wait_for_selector("#id_q")
    if language == "en":
        page.click("button[name=language][value=en]")
        page.wait_for_function("document.documentElement.dir === 'ltr'")


@pytest.fixture
def crowded_world(world: dict[str, Any], settings: Any, tmp_path: Path) -> dict[str, Any]:
    """The web world plus a person known only in Latin script and a person whose register writes the
    family name first (three times) while the family report gives the name the usual way."""
    settings.DATA_DIR = tmp_path
    latin = make_record("EN-1", source=make_source("ngo_list_en", sensitivity=Sensitivity.INTERNAL),
                        full_name="Rami Saleh", event_type="arrest", event_date="2012")
    link_record(latin, Person.objects.create(), actor=None)
    register = make_source("prison_register", sensitivity=Sensitivity.INTERNAL)
    samer = Person.objects.create()
    for number in range(3):
        link_record(make_record(f"SAY/2014/{number}", source=register, full_name="الخطيب سامر يوسف",
                                event_type="detention_sighting", event_date="2014", event_place="صيدنايا"),
                    samer, actor=None)
    report = make_record("FR-9", source=make_source("family_reports_2024"), first_name="سامر", father_name="يوسف",
                         grandfather_name="محمود", family_name="الخطيب")
    link_record(report, samer, actor=None)
    # A long verbatim row, as a real register gives it.
    Record.objects.filter(record_id="FR-9").update(raw={
        "record_id": "FR-9", "source": "family_reports_2024", "first_name": "سامر", "father_name": "يوسف",
        "notes": "اعتقل من منزله في حي الخالدية بعد منتصف الليل وشوهد لاحقًا في فرع المخابرات الجوية " * 3,
        "contact_reference": "REF-0000000000000000000000000000000000000000"})
    return {**world, "rami": latin.person, "samer": samer}


def _no_horizontal_overflow(page: Any) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def _inside_viewport(page: Any, selector: str) -> bool:
    return page.eval_on_selector_all(selector, """els => els.every(el => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.left >= -1 && r.right <= window.innerWidth + 1; })""")


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["390px", "1280px"])
def test_the_person_list_and_page_fit_and_read_right(live_server: Any, transactional_db: None, crowded_world: dict,
                                                     rima: Any, rima_password: str, browser: Any, language: str,
                                                     viewport: dict[str, int]) -> None:
    page = browser.new_page(viewport=viewport, locale="en-US" if language == "en" else "ar")
    page.set_default_timeout(20_000)
    log_in(page, live_server.url, rima_password, language=language)
    width = viewport["width"]
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")

    names = page.locator("td.person-name bdi").all_inner_texts()
    if language == "ar":
        assert names[-1] == "Rami Saleh" and all(n != "Rami Saleh" for n in names[:-1])
    else:
        assert names[0] == "Rami Saleh"
    assert "سامر يوسف محمود الخطيب" in names and "الخطيب سامر يوسف" not in names
    assert page.locator("th.fate-column").is_visible()
    assert _inside_viewport(page, "th.fate-column, td.fate-column")
    assert _no_horizontal_overflow(page)
    shot(page, f"person-list-{width}-{language}")

    page.goto(live_server.url + f"/persons/{crowded_world['samer'].public_id}/")
    assert page.locator("h1 bdi").inner_text() == "سامر يوسف محمود الخطيب"
    card = page.locator("#case-FR-9")
    card.locator("details summary").first.click()
    assert card.locator(".verbatim").is_visible()
    assert _inside_viewport(page, "#case-FR-9 .verbatim dd")
    # Each value stays beside its column name: the dd starts on the dt's row.
    rows_aligned = page.eval_on_selector_all("#case-FR-9 .verbatim dt", """dts => dts.every(dt => {
        const dd = dt.nextElementSibling; return Math.abs(dd.getBoundingClientRect().top - dt.getBoundingClientRect().top) < 4; })""")
    assert rows_aligned
    assert _no_horizontal_overflow(page)
    shot(page, f"person-page-raw-row-{width}-{language}")


def test_a_new_case_typed_in_arabic_then_found_in_both_scripts(live_server: Any, transactional_db: None,
                                                               crowded_world: dict, rima: Any, rima_password: str,
                                                               browser: Any) -> None:
    for viewport in (LAPTOP, PHONE):
        width = viewport["width"]
        page = browser.new_page(viewport=viewport, locale="ar")
        page.set_default_timeout(20_000)
        log_in(page, live_server.url, rima_password)
        shot(page, f"logged-in-{width}-ar")
        page.goto(live_server.url + "/cases/new/")
        assert page.locator("html").get_attribute("dir") == "rtl"
        page.fill("#id_first_name", "وسيم")
        page.fill("#id_father_name", "عبد الرحمن")
        page.fill("#id_grandfather_name", "محمد")
        page.fill("#id_family_name", f"الكمال{'' if width == 1280 else 'ي'}")
        page.fill("#id_mother_name", "خديجة")
        page.fill("#id_mother_family_name", "الشامي")
        page.check("input[name=sex][value=M]")
        page.fill("#id_birth_date", "١٩٨٧")
        page.fill("#id_birth_place", "دوما")
        page.fill("#id_governorate", "ريف دمشق")
        assert _no_horizontal_overflow(page)
        shot(page, f"case-form-{width}-ar")
        page.click("form.case-form button[type=submit]")
        page.wait_for_url("**/persons/**")
        heading = page.locator("h1 bdi").inner_text()
        assert heading.startswith("وسيم عبد الرحمن محمد الكمال")
        page.click("a:has-text('إضافة حدث')")
        page.select_option("#id_event_type", "arrest")
        page.fill("#id_date", "2013-06")
        page.fill("#id_place_text", "فرع فلسطين")
        page.fill("#id_description", "اعتقل على حاجز القطيفة")
        page.click("form.case-form button[type=submit]")
        page.wait_for_url("**/persons/**")
        assert "اعتقل على حاجز القطيفة" in page.locator(".timeline").inner_text()
        assert "حزيران 2013" in page.locator(".timeline").inner_text()
        assert _no_horizontal_overflow(page)
        shot(page, f"case-saved-{width}-ar")
        page.close()

    page = browser.new_page(viewport=LAPTOP, locale="ar")
    page.set_default_timeout(20_000)
    log_in(page, live_server.url, rima_password)
    for query, script in (("وسيم الكمال", "arabic"), ("Wasim Abdulrahman Al-Kamal", "latin")):
        page.fill("#id_q", query)
        page.press("#id_q", "Enter")
        page.wait_for_selector("td.person-name")
        assert query not in page.url
        first = page.locator("td.person-name bdi").first.inner_text()
        assert first.startswith("وسيم عبد الرحمن محمد الكمال"), (script, first)
        shot(page, f"search-{script}-1280-ar")
    # The filters narrow: arrested in 2013 and a caseworker's case source.
    page.click("details.search-filters summary")
    page.fill("#id_year", "2019")
    page.click("details.search-filters button[type=submit]")
    page.wait_for_selector("p.muted")
    assert page.locator("td.person-name").count() == 0
    shot(page, "search-filtered-1280-ar")
