"""Two-factor login: required for roles that read personal data, set up with an authenticator,
passed with a code or a single-use recovery code, every step audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from tests.factories import CAST_PASSWORD, make_user

from athar.accounts.devices import AuthenticatorDevice
from athar.audit.models import AuditEvent

pytestmark = [pytest.mark.django_db, pytest.mark.two_factor]


def _login(client: Client, username: str) -> Any:
    return client.post(reverse("login"), {"username": username, "password": CAST_PASSWORD})


def _code(device: AuthenticatorDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_a_caseworker_is_sent_to_set_up_a_second_factor(client: Client) -> None:
    make_user("rima", "caseworker")
    _login(client, "rima")
    response = client.get(reverse("web:person_list"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:two_factor")
    page = client.get(reverse("accounts:two_factor")).content.decode()
    assert "<svg" in page  # the QR code, drawn here: the secret never goes to a third-party service


def test_an_analyst_needs_no_second_factor(client: Client) -> None:
    make_user("sami", "analyst")
    _login(client, "sami")
    response = client.get(reverse("web:person_list"))
    assert response.status_code == 403  # reached the page (and was refused): not sent to 2FA


def test_setting_up_confirms_the_device_and_shows_ten_recovery_codes_once(client: Client) -> None:
    rima = make_user("rima", "caseworker")
    _login(client, "rima")
    client.get(reverse("accounts:two_factor"))
    device = AuthenticatorDevice.objects.get(user=rima)
    response = client.post(reverse("accounts:two_factor"), {"code": _code(device)})
    assert response["Location"] == reverse("accounts:recovery_codes")
    page = client.get(reverse("accounts:recovery_codes")).content.decode()
    assert page.count("<li>") == 10
    assert client.get(reverse("accounts:recovery_codes")).status_code == 302  # gone after one showing
    assert client.get(reverse("web:person_list")).status_code == 200
    assert AuditEvent.objects.filter(action="user_admin", details__change="two_factor_enabled").count() == 1


def _set_up(client: Client, username: str) -> tuple[Any, list[str]]:
    user = make_user(username, "caseworker")
    _login(client, username)
    client.get(reverse("accounts:two_factor"))
    device = AuthenticatorDevice.objects.get(user=user)
    client.post(reverse("accounts:two_factor"), {"code": _code(device)})
    page = client.get(reverse("accounts:recovery_codes")).content.decode()
    import re

    codes = re.findall(r"<li>(\d{10})</li>", page)
    client.post(reverse("logout"))
    return user, codes


def test_a_wrong_code_keeps_the_door_shut_and_is_audited(client: Client) -> None:
    _set_up(client, "rima")
    _login(client, "rima")
    response = client.post(reverse("accounts:two_factor"), {"code": "000000"})
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    assert client.get(reverse("web:person_list")).status_code == 302
    assert AuditEvent.objects.filter(action="login_failed", details__second_factor=True).exists()


def test_a_recovery_code_works_once(client: Client) -> None:
    _, codes = _set_up(client, "rima")
    _login(client, "rima")
    assert client.post(reverse("accounts:two_factor"), {"code": codes[0]}).status_code == 302
    assert client.get(reverse("web:person_list")).status_code == 200
    client.post(reverse("logout"))
    _login(client, "rima")
    assert client.post(reverse("accounts:two_factor"), {"code": codes[0]}).status_code == 200  # used up


def test_the_api_refuses_a_session_without_its_second_factor(client: Client) -> None:
    make_user("rima", "caseworker")
    _login(client, "rima")
    assert client.get("/api/schema/").status_code in {401, 403}


def test_logins_and_failed_logins_are_audited_without_the_typed_name(client: Client) -> None:
    make_user("rima", "caseworker")
    client.post(reverse("login"), {"username": "محمد الحسن", "password": "wrong"})
    failed = AuditEvent.objects.get(action="login_failed")
    assert failed.details == {"known_account": False} and "محمد" not in str(failed.__dict__)
    _login(client, "rima")
    assert AuditEvent.objects.filter(action="login", actor__username="rima").exists()


def test_a_user_makes_an_api_token_after_the_second_factor_and_sees_it_once(client: Client) -> None:
    from rest_framework.authtoken.models import Token

    _, codes = _set_up(client, "rima")
    _login(client, "rima")
    assert client.get(reverse("accounts:api_token")).status_code == 302  # not before the second factor
    client.post(reverse("accounts:two_factor"), {"code": codes[1]})
    page = client.post(reverse("accounts:api_token")).content.decode()
    key = Token.objects.get(user__username="rima").key
    assert key in page
    assert key not in client.get(reverse("accounts:api_token")).content.decode()
    assert client.get("/api/schema/", headers={"Authorization": f"Token {key}"}).status_code == 200
