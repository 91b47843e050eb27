"""Django app configuration of the analysts' statistics."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "athar.stats"
    label = "stats"
    verbose_name = "Statistics"

    @property
    def navigation(self) -> list[object]:
        from athar.accounts.navigation import NavItem
        from athar.accounts.roles import Capability

        return [NavItem("stats:dashboard", _("Statistics"), Capability.VIEW_AGGREGATES, order=60),
                NavItem("stats:estimate", _("Estimate"), Capability.VIEW_AGGREGATES, order=61)]
