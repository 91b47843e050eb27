"""Error pages speak the page's language and direction: Django's own 404 and 500 pages are bare
English, which a caseworker working in Arabic should never be left with."""

from __future__ import annotations

from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error


def test_it_answers_an_unknown_person_id_with_an_arabic_page_right_to_left(rima_client: Client) -> None:
    response = rima_client.get(reverse("web:person_detail", args=["P-0000000000"]))
    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="ar" dir="rtl">' in html
    assert "غير موجود" in html  # "Not found"
    assert "Not Found" not in html and "requested resource" not in html
    assert reverse("web:person_list") in html


def test_it_answers_an_unknown_address_in_english_when_english_was_chosen(rima_client: Client) -> None:
    rima_client.post(reverse("set_language"), {"language": "en"})
    response = rima_client.get("/no/such/page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="en" dir="ltr">' in html
    assert "There is no page at this address" in html


def test_it_renders_the_server_error_page_without_a_user_or_a_form(db: None) -> None:
    request = RequestFactory().get("/")
    with translation.override("ar"):
        response = server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="ar" dir="rtl">' in html
    assert "حدث خطأ" in html  # "Something went wrong"
    assert "<form" not in html
