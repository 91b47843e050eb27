"""The review pages: the queue, one pair side by side, a decision (also as the script sends it), an
undo, and the person page's "may also be"."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from tests.review.conftest import make_pair

from athar.audit.models import AuditEvent
from athar.registry.models import Record
from athar.review.models import CandidateKind, CandidatePair, Judgement, Verdict

pytestmark = pytest.mark.django_db


def login(client: Client, user: Any, lang: str = "") -> Client:
    client.force_login(user)
    if lang:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return client


def test_it_lists_the_pending_pairs_most_uncertain_first(client: Client, world: dict[str, Any]) -> None:
    html = login(client, world["reem"]).get(reverse("review:index")).content.decode()
    assert "محمد علي الحسن" in html
    first, second = world["pairs"]["F1-F2"], world["pairs"]["W1-F2"]
    assert html.index(reverse("review:item", args=[first.pk])) < html.index(reverse("review:item", args=[second.pk]))
    assert reverse("review:item", args=[world["pairs"]["F1-S1"].pk]) not in html, "restricted record: not shown"
    assert AuditEvent.objects.filter(action="view", target_type="review_queue", actor_label="reem").count() == 1


@pytest.mark.parametrize("who", ["sami", None])
def test_it_refuses_analysts_and_strangers(client: Client, world: dict[str, Any], who: str | None) -> None:
    if who:
        login(client, world[who])
    response = client.get(reverse("review:index"))
    assert response.status_code == (403 if who else 302)


def test_it_shows_both_records_and_the_explanation_in_arabic(client: Client, world: dict[str, Any]) -> None:
    pair = world["pairs"]["F1-F2"]
    html = login(client, world["rima"]).get(reverse("review:item", args=[pair.pk])).content.decode()
    assert "أحمد" in html and "علي" in html and "family_reports" in html
    assert "اسم الأب: مختلف" in html  # father: different, in the reader's language
    assert "-4.4" in html and "+6.4" in html
    assert "الشخص نفسه" in html  # "Same person"
    event = AuditEvent.objects.get(action="view", target_type="review_pair")
    assert event.details["records"] == [pair.left_id, pair.right_id]


def test_it_explains_in_english_to_an_english_reader(client: Client, world: dict[str, Any]) -> None:
    pair = world["pairs"]["F1-F2"]
    html = login(client, world["rima"], "en").get(reverse("review:item", args=[pair.pk])).content.decode()
    assert "different" in html and "Same person" in html and "اسم الأب: مختلف" not in html


def test_a_pair_with_a_hidden_record_is_not_found(client: Client, world: dict[str, Any]) -> None:
    pair = world["pairs"]["F1-S1"]
    assert login(client, world["reem"]).get(reverse("review:item", args=[pair.pk])).status_code == 404
    response = client.post(reverse("review:decide", args=[pair.pk]), {"verdict": "positive"})
    assert response.status_code == 404 and not Judgement.objects.exists()
    omar = Client()
    assert login(omar, world["omar"]).get(reverse("review:item", args=[pair.pk])).status_code == 200


def test_a_decision_moves_on_to_the_next_pair(client: Client, world: dict[str, Any]) -> None:
    first, second = world["pairs"]["F1-F2"], world["pairs"]["W1-F2"]
    response = login(client, world["reem"]).post(reverse("review:decide", args=[first.pk]),
                                                 {"verdict": "negative", "reason": "الأب مختلف"})
    assert response.status_code == 302 and response["Location"] == reverse("review:item", args=[second.pk])
    judgement = Judgement.objects.get()
    assert (judgement.verdict, judgement.reason, judgement.actor) == (Verdict.NEGATIVE, "الأب مختلف", world["reem"])


def test_htmx_gets_the_next_pair_as_a_fragment_and_the_end_of_the_queue_as_a_redirect(
        client: Client, world: dict[str, Any]) -> None:
    first, second = world["pairs"]["F1-F2"], world["pairs"]["W1-F2"]
    page = login(client, world["reem"]).get(reverse("review:item", args=[first.pk])).content.decode()
    assert f'hx-post="{reverse("review:decide", args=[first.pk])}"' in page
    response = client.post(reverse("review:decide", args=[first.pk]), {"verdict": "unsure"},
                           headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["HX-Push-Url"] == reverse("review:item", args=[second.pk])
    html = response.content.decode()
    assert "<html" not in html and f'data-pair="{second.pk}"' in html
    for _ in range(CandidatePair.objects.count()):  # judge whatever comes next until the queue ends
        if "HX-Push-Url" not in response:
            break
        following = int(response["HX-Push-Url"].rstrip("/").rsplit("/", 1)[-1])
        response = client.post(reverse("review:decide", args=[following]), {"verdict": "unsure"},
                               headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == reverse("review:index")  # the queue is done: back to it


def test_undo_from_the_page_puts_the_record_back(client: Client, world: dict[str, Any]) -> None:
    pair = world["pairs"]["F1-F2"]
    him = Record.objects.get(record_id="F-1").person_id
    login(client, world["reem"]).post(reverse("review:decide", args=[pair.pk]), {"verdict": "negative"})
    assert Record.objects.get(record_id="F-2").person_id != him
    judgement = Judgement.objects.get()
    page = client.get(reverse("review:item", args=[pair.pk])).content.decode()
    assert reverse("review:undo", args=[judgement.pk]) in page
    response = client.post(reverse("review:undo", args=[judgement.pk]))
    assert response.status_code == 302
    assert Record.objects.get(record_id="F-2").person_id == him
    assert client.post(reverse("review:undo", args=[judgement.pk])).status_code == 409


def test_the_person_page_says_whom_else_he_may_be(client: Client, world: dict[str, Any]) -> None:
    login(client, world["omar"]).post(reverse("review:decide", args=[world["pairs"]["F1-F2"].pk]),
                                      {"verdict": "negative"})
    him = Record.objects.get(record_id="F-1").person
    other = Record.objects.get(record_id="F-2").person
    reem = login(Client(), world["reem"])
    html = reem.get(reverse("web:person_detail", args=[him.public_id])).content.decode()
    assert "قد يكون أيضاً" in html  # "May also be"
    assert other.public_id in html
    assert "محمد علي الحسن" in html


def test_a_pair_lists_what_else_its_records_may_be_most_likely_first(client: Client, world: dict[str, Any]) -> None:
    records, pairs = world["records"], world["pairs"]
    w1_f1 = make_pair(records["W-1"], records["F-1"], 0.31, CandidateKind.PERSON)
    html = login(client, world["rima"]).get(reverse("review:item", args=[pairs["W1-F2"].pk])).content.decode()
    section = html[html.index('class="rivals"'):]
    # W-1's other candidate: F-1; F-2's other pair: with F-1 (0.48). Each links to its own page.
    assert reverse("review:item", args=[w1_f1.pk]) in section
    assert reverse("review:item", args=[pairs["F1-F2"].pk]) in section
    assert "0.31" in section and "0.48" in section
    event = AuditEvent.objects.get(action="view", target_type="review_pair")
    assert sorted(event.details["other_pairs"]) == sorted([w1_f1.pk, pairs["F1-F2"].pk])


def test_what_else_a_pair_may_be_hides_pairs_with_a_record_the_reader_may_not_read(
        client: Client, world: dict[str, Any]) -> None:
    pairs = world["pairs"]
    hidden = reverse("review:item", args=[pairs["F1-S1"].pk])
    assert hidden not in login(client, world["rima"]).get(reverse("review:item", args=[pairs["F1-F2"].pk])).content.decode()
    omar = login(Client(), world["omar"])
    assert hidden in omar.get(reverse("review:item", args=[pairs["F1-F2"].pk])).content.decode()
