"""A page an app offers in the site's navigation, shown to users holding `capability`.

Declared by each app in its AppConfig (`navigation` property) and collected by
athar.web.navigation; it lives here, low in the layers, so that every app can declare its pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from athar.accounts.roles import Capability


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: Any  # a lazy translation (gettext_lazy)
    capability: Capability
    order: int = 100
