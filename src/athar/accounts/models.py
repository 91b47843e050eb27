"""An account's role. Django's own User keeps the credentials; `Account` adds what athar needs."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from athar.accounts.devices import AuthenticatorDevice, RecoveryCodeDevice
from athar.accounts.roles import Role

__all__ = ["Account", "AuthenticatorDevice", "RecoveryCodeDevice"]


class Account(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account")
    role = models.CharField(max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"account of user {self.user_id} ({self.role})"
