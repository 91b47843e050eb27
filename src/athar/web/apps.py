"""Django app configuration of the web project (templates, static files, the person pages)."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "athar.web"
    label = "web"
    verbose_name = "Web"

    @property
    def navigation(self) -> list[object]:
        from athar.accounts.navigation import NavItem
        from athar.accounts.roles import Capability

        return [NavItem("web:person_list", _("Persons"), Capability.VIEW_RECORDS, order=10),
                NavItem("web:case_new", _("New case"), Capability.EDIT_CASES, order=11)]
