"""Arabic is the default language, written right to left; English is one click away, left to right."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse


def test_it_serves_arabic_right_to_left_by_default(rima_client: Client) -> None:
    html = rima_client.get(reverse("web:person_list")).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "الأشخاص" in html  # "Persons"
    # The switch names English in English, so someone who cannot read Arabic still finds it.
    assert 'value="en" lang="en" dir="ltr"' in html and ">English</button>" in html


def test_it_serves_the_login_page_in_arabic_by_default(client: Client, db: None) -> None:
    html = client.get(reverse("login")).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "تسجيل الدخول" in html  # "Log in"


def test_it_switches_to_english_left_to_right(rima_client: Client) -> None:
    response = rima_client.post(reverse("set_language"), {"language": "en", "next": reverse("web:person_list")})
    assert response.status_code == 302
    assert response["Location"] == reverse("web:person_list")
    html = rima_client.get(reverse("web:person_list")).content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert ">Persons<" in html
    assert "الأشخاص" not in html


def test_it_switches_back_to_arabic(rima_client: Client) -> None:
    rima_client.post(reverse("set_language"), {"language": "en"})
    rima_client.post(reverse("set_language"), {"language": "ar"})
    html = rima_client.get(reverse("web:person_list")).content.decode()
    assert '<html lang="ar" dir="rtl">' in html


def test_it_lets_anonymous_users_switch_language_on_the_login_page(client: Client, db: None) -> None:
    client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    html = client.get(reverse("login")).content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert "Log in" in html


def test_it_follows_a_browser_set_to_english_until_a_language_is_picked(rima_client: Client) -> None:
    html = rima_client.get(reverse("web:person_list"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="en" dir="ltr">' in html


def test_it_follows_the_first_language_it_speaks_in_the_browsers_list(client: Client, db: None) -> None:
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9,ar;q=0.8,en;q=0.7").content.decode()
    assert '<html lang="ar" dir="rtl">' in html


def test_it_falls_back_to_arabic_for_a_browser_language_it_does_not_speak(client: Client, db: None) -> None:
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="de-DE,fr;q=0.8").content.decode()
    assert '<html lang="ar" dir="rtl">' in html


def test_a_picked_language_wins_over_the_browser(rima_client: Client) -> None:
    rima_client.post(reverse("set_language"), {"language": "ar"})
    html = rima_client.get(reverse("web:person_list"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
