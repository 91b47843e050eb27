"""Django app configuration of tracing requests and consent."""

from __future__ import annotations

from django.apps import AppConfig


class TracingConfig(AppConfig):
    name = "athar.tracing"
    label = "tracing"
    verbose_name = "Tracing requests and consent"
    default_auto_field = "django.db.models.BigAutoField"
