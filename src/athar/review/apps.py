"""Django app configuration of the review of matches."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    name = "athar.review"
    label = "review"
    verbose_name = "Review of matches"
    default_auto_field = "django.db.models.BigAutoField"

    @property
    def navigation(self) -> list[object]:
        """The queue's place in the site's navigation. Shaped like `athar.web.navigation.NavItem`
        (url_name, label, capability, order) without importing it: review sits below web."""
        from types import SimpleNamespace

        from athar.accounts.roles import Capability

        return [SimpleNamespace(url_name="review:index", label=_("Review matches"),
                                capability=Capability.REVIEW_MATCHES, order=30)]
