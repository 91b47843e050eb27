"""Django app configuration of accounts."""

from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "athar.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Logins, logouts and failed logins are audited through Django's own auth signals (the
        # login view is Django's); the receivers only write audit rows.
        from django.contrib.auth import signals

        from athar.accounts import login_audit

        signals.user_logged_in.connect(login_audit.on_login, dispatch_uid="athar.audit.login")
        signals.user_logged_out.connect(login_audit.on_logout, dispatch_uid="athar.audit.logout")
        signals.user_login_failed.connect(login_audit.on_login_failed, dispatch_uid="athar.audit.login_failed")
