"""Django app configuration of the registry."""

from __future__ import annotations

from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "athar.registry"
    label = "registry"
    verbose_name = "Case registry"
    default_auto_field = "django.db.models.BigAutoField"
