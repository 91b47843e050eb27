"""The site's navigation, built from what each app declares and what the user may do.

An app lists its pages in its AppConfig as `navigation = [NavItem(...), ...]`; the context
processor shows a user only the items whose capability they hold. Apps add pages without editing
base.html, and a link is never shown to someone the server would refuse (the server still checks:
a hidden link is not a permission)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.http import HttpRequest
from django.urls import reverse

from athar.accounts.navigation import NavItem
from athar.accounts.permissions import role_of
from athar.accounts.roles import ROLE_CAPABILITIES, Capability

__all__ = ["NavItem", "navigation"]


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Template context: `nav_items` (label, url, is_current) and `can`, the user's capabilities as
    a dict of booleans (`{% if can.review_matches %}`)."""
    role = role_of(getattr(request, "user", None))
    held = ROLE_CAPABILITIES[role] if role is not None else frozenset()
    items: list[NavItem] = []
    for config in apps.get_app_configs():
        items.extend(getattr(config, "navigation", ()))
    shown = []
    for item in sorted(items, key=lambda i: (i.order, str(i.url_name))):
        if item.capability in held:
            url = reverse(item.url_name)
            shown.append({"label": item.label, "url": url, "is_current": request.path.startswith(url) and url != "/"
                          or request.path == url})
    return {"nav_items": shown, "can": {str(c): c in held for c in Capability}}
