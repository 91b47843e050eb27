"""Every string of the interface has an Arabic translation, and the compiled catalogue (.mo, committed
so that running athar needs no gettext tools) says the same as its source (.po).

Updating strings: `cd src/athar/web && django-admin makemessages -l ar --no-obsolete`
(DJANGO_SETTINGS_MODULE=athar.web.settings), translate in locale/ar/LC_MESSAGES/django.po, then
`msgfmt -c -o locale/ar/LC_MESSAGES/django.mo locale/ar/LC_MESSAGES/django.po`."""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import pytest

import athar.web

WEB = Path(athar.web.__file__).parent
CATALOGUE = WEB / "locale" / "ar" / "LC_MESSAGES"
# Every app with pages keeps its own catalogue (no merge conflicts between apps): src/athar/<app>/locale.
APPS_WITH_TEMPLATES = sorted(p.parent.name for p in WEB.parent.glob("*/templates") if p.parent.name != "web")
# Apps without pages whose words every page shows (the registry's vocabularies, athar.registry.labels).
APPS_WITH_CATALOGUES = sorted({*APPS_WITH_TEMPLATES, "registry"})


def _unquote(lines: list[str]) -> str:
    return "".join(ast.literal_eval(line[line.index('"'):]) for line in lines)


def read_po(path: Path) -> list[dict[str, object]]:
    """Entries of a .po file: context, id, plural id and translations (a small reader, enough for ours)."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields: dict[str, list[str]] = {}
        current = None
        for line in block.splitlines():
            match = re.match(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) ", line)
            if match:
                current = match.group(1)
                fields[current] = [line]
            elif line.startswith('"') and current:
                fields[current].append(line)
        if "msgid" not in fields:
            continue
        msgid = _unquote(fields["msgid"])
        if not msgid:
            continue  # the header
        entries.append({
            "context": _unquote(fields["msgctxt"]) if "msgctxt" in fields else None,
            "id": msgid,
            "plural": _unquote(fields["msgid_plural"]) if "msgid_plural" in fields else None,
            "strings": [_unquote(v) for k, v in sorted(fields.items()) if k.startswith("msgstr")],
            "fuzzy": "#, fuzzy" in block or ", fuzzy" in block,
        })
    return entries


def test_it_translates_every_string_into_arabic() -> None:
    entries = read_po(CATALOGUE / "django.po")
    assert len(entries) > 50
    untranslated = [e["id"] for e in entries if not all(e["strings"]) or e["fuzzy"]]
    assert untranslated == []


def test_it_ships_a_compiled_catalogue_in_step_with_its_source() -> None:
    with (CATALOGUE / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in read_po(CATALOGUE / "django.po"):
        context, msgid, strings = entry["context"], entry["id"], entry["strings"]
        assert isinstance(msgid, str) and isinstance(strings, list)
        if entry["plural"]:
            plural = entry["plural"]
            assert isinstance(plural, str)
            got = (compiled.npgettext(context, msgid, plural, 1) if context
                   else compiled.ngettext(msgid, plural, 1))
            assert got == strings[1], msgid
        else:
            got = compiled.pgettext(context, msgid) if context else compiled.gettext(msgid)
            assert got == strings[0], msgid


@pytest.mark.parametrize("app", ["web", *APPS_WITH_CATALOGUES])
def test_it_has_every_template_string_in_the_catalogue(app: str) -> None:
    folder = WEB.parent / app
    catalogue = folder / "locale" / "ar" / "LC_MESSAGES"
    known = {e["id"] for e in read_po(catalogue / "django.po")}
    # The web app's catalogue is shared by all: base.html's strings are there.
    if app != "web":
        known |= {e["id"] for e in read_po(CATALOGUE / "django.po")}
    untranslated = [e["id"] for e in read_po(catalogue / "django.po") if not all(e["strings"]) or e["fuzzy"]]
    assert untranslated == []
    with (catalogue / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in read_po(catalogue / "django.po"):
        if not entry["plural"] and not entry["context"]:
            assert compiled.gettext(entry["id"]) == entry["strings"][0], entry["id"]  # type: ignore[arg-type,index]
    pattern = re.compile(r"""\{%\s*translate\s+(["'])(.+?)\1""")
    missing = []
    for template in (folder / "templates").rglob("*.html"):
        for _, text in pattern.findall(template.read_text(encoding="utf-8")):
            if text not in known:
                missing.append((template.name, text))
    assert missing == []


def test_it_shows_the_registry_vocabularies_in_arabic() -> None:
    from django.utils import translation

    from athar.registry import labels

    vocabularies = [labels.EVENT_TYPE_LABELS, labels.FATE_LABELS, labels.NAME_FIELD_LABELS, labels.SEX_LABELS]
    with translation.override("ar"):
        shown = [str(text) for vocabulary in vocabularies for text in vocabulary.values()]
    assert len(shown) == 24
    assert [text for text in shown if not re.search("[\u0600-\u06ff]", text)] == []
