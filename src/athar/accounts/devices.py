"""The two-factor devices of athar's accounts, built on django-otp's `Device` with their secrets
encrypted at rest (athar.encryption), so that a copied database file or a stolen backup cannot be
used to mint login codes.

django-otp's own TOTPDevice and StaticDevice keep the authenticator's secret and the recovery codes
in plain columns; these two models do the same work (through django-otp's public `Device`,
`ThrottlingMixin`, `TimestampMixin` and `oath.TOTP`) with the secrets in encrypted fields. django-otp
finds them like its own (`devices_for_user`, `login`, `OTPMiddleware`). Migration
accounts.0002 moved the devices an installation already had into them.

The recovery codes are not only encrypted but hashed (Argon2id, one salt per code): they are shown
once, when made, and nobody can read them back, not even with the key. Checking one is slower
(about 20 ms per stored code), which is why a token shaped like an authenticator code is never
checked against them.

Limits: the authenticator's secret is as safe as the encryption key: whoever holds the key and the
database can mint codes. An encrypted column cannot be searched, so a recovery code is checked
against the account's few hashes in Python, never looked up in SQL."""

from __future__ import annotations

import secrets
import time
from base64 import b32encode
from binascii import unhexlify
from typing import Any
from urllib.parse import quote, urlencode

import argon2
from django.conf import settings
from django.db import models
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.oath import TOTP

from athar.encryption import EncryptedJSONField, EncryptedTextField

RECOVERY_CODE_DIGITS = 10
# Codes moved from django-otp's StaticToken (migration 0002) may be 8 to 16 letters and digits; an
# authenticator code is 6 digits. Anything outside these lengths is never checked against the hashes.
RECOVERY_CODE_LENGTHS = range(8, 17)
# OWASP's minimum for Argon2id (19 MiB, two passes, one lane): an account's ten codes check in about
# 0.2 s, while trying the 10^10 possible codes against one stolen hash would take centuries. Lighter
# than the login password's hasher (Django's, 100 MiB) because a wrong code meets every stored hash.
_CODE_HASHER = argon2.PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)


def hash_recovery_code(code: str) -> str:
    """The Argon2id hash kept instead of `code` (its own random salt each time)."""
    return _CODE_HASHER.hash(code)


def is_recovery_code_hash(entry: str) -> bool:
    return entry.startswith("$argon2")


def _matches(stored: str, given: str) -> bool:
    try:
        return _CODE_HASHER.verify(stored, given)
    except (argon2.exceptions.VerificationError, argon2.exceptions.InvalidHashError):
        return False


def new_totp_key() -> str:
    """20 random bytes, hex-encoded (RFC 4226 recommends 160 bits)."""
    return secrets.token_hex(20)


class AuthenticatorDevice(TimestampMixin, ThrottlingMixin, Device):
    """An authenticator app (TOTP, RFC 6238: 6 digits, 30-second steps, SHA-1 as every app does).
    A code is accepted once: the next one must come from a later time step."""

    key = EncryptedTextField(default=new_totp_key, help_text="The shared secret, hex (encrypted at rest).")
    step = models.PositiveSmallIntegerField(default=30)
    t0 = models.BigIntegerField(default=0)
    digits = models.PositiveSmallIntegerField(default=6)
    tolerance = models.PositiveSmallIntegerField(default=1, help_text="Time steps accepted either side.")
    drift = models.SmallIntegerField(default=0, help_text="Time steps the phone's clock is known to be off.")
    last_t = models.BigIntegerField(default=-1, help_text="Time step of the last code accepted.")

    class Meta(Device.Meta):
        verbose_name = "authenticator"

    @property
    def bin_key(self) -> bytes:
        return unhexlify(self.key.encode("ascii"))

    def get_throttle_factor(self) -> int:
        return int(getattr(settings, "OTP_TOTP_THROTTLE_FACTOR", 1))

    def verify_token(self, token: Any) -> bool:
        allowed, _ = self.verify_is_allowed()
        if not allowed:
            return False
        try:
            code = int(token)
        except (TypeError, ValueError):
            code = -1
        totp = TOTP(self.bin_key, self.step, self.t0, self.digits, self.drift)
        totp.time = time.time()
        if code >= 0 and totp.verify(code, self.tolerance, self.last_t + 1):
            self.last_t = totp.t()
            self.drift = totp.drift
            self.throttle_reset(commit=False)
            self.set_last_used_timestamp(commit=False)
            self.save()
            return True
        self.throttle_increment(commit=True)
        return False

    @property
    def config_url(self) -> str:
        """The otpauth:// address an authenticator app reads from the QR code."""
        label = str(self.user.get_username())
        issuer = str(getattr(settings, "OTP_TOTP_ISSUER", "") or "").replace(":", "")
        params = {"secret": b32encode(self.bin_key).decode("ascii"), "algorithm": "SHA1",
                  "digits": self.digits, "period": self.step}
        if issuer:
            label = f"{issuer}:{label}"
            params["issuer"] = issuer
        return f"otpauth://totp/{quote(label)}?{urlencode(params, quote_via=quote)}"


class RecoveryCodeDevice(TimestampMixin, ThrottlingMixin, Device):
    """Single-use recovery codes, for the day the phone is lost. Each code works once. `codes` holds
    their hashes (`hash_recovery_code`), never the codes."""

    codes = EncryptedJSONField(default=list, help_text="The unused codes' Argon2id hashes (encrypted at rest).")

    class Meta(Device.Meta):
        verbose_name = "recovery codes"

    def get_throttle_factor(self) -> int:
        return int(getattr(settings, "OTP_STATIC_THROTTLE_FACTOR", 1))

    def verify_token(self, token: Any) -> bool:
        allowed, _ = self.verify_is_allowed()
        if not allowed:
            return False
        given = str(token)
        used = next((stored for stored in self.codes if _matches(stored, given)), None) \
            if len(given) in RECOVERY_CODE_LENGTHS else None
        if used is not None:
            self.codes = [stored for stored in self.codes if stored != used]
            self.throttle_reset(commit=False)
            self.set_last_used_timestamp(commit=False)
            self.save()
            return True
        self.throttle_increment(commit=True)
        return False

    @staticmethod
    def new_codes(count: int) -> list[str]:
        """`count` random codes of RECOVERY_CODE_DIGITS digits: shown to the user, stored hashed."""
        return [f"{secrets.randbelow(10 ** RECOVERY_CODE_DIGITS):0{RECOVERY_CODE_DIGITS}d}" for _ in range(count)]
