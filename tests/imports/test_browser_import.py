"""In a real browser (Debian's Chromium through Playwright), in Arabic: Omar uploads an Excel list
whose columns have their own names, corrects one suggested mapping, checks a dry run that finds one
bad row, imports, and sees the counts. Screenshots of each step are kept under the pytest temporary
directory (printed on failure) as test artifacts.

Skipped, with the reason, only when /usr/bin/chromium is absent."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from tests.browser import log_in
from tests.factories import CAST_PASSWORD, make_user

from athar.imports.models import QuarantinedRow
from athar.registry.models import Record

pytestmark = pytest.mark.browser


def _workbook(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "المعتقلون"
    sheet.append(["الرقم", "الاسم الكامل", "Nom de la mère", "تاريخ الاعتقال", "نوع الحدث"])
    sheet.append(["A-1", "محمد أحمد الحسن", "فاطمة", "12/05/2013", "اعتقال"])
    sheet.append(["A-2", "خالد عمر درويش", "مريم", "صيف 2012", "اعتقال"])
    sheet.append(["A-3", "سامر الحلبي", "", "31/02/2013", "اعتقال"])  # no 31 February: quarantined
    book.save(path)
    return path


def test_a_data_manager_imports_an_excel_list_with_mapping_and_dry_run(
        live_server: Any, transactional_db: None, chromium: Any, tmp_path: Path, settings: Any) -> None:  # noqa: F811
    settings.DATA_DIR = tmp_path
    make_user("omar", "data_manager")
    shots = tmp_path / "screenshots"
    shots.mkdir()
    page = chromium.new_page(viewport={"width": 1280, "height": 900}, locale="ar")
    page.set_default_timeout(20_000)

    log_in(page, live_server.url + "/imports/", "omar", CAST_PASSWORD)
    page.wait_for_url("**/imports/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.set_input_files("#id_file", str(_workbook(tmp_path / "list.xlsx")))
    page.fill("#id_source", "ngo_2024")
    page.select_option("#id_date_order", "dmy")
    page.screenshot(path=str(shots / "1-upload.png"))
    page.click("#upload-form button[type=submit]")

    page.wait_for_selector("#mapping-form")
    assert page.input_value("#id_column_0") == "record_id"  # suggested from الرقم
    assert page.input_value("#id_column_1") == "full_name"
    assert page.input_value("#id_column_2") == ""  # a French header: no suggestion, Omar chooses
    assert "محمد أحمد الحسن" in page.locator(".mapping").inner_text()  # the preview
    page.select_option("#id_column_2", "mother_name")
    page.screenshot(path=str(shots / "2-mapping.png"))
    page.click("button[name=action][value=dry_run]")

    page.wait_for_selector("#dry-run")
    assert page.locator("#dry-run [data-count=new]").inner_text() == "2"
    assert page.locator("#dry-run [data-count=quarantined]").inner_text() == "1"
    problems = page.locator("#dry-run .problems").inner_text()
    assert "4" in problems and "ليس تاريخًا حقيقيًا" in problems  # row 4 of the sheet, the reason in Arabic
    assert Record.objects.count() == 0
    page.screenshot(path=str(shots / "3-dry-run.png"), full_page=True)
    page.click("button[name=action][value=import]")

    page.wait_for_selector("#import-result")
    assert "/imports/jobs/" in page.url
    assert page.locator("#import-result [data-count=new]").inner_text() == "2"
    assert page.locator("#import-result [data-count=quarantined]").inner_text() == "1"
    # No linkage run is kept in this registry: the page says the records are not matched yet.
    assert page.locator("#import-matching").is_visible()
    page.screenshot(path=str(shots / "4-done.png"), full_page=True)
    assert sorted(Record.objects.values_list("record_id", "mother_name")) == [("A-1", "فاطمة"), ("A-2", "مريم")]
    assert QuarantinedRow.objects.get().row_number == 4
    assert all((shots / f).stat().st_size > 0 for f in ("1-upload.png", "2-mapping.png", "3-dry-run.png",
                                                         "4-done.png"))


FILLER_ROWS = 3000  # enough rows that the page shows the job running before it ends


def test_a_long_import_shows_progress_and_ends_with_new_matched_and_uncertain(
        live_server: Any, transactional_db: None, chromium: Any, tmp_path: Path, settings: Any) -> None:  # noqa: F811
    from tests.tracing.conftest import RUN_ID, make_registry

    from athar.registry.linking import link_registry
    from athar.review.models import CandidatePair

    settings.DATA_DIR = tmp_path / "data"
    make_registry()  # Hala's brother in three sources and two other men, linked as `athar resolve` does
    link_registry(tmp_path / "data" / "linkage" / RUN_ID, run_id=RUN_ID)
    brother = Record.objects.get(record_id="N-1").person_id
    make_user("omar", "data_manager")
    lines = ["source,record_id,first_name,father_name,grandfather_name,family_name,mother_name,sex,event_type,"
             "event_date,event_place",
             "family_reports,FR-9,محمد,أحمد,خليل,الحسن,فاطمة,M,arrest,2013-04,حرستا",
             "family_reports,FR-10,نزار,توفيق,,قباني,سلمى,M,arrest,2011-09,دوما",
             "family_reports,FR-11,محمد,,,الحسن,,,,,"]
    # Rows without a name (a list of file numbers still to be completed): imported, never matched.
    lines += [f"family_reports,FX-{i},,,,,,,arrest,2012," for i in range(FILLER_ROWS)]
    csv_path = tmp_path / "family_reports.csv"
    csv_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    shots = tmp_path / "screenshots"
    shots.mkdir()
    page = chromium.new_page(viewport={"width": 390, "height": 844}, locale="ar")
    console_errors: list[str] = []
    page.on("console", lambda message: console_errors.append(message.text) if message.type == "error" else None)
    page.set_default_timeout(120_000)
    log_in(page, live_server.url + "/imports/", "omar", CAST_PASSWORD)
    page.wait_for_url("**/imports/")
    page.set_input_files("#id_file", str(csv_path))
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("#mapping-form")
    page.click("button[name=action][value=import]")

    page.wait_for_url("**/imports/jobs/**")
    running = page.locator("#import-job[hx-trigger]")
    assert running.count() == 1, "the job is still running when its page first shows"
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.screenshot(path=str(shots / "5-running.png"), full_page=True)
    page.wait_for_selector("#import-result", timeout=300_000)  # the page polled until the job ended
    page.screenshot(path=str(shots / "6-matched.png"), full_page=True)
    counts = {name: page.locator(f"[data-count={name}]").inner_text()
              for name in ("new", "quarantined", "matched", "uncertain", "new-persons")}
    assert counts == {"new": str(FILLER_ROWS + 3), "quarantined": "0", "matched": "1", "uncertain": "1",
                      "new-persons": str(FILLER_ROWS + 1)}
    assert Record.objects.get(record_id="FR-9").person_id == brother
    assert CandidatePair.objects.filter(right__record_id="FR-11").count() == 3
    assert all((shots / f).stat().st_size > 0 for f in ("5-running.png", "6-matched.png"))
    # HTMX polled within the page's strict CSP: no refused script, style or eval.
    assert console_errors == [], console_errors
    assert page.evaluate("typeof htmx") == "object"
    assert page.evaluate("window.localStorage.length") == 0  # no page kept in the browser's storage
