"""`mark_scripts`: wrap the Arabic parts of a value in `<span dir="rtl" lang="ar">` so the PDF (and
pages) shape and order them right to left with an Arabic font, whatever the surrounding language."""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from athar.un.render.scripts import script_runs

register = template.Library()


@register.filter
def mark_scripts(value: object) -> SafeString:
    parts = []
    for segment, is_arabic in script_runs(str(value)):
        if is_arabic:
            parts.append(format_html('<span class="ar" dir="rtl" lang="ar">{}</span>', segment))
        else:
            parts.append(format_html("{}", segment))
    return format_html_join("", "{}", ((p,) for p in parts))
