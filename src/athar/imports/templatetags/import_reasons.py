"""`{{ problem.reason|reason_in_language }}`: a reader's reason in the page's language."""

from __future__ import annotations

from django import template

from athar.imports.reasons import reason_in_language

register = template.Library()
register.filter("reason_in_language", reason_in_language)
