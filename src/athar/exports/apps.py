"""Django app configuration of exports."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    name = "athar.exports"
    label = "exports"
    verbose_name = "Exports"
    default_auto_field = "django.db.models.BigAutoField"

    @property
    def navigation(self) -> list[object]:
        from athar.accounts.navigation import NavItem
        from athar.accounts.roles import Capability

        return [NavItem("exports:index", _("Exports"), Capability.EXPORT_RECORDS, order=60)]
