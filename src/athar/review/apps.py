"""Django app configuration of the review of matches."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _classify_for_job(batch_id: int, actor: Any, report: Callable[[str], None]) -> dict[str, Any]:
    # Imported when used: the linker (DuckDB, Splink) takes a second to load, which every command
    # would pay at start-up otherwise.
    from athar.review.incoming import classify_for_job

    return classify_for_job(batch_id, actor, report)


class ReviewConfig(AppConfig):
    name = "athar.review"
    label = "review"
    verbose_name = "Review of matches"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # An import's new records are classified (matched / uncertain / new) when its job ends.
        from athar.imports.jobs import register_after_import

        register_after_import(_classify_for_job)

    @property
    def navigation(self) -> list[object]:
        """The queue's place in the site's navigation. Shaped like `athar.web.navigation.NavItem`
        (url_name, label, capability, order) without importing it: review sits below web."""
        from types import SimpleNamespace

        from athar.accounts.roles import Capability

        return [SimpleNamespace(url_name="review:index", label=_("Review matches"),
                                capability=Capability.REVIEW_MATCHES, order=30)]
