"""The person page: every record (source, record id, names as written, the row verbatim), the events
as a timeline with dates as precise as the sources gave them, and the fate claims with their sources,
conflicting claims shown side by side."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client
from django.urls import reverse

from athar.registry.models import Person


def _page(client: Client, person: Person, language: str = "ar") -> str:
    client.post(reverse("set_language"), {"language": language})
    response = client.get(reverse("web:person_detail", args=[person.public_id]))
    assert response.status_code == 200
    return response.content.decode()


def _section(html: str, heading_id: str) -> str:
    match = re.search(r'<section aria-labelledby="' + heading_id + r'">(.*?)</section>', html, re.S)
    assert match, heading_id
    return match.group(1)


def test_it_lists_every_record_with_its_source_and_names_as_written(rima_client: Client,
                                                                    world: dict[str, Any]) -> None:
    records = _section(_page(rima_client, world["muhammad"]), "records-heading")
    for source, record_id in [("family_reports_2024", "FR-1"), ("civil_registry_docs", "CR-7"),
                              ("witness_testimonies", "WT-3")]:
        assert source in records and record_id in records
    assert "محمد أحمد الحسن" in records
    assert "Mohammad Ahmad Al-Hasan" in records
    assert "Mhd" in records and "Al-Hasan" in records
    assert "أخذوه من الحاجز" in records  # an extra column of the source, kept verbatim


def test_it_shows_the_timeline_with_honest_partial_dates_in_arabic(rima_client: Client,
                                                                    world: dict[str, Any]) -> None:
    timeline = _section(_page(rima_client, world["muhammad"]), "timeline-heading")
    assert '<time datetime="2012-06">حزيران 2012</time>' in timeline
    assert '<time datetime="2019">2019</time>' in timeline
    assert '<time datetime="2021-03-14">14 آذار 2021</time>' in timeline
    # In date order: arrest, death certificate, sighting.
    assert timeline.index("2012-06") < timeline.index('"2019"') < timeline.index("2021-03-14")
    assert "فرع فلسطين" in timeline and "Saydnaya" in timeline


def test_it_shows_the_timeline_in_english(rima_client: Client, world: dict[str, Any]) -> None:
    timeline = _section(_page(rima_client, world["muhammad"], "en"), "timeline-heading")
    assert '<time datetime="2012-06">June 2012</time>' in timeline
    assert "Arrest" in timeline and "Death certificate" in timeline and "Seen in detention" in timeline
    assert re.findall(r"<time[^>]*>([^<]*)</time>", timeline) == ["June 2012", "2019", "14 March 2021"]


def test_it_shows_both_conflicting_claims_with_their_sources(rima_client: Client, world: dict[str, Any]) -> None:
    fate = _section(_page(rima_client, world["muhammad"], "en"), "fate-heading")
    conflict = re.search(r'<div class="conflict".*?</div>', fate, re.S)
    assert conflict, "the conflict is not highlighted"
    block = conflict.group(0)
    assert "Deceased" in block and "civil_registry_docs" in block and "CR-7" in block
    assert "Detained" in block and "witness_testimonies" in block and "WT-3" in block
    # Every claim is listed with its source, the arrest's too.
    assert fate.count('class="status status-') >= 5  # 2 in the conflict box, 3 in the table
    assert "family_reports_2024" in fate


def test_it_shows_no_conflict_where_there_is_none(rima_client: Client, world: dict[str, Any]) -> None:
    html = _page(rima_client, world["fatima"], "en")
    assert 'class="conflict"' not in html
    assert "No source makes a claim about this person" in html
    assert '<time datetime="2013">2013</time>' in html


def test_it_answers_404_for_an_unknown_person(rima_client: Client, db: None) -> None:
    assert rima_client.get(reverse("web:person_detail", args=["P-0000000000"])).status_code == 404


def test_it_sends_a_merged_person_id_to_the_person_it_was_merged_into(rima_client: Client,
                                                                      world: dict[str, Any]) -> None:
    old = Person.objects.create(merged_into=world["muhammad"])
    response = rima_client.get(reverse("web:person_detail", args=[old.public_id]))
    assert response.status_code == 302
    assert response["Location"] == reverse("web:person_detail", args=[world["muhammad"].public_id])
