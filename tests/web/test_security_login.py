"""Logins are throttled (django-axes), passwords are hashed with Argon2 and all-digit ones refused,
and a session ends with the browser or after inactivity."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

WRONG = "not the right password"


def _attempt(client: Client, password: str, username: str = "rima") -> Any:
    return client.post(reverse("login"), {"username": username, "password": password})


def test_it_locks_an_account_out_after_repeated_wrong_passwords(client: Client, rima: Any) -> None:
    statuses = [_attempt(client, WRONG).status_code for _ in range(60)]
    limit = settings.AXES_FAILURE_LIMIT
    assert statuses[: limit - 1] == [200] * (limit - 1)  # the form again, with its error
    assert set(statuses[limit:]) == {429}
    locked = _attempt(client, WRONG)
    page = locked.content.decode()
    assert locked.status_code == 429
    assert "Too many failed logins" in page or "محاولات" in page
    assert "no-store" in locked["Cache-Control"]


def test_it_refuses_even_the_right_password_while_locked_out(client: Client, rima: Any,
                                                            rima_password: str) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _attempt(client, WRONG)
    assert _attempt(client, rima_password).status_code == 429
    assert client.get(reverse("web:person_list")).status_code == 302  # still not logged in


def test_it_locks_out_an_address_that_tries_many_accounts(client: Client, rima: Any,
                                                          django_user_model: Any) -> None:
    django_user_model.objects.create_user(username="omar", password="another long passphrase")
    for n in range(settings.AXES_FAILURE_LIMIT):
        _attempt(client, WRONG, username=f"guess{n}")
    assert _attempt(client, "another long passphrase", username="omar").status_code == 429


def test_it_lets_the_right_password_in_before_the_limit(client: Client, rima: Any, rima_password: str) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _attempt(client, WRONG)
    assert _attempt(client, rima_password).status_code == 302


def test_it_answers_the_lockout_in_arabic_by_default(client: Client, rima: Any) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _attempt(client, WRONG)
    page = _attempt(client, WRONG).content.decode()
    assert 'lang="ar"' in page
    assert "محاولات" in page


@pytest.mark.parametrize("password", ["123456789012345", "٠١٢٣٤٥٦٧٨٩٠١٢٣٤"])
def test_it_refuses_an_all_digit_password(password: str) -> None:
    with pytest.raises(ValidationError):
        validate_password(password)


def test_it_accepts_a_long_passphrase() -> None:
    validate_password("the olive tree by the well")  # raises if refused


def test_it_hashes_new_passwords_with_argon2() -> None:
    assert make_password("the olive tree by the well").startswith("argon2$")


def test_it_ends_the_session_when_the_browser_closes(client: Client, rima: Any, rima_password: str) -> None:
    _attempt(client, rima_password)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie.value
    assert not cookie["expires"] and not cookie["max-age"]  # a browser-session cookie


def test_it_ends_the_session_after_inactivity(client: Client, rima: Any, rima_password: str) -> None:
    _attempt(client, rima_password)
    assert client.get(reverse("web:person_list")).status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("web:person_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_each_request_moves_the_inactivity_deadline(client: Client, rima: Any, rima_password: str) -> None:
    _attempt(client, rima_password)
    Session.objects.update(expire_date=timezone.now() + timedelta(seconds=30))
    client.get(reverse("web:person_list"))
    expiry = Session.objects.get().expire_date
    idle = timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert timezone.now() + idle - timedelta(seconds=30) < expiry <= timezone.now() + idle
    assert settings.SESSION_COOKIE_AGE == 30 * 60  # the documented default
