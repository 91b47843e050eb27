"""The review's own Arabic catalogue: every string translated, the compiled .mo in step with the
.po, every template string in it, and the queue's link in the navigation in Arabic.

Updating: `cd src/athar/review && django-admin makemessages -l ar --no-location --no-obsolete`
(DJANGO_SETTINGS_MODULE=athar.web.settings), translate, then
`msgfmt -c -o locale/ar/LC_MESSAGES/django.mo locale/ar/LC_MESSAGES/django.po`."""

from __future__ import annotations

import gettext
import re
from pathlib import Path
from typing import Any

import pytest
import tests.web.test_translations as web_catalogue
from django.test import Client
from django.urls import reverse

import athar.review

REVIEW = Path(athar.review.__file__).parent
CATALOGUE = REVIEW / "locale" / "ar" / "LC_MESSAGES"


def test_it_translates_every_string_into_arabic() -> None:
    entries = web_catalogue.read_po(CATALOGUE / "django.po")
    assert len(entries) > 70
    assert [e["id"] for e in entries if not all(e["strings"]) or e["fuzzy"]] == []


def test_it_ships_a_compiled_catalogue_in_step_with_its_source() -> None:
    with (CATALOGUE / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in web_catalogue.read_po(CATALOGUE / "django.po"):
        assert compiled.gettext(str(entry["id"])) == entry["strings"][0], entry["id"]  # type: ignore[index]


def test_it_has_every_template_string_in_the_catalogue() -> None:
    known = {e["id"] for e in web_catalogue.read_po(CATALOGUE / "django.po")}
    pattern = re.compile(r"""\{%\s*translate\s+(["'])(.+?)\1""")
    missing = [(t.name, text) for t in (REVIEW / "templates").rglob("*.html")
               for _, text in pattern.findall(t.read_text(encoding="utf-8")) if text not in known]
    assert missing == []


@pytest.mark.django_db
def test_the_queue_link_is_in_arabic_and_only_for_reviewers(client: Client, cast: dict[str, Any]) -> None:
    client.force_login(cast["reem"])
    assert "مراجعة التطابقات" in client.get(reverse("review:index")).content.decode()
    client.force_login(cast["omar"])
    assert reverse("review:index") in client.get(reverse("web:person_list")).content.decode()
    client.force_login(cast["sami"])
    assert reverse("review:index") not in client.get("/", follow=True).content.decode()
