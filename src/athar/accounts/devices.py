"""The two-factor devices of athar's accounts, built on django-otp's `Device` with their secrets
encrypted at rest (athar.encryption), so that a copied database file or a stolen backup cannot be
used to mint login codes.

django-otp's own TOTPDevice and StaticDevice keep the authenticator's secret and the recovery codes
in plain columns; these two models do the same work (through django-otp's public `Device`,
`ThrottlingMixin`, `TimestampMixin` and `oath.TOTP`) with the secrets in encrypted fields. django-otp
finds them like its own (`devices_for_user`, `login`, `OTPMiddleware`). Migration
accounts.0002 moved the devices an installation already had into them.

Limits: the secrets are as safe as the encryption key: whoever holds the key and the database can
mint codes. An encrypted column cannot be searched, so a recovery code is checked against the
account's few codes in Python (in constant time), never looked up in SQL."""

from __future__ import annotations

import hmac
import secrets
import time
from base64 import b32encode
from binascii import unhexlify
from typing import Any
from urllib.parse import quote, urlencode

from django.conf import settings
from django.db import models
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.oath import TOTP

from athar.encryption import EncryptedJSONField, EncryptedTextField

RECOVERY_CODE_DIGITS = 10


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
    """Single-use recovery codes, for the day the phone is lost. Each code works once."""

    codes = EncryptedJSONField(default=list, help_text="The unused codes (encrypted at rest).")

    class Meta(Device.Meta):
        verbose_name = "recovery codes"

    def get_throttle_factor(self) -> int:
        return int(getattr(settings, "OTP_STATIC_THROTTLE_FACTOR", 1))

    def verify_token(self, token: Any) -> bool:
        allowed, _ = self.verify_is_allowed()
        if not allowed:
            return False
        given = str(token).encode("utf-8")
        # Compare with every code, each in constant time, so the time taken says nothing.
        matches = [code for code in self.codes if hmac.compare_digest(code.encode("utf-8"), given)]
        if matches:
            self.codes = [code for code in self.codes if code != matches[0]]
            self.throttle_reset(commit=False)
            self.set_last_used_timestamp(commit=False)
            self.save()
            return True
        self.throttle_increment(commit=True)
        return False

    @staticmethod
    def new_codes(count: int) -> list[str]:
        return [f"{secrets.randbelow(10 ** RECOVERY_CODE_DIGITS):0{RECOVERY_CODE_DIGITS}d}" for _ in range(count)]
