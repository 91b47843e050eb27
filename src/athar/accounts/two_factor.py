"""Two-factor login: a TOTP authenticator app (RFC 6238, through django-otp) and ten single-use
recovery codes for the day the phone is lost.

Required for every role that reads personal data (all roles but the analyst) unless the installation
turns it off (ATHAR_REQUIRE_2FA=false, which `athar demo` does for its synthetic data). The
authenticator's secret and the recovery codes are stored encrypted (athar.accounts.devices)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user, user_has_device

from athar.accounts.devices import AuthenticatorDevice, RecoveryCodeDevice, hash_recovery_code
from athar.accounts.permissions import role_of
from athar.accounts.roles import ROLE_CAPABILITIES, Capability
from athar.audit.models import Action
from athar.audit.services import record_event

RECOVERY_CODES = 10
TOTP_DEVICE_NAME = "authenticator"
RECOVERY_DEVICE_NAME = "recovery codes"


def is_required(user: Any) -> bool:
    """Whether this user must pass a second factor: anyone whose role reads personal data."""
    if not getattr(settings, "ATHAR_REQUIRE_2FA", True):
        return False
    role = role_of(user)
    return role is not None and Capability.VIEW_RECORDS in ROLE_CAPABILITIES[role]


def has_confirmed_device(user: Any) -> bool:
    return user_has_device(user, confirmed=True)


def pending_totp_device(user: Any) -> AuthenticatorDevice:
    """The user's unconfirmed authenticator (created on first call): shown as a QR code until the
    first code from it is entered."""
    device = AuthenticatorDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    return device or AuthenticatorDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)


@transaction.atomic
def confirm_totp(user: Any, device: AuthenticatorDevice, token: str, *, request: Any = None) -> list[str] | None:
    """Confirm the authenticator with its first code. Returns the new recovery codes (shown once;
    only the device keeps them), or None when the code is wrong."""
    if device.user_id != user.pk or device.confirmed or not device.verify_token(token.strip().replace(" ", "")):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    AuthenticatorDevice.objects.filter(user=user).exclude(pk=device.pk).delete()  # an older, abandoned setup
    codes = _new_recovery_codes(user)
    record_event(actor=user, action=Action.USER_ADMIN, target_type="user", target_id=user.pk, request=request,
                 details={"change": "two_factor_enabled"})
    return codes


def _new_recovery_codes(user: Any) -> list[str]:
    RecoveryCodeDevice.objects.filter(user=user).delete()
    codes = RecoveryCodeDevice.new_codes(RECOVERY_CODES)
    RecoveryCodeDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True,
                                      codes=[hash_recovery_code(code) for code in codes])
    return codes


def verify_second_factor(user: Any, token: str) -> Any:
    """The device that accepts `token` (an authenticator code or an unused recovery code), else
    None. Each device throttles repeated failures (django-otp)."""
    token = token.strip().replace(" ", "")
    if not token:
        return None
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if device.verify_token(token):
                return device
    return None


@transaction.atomic
def reset_two_factor(user: Any, *, actor: Any, request: Any = None) -> None:
    """Remove a user's devices (a lost phone): the next login sets up a new authenticator."""
    from athar.accounts.permissions import check_capability

    check_capability(actor, Capability.MANAGE_USERS, request=request, target_type="user", target_id=user.pk)
    for device in devices_for_user(user, confirmed=None):
        device.delete()
    record_event(actor=actor, action=Action.USER_ADMIN, target_type="user", target_id=user.pk, request=request,
                 details={"change": "two_factor_reset"})
