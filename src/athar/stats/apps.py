"""Django app configuration of the analysts' statistics."""

from __future__ import annotations

from types import SimpleNamespace

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "athar.stats"
    label = "stats"
    verbose_name = "Statistics"

    @property
    def navigation(self) -> list[object]:
        from athar.accounts.roles import Capability

        # The shape of athar.web.navigation.NavItem; web sits above stats, so it is not imported.
        return [SimpleNamespace(url_name="stats:dashboard", label=_("Statistics"),
                                capability=Capability.VIEW_AGGREGATES, order=60),
                SimpleNamespace(url_name="stats:estimate", label=_("Estimate"),
                                capability=Capability.VIEW_AGGREGATES, order=61)]
