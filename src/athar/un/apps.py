"""Django app configuration of UN communications."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnConfig(AppConfig):
    name = "athar.un"
    label = "un"
    verbose_name = "UN communications"
    default_auto_field = "django.db.models.BigAutoField"

    @property
    def navigation(self) -> list[object]:
        from athar.accounts.navigation import NavItem
        from athar.accounts.roles import Capability

        return [NavItem("un:due", _("UN submissions"), Capability.MANAGE_SUBMISSIONS, order=40)]
