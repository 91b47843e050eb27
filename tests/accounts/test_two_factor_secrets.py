"""The secrets of two-factor login — an authenticator's key, the recovery codes — are encrypted at
rest: a copied database file or backup cannot mint a code; the recovery codes are hashed as well, so
not even the key reads them back. Devices made before (django-otp's own models, secrets in the
clear; then recovery codes encrypted but not hashed) are moved into athar's and keep working."""

from __future__ import annotations

import importlib
import re

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP, totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from tests.factories import CAST_PASSWORD, make_user

from athar.accounts.devices import AuthenticatorDevice, RecoveryCodeDevice, is_recovery_code_hash

pytestmark = [pytest.mark.django_db, pytest.mark.two_factor]
migration = importlib.import_module("athar.accounts.migrations.0002_two_factor_secrets_encrypted")
hashing = importlib.import_module("athar.accounts.migrations.0003_recovery_codes_hashed")


def _stored(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608 — fixed names
        return str(cursor.fetchone()[0])


def _code(key: bytes) -> str:
    return f"{totp(key):06d}"


def _set_up(client: Client, username: str) -> tuple[AuthenticatorDevice, list[str]]:
    make_user(username, "caseworker")
    client.post(reverse("login"), {"username": username, "password": CAST_PASSWORD})
    client.get(reverse("accounts:two_factor"))
    device = AuthenticatorDevice.objects.get(user__username=username)
    client.post(reverse("accounts:two_factor"), {"code": _code(device.bin_key)})
    codes = re.findall(r"<li>(\d{10})</li>", client.get(reverse("accounts:recovery_codes")).content.decode())
    client.post(reverse("logout"))
    return device, codes


def test_the_authenticator_key_and_recovery_codes_are_stored_encrypted(client: Client) -> None:
    device, codes = _set_up(client, "rima")
    stored_key = _stored("accounts_authenticatordevice", "key", device.pk)
    assert stored_key.startswith("enc1:") and device.key not in stored_key and len(device.key) == 40
    recovery = RecoveryCodeDevice.objects.get(user__username="rima")
    stored_codes = _stored("accounts_recoverycodedevice", "codes", recovery.pk)
    assert len(codes) == 10 and stored_codes.startswith("enc1:")
    assert not any(code in stored_codes for code in codes)
    assert not TOTPDevice.objects.exists() and not StaticToken.objects.exists()


def test_the_page_shows_the_secret_for_the_phone_while_setting_up(client: Client) -> None:
    make_user("rima", "caseworker")
    client.post(reverse("login"), {"username": "rima", "password": CAST_PASSWORD})
    page = client.get(reverse("accounts:two_factor")).content.decode()
    device = AuthenticatorDevice.objects.get(user__username="rima")
    assert device.config_url.startswith("otpauth://totp/athar%3Arima?secret=")
    assert "<svg" in page and device.config_url.split("secret=")[1].split("&")[0][:8] in page.replace(" ", "")


def test_a_code_is_accepted_once_and_a_wrong_one_counts_against_the_device(client: Client) -> None:
    device, _ = _set_up(client, "rima")
    device.refresh_from_db()
    # The code that confirmed it, for the time step it was accepted in (not "now": on a loaded
    # machine the next 30-second step may have begun, and its code is a new one): used.
    confirmed = TOTP(device.bin_key, device.step, device.t0, device.digits)
    confirmed.time = device.t0 + device.last_t * device.step
    assert not device.verify_token(f"{confirmed.token():06d}")
    assert device.throttling_failure_count == 1
    assert not device.verify_token("not digits")


def test_each_recovery_code_works_once(client: Client) -> None:
    _, codes = _set_up(client, "rima")
    recovery = RecoveryCodeDevice.objects.get(user__username="rima")
    assert recovery.verify_token(codes[3]) and not recovery.verify_token(codes[3])
    recovery.refresh_from_db()
    assert len(recovery.codes) == 9 and codes[3] not in recovery.codes
    recovery.throttle_reset()  # the second try above counted as a failure
    assert recovery.verify_token(codes[0])


def test_recovery_codes_are_kept_as_hashes_only(client: Client) -> None:
    _, codes = _set_up(client, "rima")
    recovery = RecoveryCodeDevice.objects.get(user__username="rima")
    assert len(recovery.codes) == len(set(recovery.codes)) == 10
    assert all(stored.startswith("$argon2id$") and is_recovery_code_hash(stored) for stored in recovery.codes)
    assert not any(code in stored for code in codes for stored in recovery.codes)


def test_an_authenticator_shaped_or_wrong_token_uses_no_recovery_code(client: Client) -> None:
    _, codes = _set_up(client, "rima")
    recovery = RecoveryCodeDevice.objects.get(user__username="rima")
    before = list(recovery.codes)
    assert not recovery.verify_token(codes[0][:6])  # six digits: an authenticator's code, not checked
    recovery.throttle_reset()
    assert not recovery.verify_token("0" * 10 if codes[0] != "0" * 10 else "1" * 10)
    recovery.refresh_from_db()
    assert recovery.codes == before and recovery.throttling_failure_count == 1


def test_devices_made_before_are_moved_and_keep_working(client: Client) -> None:
    rima = make_user("rima", "caseworker")
    old = TOTPDevice.objects.create(user=rima, name="authenticator", confirmed=True)
    static = StaticDevice.objects.create(user=rima, name="recovery codes", confirmed=True)
    StaticToken.objects.bulk_create([StaticToken(device=static, token=t) for t in ("1234567890", "5555555555")])
    migration.move_devices(apps, None)
    assert not TOTPDevice.objects.exists() and not StaticDevice.objects.exists()
    moved = AuthenticatorDevice.objects.get(user=rima)
    assert moved.key == old.key and moved.confirmed
    assert RecoveryCodeDevice.objects.get(user=rima).codes == ["1234567890", "5555555555"]
    migration.move_devices_back(apps, None)  # 0002 undone before 0003 ran: the codes as they were
    assert sorted(StaticToken.objects.values_list("token", flat=True)) == ["1234567890", "5555555555"]
    AuthenticatorDevice.objects.all().delete()  # what undoing 0002's tables does
    RecoveryCodeDevice.objects.all().delete()
    migration.move_devices(apps, None)
    hashing.hash_codes(apps, None)
    stored = RecoveryCodeDevice.objects.get(user=rima).codes
    assert len(stored) == 2 and all(is_recovery_code_hash(code) for code in stored)
    hashing.hash_codes(apps, None)  # hashes are not hashed again
    assert RecoveryCodeDevice.objects.get(user=rima).codes == stored
    moved = AuthenticatorDevice.objects.get(user=rima)
    client.post(reverse("login"), {"username": "rima", "password": CAST_PASSWORD})
    response = client.post(reverse("accounts:two_factor"), {"code": _code(old.bin_key)})
    assert response.status_code == 302 and client.get(reverse("web:person_list")).status_code == 200
    client.post(reverse("logout"))
    client.post(reverse("login"), {"username": "rima", "password": CAST_PASSWORD})
    assert client.post(reverse("accounts:two_factor"), {"code": "5555555555"}).status_code == 302
    assert not RecoveryCodeDevice.objects.get(user=rima).verify_token("5555555555")  # used once
    hashing.forget_codes(apps, None)  # a hash cannot go back to its code: going back removes them
    assert not RecoveryCodeDevice.objects.exists() and AuthenticatorDevice.objects.filter(user=rima).exists()
    TOTPDevice.objects.all().delete()
    migration.move_devices_back(apps, None)
    assert TOTPDevice.objects.get(user=rima).key == old.key and not StaticToken.objects.exists()


