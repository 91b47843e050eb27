"""Login is required everywhere but on the login page; logging in and out works."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse


def test_it_redirects_anonymous_users_from_the_person_list_to_login(client: Client, db: None) -> None:
    response = client.get(reverse("web:person_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_redirects_anonymous_users_from_a_person_page_to_login(client: Client, world: dict[str, Any]) -> None:
    url = reverse("web:person_detail", args=[world["muhammad"].public_id])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_it_shows_the_login_page_to_anonymous_users(client: Client, db: None) -> None:
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()


def test_it_logs_a_user_in_with_the_right_password(client: Client, rima: Any, rima_password: str) -> None:
    response = client.post(reverse("login"), {"username": "rima", "password": rima_password})
    assert response.status_code == 302
    assert client.get(reverse("web:person_list")).status_code == 200


def test_it_refuses_a_wrong_password(client: Client, rima: Any) -> None:
    response = client.post(reverse("login"), {"username": "rima", "password": "wrong password here"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert client.get(reverse("web:person_list")).status_code == 302


def test_it_logs_out_on_post(rima_client: Client) -> None:
    response = rima_client.post(reverse("logout"))
    assert response.status_code == 302
    assert rima_client.get(reverse("web:person_list")).status_code == 302
