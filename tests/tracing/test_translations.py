"""Every string of the tracing pages has an Arabic translation, and the compiled catalogue says
the same as its source.

Updating strings: `cd src/athar/tracing && django-admin makemessages -l ar --no-obsolete`
(DJANGO_SETTINGS_MODULE=athar.web.settings; check that it left src/athar/web/locale alone),
translate, then `msgfmt -c -o locale/ar/LC_MESSAGES/django.mo locale/ar/LC_MESSAGES/django.po`."""

from __future__ import annotations

import gettext
from pathlib import Path

from django.test import Client
from tests.web.test_translations import read_po

import athar.tracing

CATALOGUE = Path(athar.tracing.__file__).parent / "locale" / "ar" / "LC_MESSAGES"


def test_it_translates_every_string_into_arabic() -> None:
    entries = read_po(CATALOGUE / "django.po")
    assert len(entries) > 100
    assert [e["id"] for e in entries if not all(e["strings"]) or e["fuzzy"]] == []


def test_the_compiled_catalogue_is_in_step_with_its_source() -> None:
    with (CATALOGUE / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in read_po(CATALOGUE / "django.po"):
        if entry["plural"] is None and entry["context"] is None:
            assert compiled.gettext(str(entry["id"])) == entry["strings"][0]


def test_the_public_form_speaks_arabic(db: None, client: Client) -> None:
    html = client.get("/tracing/ask/").content.decode()
    assert "اسأل عن قريب مفقود" in html and "اسم الجد" in html
