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

    page.goto(live_server.url + "/imports/")
    page.fill("#id_username", "omar")
    page.fill("#id_password", CAST_PASSWORD)
    page.click("form[action='/login/'] button[type=submit]")
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
    assert page.locator("#import-result [data-count=new]").inner_text() == "2"
    assert page.locator("#import-result [data-count=quarantined]").inner_text() == "1"
    page.screenshot(path=str(shots / "4-done.png"), full_page=True)
    assert sorted(Record.objects.values_list("record_id", "mother_name")) == [("A-1", "فاطمة"), ("A-2", "مريم")]
    assert QuarantinedRow.objects.get().row_number == 4
    assert all((shots / f).stat().st_size > 0 for f in ("1-upload.png", "2-mapping.png", "3-dry-run.png",
                                                         "4-done.png"))
