"""Django app configuration of the administration pages (no models)."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdministrationConfig(AppConfig):
    name = "athar.administration"
    label = "administration"
    verbose_name = "Administration"

    @property
    def navigation(self) -> list[object]:
        from athar.accounts.navigation import NavItem
        from athar.accounts.roles import Capability

        return [
            NavItem("administration:users", _("Accounts"), Capability.MANAGE_USERS, order=80),
            NavItem("administration:sources", _("Sources"), Capability.MANAGE_SOURCES, order=81),
            NavItem("administration:audit", _("Audit log"), Capability.VIEW_AUDIT, order=82),
        ]
