"""The statistics pages have their own Arabic catalogue, complete and compiled in step."""

from __future__ import annotations

import gettext
from pathlib import Path
from typing import Any

from django.test import Client
from django.urls import reverse
from tests.web.test_translations import read_po

import athar.stats
from athar.estimation import ASSUMPTIONS
from athar.stats.labels import ASSUMPTIONS_FOR_TRANSLATION

CATALOGUE = Path(athar.stats.__file__).parent / "locale" / "ar" / "LC_MESSAGES"


def test_every_string_has_an_arabic_translation_compiled_in_step() -> None:
    entries = read_po(CATALOGUE / "django.po")
    assert len(entries) > 40
    assert [e["id"] for e in entries if not all(e["strings"]) or e["fuzzy"]] == []
    with (CATALOGUE / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in entries:
        assert compiled.gettext(entry["id"]) == entry["strings"][0], entry["id"]


def test_the_assumptions_marked_for_translation_are_the_estimators_own() -> None:
    assert ASSUMPTIONS_FOR_TRANSLATION == ASSUMPTIONS


def test_the_dashboard_is_arabic_by_default_and_english_on_request(registry: dict[str, Any],
                                                                   sami_client: Client) -> None:
    page = sami_client.get(reverse("stats:dashboard")).content.decode()
    assert 'dir="rtl"' in page
    assert "الأشخاص حسب المحافظة" in page and "أقل من 5" in page
    sami_client.post(reverse("set_language"), {"language": "en"})
    page = sami_client.get(reverse("stats:dashboard")).content.decode()
    assert 'dir="ltr"' in page
    assert "Persons by governorate" in page and "fewer than 5" in page


def test_the_assumptions_are_shown_in_arabic(registry: dict[str, Any], sami_client: Client) -> None:
    data = {"source_0": "A", "source_1": "B", "source_2": "C", "strict_threshold": "0.9", "criterion": "aic"}
    page = sami_client.post(reverse("stats:estimate"), data).content.decode()
    assert "إنه حدّ أدنى لا إحصاء شامل" in page
    assert "مجال الثقة 95 %<" in page  # the column header, its per cent sign unescaped
