"""The reader's reasons reach an Arabic page in Arabic, and a new reason in the reader fails here
until it is given its translation (athar.imports.reasons)."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from tests.factories import make_user

import athar.interchange
from athar.imports.reasons import reason_in_language, where_in_language

ARABIC = re.compile("[\u0621-\u064a]{3}")
READER = Path(athar.interchange.__file__).parent
# The functions through which the reader states a reason for a row or a file.
RAISERS = {"ValueError", "AmbiguousDateError", "InputError", "problem"}


def _constant_reasons() -> list[str]:
    """Every reason the reader writes as a plain string (those with values inside are checked below)."""
    found = []
    for module in ("read.py", "dates.py", "delimited.py", "xlsx.py"):
        for node in ast.walk(ast.parse((READER / module).read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in RAISERS:
                texts = [a for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
                found += [t.value for t in texts if " " in t.value]  # a column name is not a reason
    return sorted(set(found))


@pytest.mark.parametrize("reason", _constant_reasons())
def test_it_knows_every_plain_reason_of_the_reader(reason: str) -> None:
    with translation.override("ar"):
        shown = reason_in_language(reason)
    assert ARABIC.search(shown), reason
    with translation.override("en"):
        shown = reason_in_language(reason)
    assert shown and "--" not in shown  # a page does not send people to command-line options


@pytest.mark.parametrize(("reason", "arabic"), [
    ("year 1750 out of range 1800-2100", "السنة 1750 خارج المجال"),
    ("day 31 out of range 1-30", "اليوم 31 خارج المجال 1–30"),
    ("month 13 out of range 1-12", "الشهر 13 خارج"),
    ("unknown event type; expected one of missing_report, arrest (or the Arabic word, such as اعتقال)",
     "نوع حدث غير معروف"),
    ("missing required column (read as UTF-8 with commas; header cells: 4)", "عمود مطلوب غير موجود"),
    ("the file is not valid UTF-8 but looks like Windows Arabic (Windows-1256): save it as CSV UTF-8, "
     "or import it with --encoding cp1256", "ويندوز العربي"),
    ("the file is not valid UTF-16: save it as CSV UTF-8, or declare its encoding with --encoding",
     "ليس بترميز UTF-16"),
    ("malformed CSV: unexpected end of data", "ملف CSV معطوب (unexpected end of data)"),
    ("merged cells in the header row (A1:B1): unmerge them so that each column has its own name", "A1:B1"),
])
def test_it_translates_reasons_with_values_in_them(reason: str, arabic: str) -> None:
    with translation.override("ar"):
        assert arabic in reason_in_language(reason)


def test_it_shows_an_unknown_reason_as_it_is() -> None:
    with translation.override("ar"):
        assert reason_in_language("something new") == "something new"


def test_it_says_where_in_the_readers_language() -> None:
    with translation.override("ar"):
        assert where_in_language(file="قائمة.csv", row=7, column="age") == "قائمة.csv، الصف 7، العمود age"
    with translation.override("en"):
        assert where_in_language(file="list.csv", row=7, column=None) == "list.csv, row 7"


@pytest.mark.django_db
def test_the_import_page_gives_quarantine_reasons_in_arabic(client: Client, settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path
    client.force_login(make_user("omar", "data_manager"))
    content = "record_id,source,full_name,age,birth_date\n1,ngo,محمد أحمد,٢٧,2013\n2,ngo,عمر خالد,200,31/02/2013\n"
    response = client.post(reverse("imports:start"), {
        "file": SimpleUploadedFile("list.csv", content.encode()), "source": "ngo", "kind": "ngo_list",
        "date_order": "dmy", "sheet": ""}, HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 302
    form = {"column_0": "record_id", "column_1": "source", "column_2": "full_name", "column_3": "age",
            "column_4": "birth_date", "action": "dry_run"}
    page = client.post(response["Location"], form, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "العمر يجب أن يكون عددًا صحيحًا" in page
    assert "ليس تاريخًا حقيقيًا" in page
    assert "age must be a whole number" not in page
