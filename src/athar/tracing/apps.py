"""Django app configuration of tracing requests and consent."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class _NavItem:
    """The shape athar.web.navigation reads (url_name, label, capability, order); declared here
    because tracing sits below web in the layers and may not import it."""

    url_name: str
    label: Any
    capability: Any
    order: int = 100


class TracingConfig(AppConfig):
    name = "athar.tracing"
    label = "tracing"
    verbose_name = "Tracing requests and consent"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # After every resolve, open requests are matched against the new persons (the registry
        # sends the signal; it may not import tracing).
        from athar.registry.signals import persons_resolved
        from athar.tracing.after_resolve import on_persons_resolved

        persons_resolved.connect(on_persons_resolved, dispatch_uid="athar.tracing.after_resolve")

    @property
    def navigation(self) -> list[_NavItem]:
        from athar.accounts.roles import Capability

        return [_NavItem("tracing:index", _("Tracing requests"), Capability.MANAGE_TRACING, order=30)]
