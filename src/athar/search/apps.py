"""Django app configuration of name search."""

from __future__ import annotations

from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "athar.search"
    label = "search"
    verbose_name = "Name search"
    default_auto_field = "django.db.models.BigAutoField"
