"""The person list: every active person with its record count and fate, conflicts marked; search by
name in either script through the same engine as `athar search`; names never in URLs."""

from __future__ import annotations

import logging
import re
from typing import Any

from django.test import Client
from django.urls import reverse

from athar.registry.models import Person


def _row_of(html: str, public_id: str) -> str:
    match = re.search(r"<tr>(?:(?!</tr>).)*?" + re.escape(public_id) + r".*?</tr>", html, re.S)
    assert match, f"no row for {public_id}"
    return match.group(0)


def _english(client: Client) -> None:
    client.post(reverse("set_language"), {"language": "en"})


def test_it_lists_persons_with_record_counts(rima_client: Client, world: dict[str, Any]) -> None:
    html = rima_client.get(reverse("web:person_list")).content.decode()
    muhammad = _row_of(html, world["muhammad"].public_id)
    fatima = _row_of(html, world["fatima"].public_id)
    assert re.search(r'class="number optional-column">3</td>', muhammad)
    assert re.search(r'class="number optional-column">1</td>', fatima)
    assert "محمد أحمد الحسن" in muhammad  # display name, Arabic preferred
    assert "2 أشخاص" not in html and "شخصان في قاعدة البيانات." in html  # Arabic dual: two persons


def test_it_marks_a_person_with_conflicting_fate_claims(rima_client: Client, world: dict[str, Any]) -> None:
    _english(rima_client)
    html = rima_client.get(reverse("web:person_list")).content.decode()
    muhammad = _row_of(html, world["muhammad"].public_id)
    fatima = _row_of(html, world["fatima"].public_id)
    assert "conflict-mark" in muhammad
    # Both sides of the conflict are named in the list, not one silently chosen.
    assert "Deceased" in muhammad and "Detained" in muhammad
    assert "conflict-mark" not in fatima
    assert "No claim yet" in fatima  # a missing report claims no fate


def test_it_links_each_person_by_public_id_only(rima_client: Client, world: dict[str, Any]) -> None:
    html = rima_client.get(reverse("web:person_list")).content.decode()
    links = re.findall(r'href="([^"]*)"', html)
    person_links = [link for link in links if link.startswith("/persons/")]
    assert sorted(person_links) == sorted(
        f"/persons/{p.public_id}/" for p in Person.objects.filter(retired_at__isnull=True))


def test_it_pages_the_list(rima_client: Client, world: dict[str, Any], monkeypatch: Any) -> None:
    from athar.web import views

    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    first = rima_client.get(reverse("web:person_list")).content.decode()
    second = rima_client.get(reverse("web:person_list") + "?page=2").content.decode()
    assert 'href="?page=2"' in first
    ids = {world["muhammad"].public_id, world["fatima"].public_id}
    on_first = {i for i in ids if i in first}
    on_second = {i for i in ids if i in second}
    assert len(on_first) == 1 and len(on_second) == 1 and on_first != on_second


def test_it_finds_an_arabic_name_from_a_latin_query(rima_client: Client, world: dict[str, Any]) -> None:
    response = rima_client.post(reverse("web:person_list"), {"q": "Mhd Hasan"})
    assert response.status_code == 303
    # The name stays out of the URL (and so out of logs, history and Referer headers).
    assert response["Location"] == reverse("web:person_list")
    html = rima_client.get(response["Location"]).content.decode()
    assert world["muhammad"].public_id in html
    assert world["fatima"].public_id not in html
    assert 'value="Mhd Hasan"' in html


def test_it_finds_a_latin_name_from_an_arabic_query(rima_client: Client, world: dict[str, Any]) -> None:
    rima_client.post(reverse("web:person_list"), {"q": "فاطمة الزعبي"})
    html = rima_client.get(reverse("web:person_list")).content.decode()
    assert world["fatima"].public_id in html
    assert world["muhammad"].public_id not in html


def test_it_shows_records_not_yet_linked_to_a_person(rima_client: Client, world: dict[str, Any]) -> None:
    rima_client.post(reverse("web:person_list"), {"q": "محمود حسين"})
    html = rima_client.get(reverse("web:person_list")).content.decode()
    assert "NL-9" in html
    assert "غير مربوط بشخص بعد" in html


def test_it_clears_the_search(rima_client: Client, world: dict[str, Any]) -> None:
    rima_client.post(reverse("web:person_list"), {"q": "Mhd Hasan"})
    rima_client.post(reverse("web:person_list"), {"q": "Mhd Hasan", "clear": "1"})
    html = rima_client.get(reverse("web:person_list")).content.decode()
    assert world["fatima"].public_id in html and world["muhammad"].public_id in html
    assert 'value="Mhd Hasan"' not in html


def test_it_says_when_nothing_matches(rima_client: Client, world: dict[str, Any]) -> None:
    _english(rima_client)
    rima_client.post(reverse("web:person_list"), {"q": "Zbigniew Brzezinski"})
    html = rima_client.get(reverse("web:person_list")).content.decode()
    assert "No person matches this name" in html


def test_it_logs_no_name_while_searching(rima_client: Client, world: dict[str, Any], caplog: Any) -> None:
    with caplog.at_level(logging.DEBUG):
        rima_client.post(reverse("web:person_list"), {"q": "Mhd Hasan"})
        rima_client.get(reverse("web:person_list"))
        rima_client.get(reverse("web:person_detail", args=[world["muhammad"].public_id]))
    for name in ("Mhd Hasan", "محمد", "Hasan"):
        assert name not in caplog.text


def _public_ids_in_order(html: str) -> list[str]:
    return list(dict.fromkeys(re.findall(r'href="/persons/([^/"]+)/"', html)))


def test_it_orders_persons_by_the_names_the_user_may_read(rima_client: Client, rima: Any) -> None:
    """A restricted record's name must not decide where its person stands in the list of someone
    who may not read it: the order would tell what the name starts with."""
    from tests.factories import make_record, make_source

    from athar.registry.choices import Sensitivity
    from athar.registry.services import apply_clusters

    shown = make_source("shown_list", sensitivity=Sensitivity.INTERNAL)
    hidden = make_source("hidden_list", sensitivity=Sensitivity.RESTRICTED)
    make_record("S-1", source=shown, full_name="Zaid Khalil")
    make_record("H-1", source=hidden, full_name="أحمد خليل")  # same man, in a source rima may not read
    make_record("S-2", source=shown, full_name="بشير حسن")
    make_record("S-3", source=shown, full_name="Adam Saleh")
    apply_clusters([("shown_list", "S-1", "x"), ("hidden_list", "H-1", "x"),
                    ("shown_list", "S-2", "y"), ("shown_list", "S-3", "z")], run_id="test")
    zaid = Person.objects.get(records__record_id="S-1")
    bashir = Person.objects.get(records__record_id="S-2")
    adam = Person.objects.get(records__record_id="S-3")
    assert zaid.display_name == "أحمد خليل"  # the stored name comes from the record rima cannot read

    arabic = rima_client.get(reverse("web:person_list")).content.decode()
    # Arabic names first, then Latin ones: Zaid stands among the Latin names, by "Zaid".
    assert _public_ids_in_order(arabic) == [bashir.public_id, adam.public_id, zaid.public_id]
    assert "أحمد خليل" not in arabic and "Zaid Khalil" in arabic
    _english(rima_client)
    english = rima_client.get(reverse("web:person_list")).content.decode()
    assert _public_ids_in_order(english) == [adam.public_id, zaid.public_id, bashir.public_id]


def test_it_orders_by_the_stored_name_for_who_may_read_every_record(client: Client, db: None) -> None:
    from tests.factories import make_record, make_source, make_user

    from athar.registry.choices import Sensitivity
    from athar.registry.services import apply_clusters

    shown = make_source("shown_list", sensitivity=Sensitivity.INTERNAL)
    hidden = make_source("hidden_list", sensitivity=Sensitivity.RESTRICTED)
    make_record("S-1", source=shown, full_name="Zaid Khalil")
    make_record("H-1", source=hidden, full_name="أحمد خليل")
    make_record("S-2", source=shown, full_name="بشير حسن")
    apply_clusters([("shown_list", "S-1", "x"), ("hidden_list", "H-1", "x"), ("shown_list", "S-2", "y")],
                   run_id="test")
    client.force_login(make_user("yusuf", "administrator"))
    html = client.get(reverse("web:person_list")).content.decode()
    zaid = Person.objects.get(records__record_id="S-1")
    bashir = Person.objects.get(records__record_id="S-2")
    assert _public_ids_in_order(html) == [zaid.public_id, bashir.public_id]  # أحمد before بشير
