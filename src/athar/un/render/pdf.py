"""PDF through WeasyPrint: the payload rendered by the template `un/communication_pdf.html`. Text
is laid out by Pango, which joins Arabic letters and orders Arabic runs right to left; the Arabic
parts are marked (`mark_scripts`) so they get an Arabic font (Noto Naskh Arabic, from Debian's
fonts-noto-core) rather than a fallback that may lack the shapes. No network access: the template
references no external resource."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string


def render_pdf(payload: dict[str, Any]) -> bytes:
    from weasyprint import HTML  # type: ignore[import-untyped]  # imported here: loading Pango costs time every other command would pay

    html = render_to_string("un/communication_pdf.html", {"p": payload})
    return HTML(string=html, base_url=None).write_pdf()
