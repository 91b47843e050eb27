"""Names, places and ids keep their own direction inside Arabic (RTL) and English (LTR) pages.

A bare <bdi> isolates its text but Chromium then lays it out in the page's direction, so a mixed
name written Latin first ("Mohammad محمد Khalil خليل") came out with its words reversed on an Arabic
page. Every <bdi> therefore says dir="auto": the text's first strong letter decides."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.test import Client
from django.urls import reverse
from tests.web.conftest import load_records

import athar.web
from athar.registry.models import Sensitivity, Source
from athar.registry.services import add_records, apply_clusters, get_or_create_sources

TEMPLATES = Path(athar.web.__file__).parent / "templates"


def test_every_isolated_text_in_the_templates_chooses_its_own_direction() -> None:
    bare = [(t.name, tag) for t in TEMPLATES.rglob("*.html")
            for tag in re.findall(r"<bdi\b[^>]*>", t.read_text(encoding="utf-8")) if 'dir="auto"' not in tag]
    assert bare == []


def test_it_shows_a_mixed_script_name_in_its_written_order(rima_client: Client, tmp_path: Path,
                                                          db: Any) -> None:
    rows = load_records(tmp_path, [{"source": "ngo", "record_id": "N-1", "full_name": "Mohammad محمد Khalil خليل"}])
    add_records(rows, sources=get_or_create_sources({"ngo"}))
    Source.objects.filter(name="ngo").update(sensitivity=Sensitivity.INTERNAL)
    apply_clusters([("ngo", "N-1", "c")], run_id="t")
    html = rima_client.get(reverse("web:person_list")).content.decode()
    assert '<bdi dir="auto">Mohammad محمد Khalil خليل</bdi>' in html
