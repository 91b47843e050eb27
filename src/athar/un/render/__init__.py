"""Renderers of a communication payload (athar.un.payload) to the formats sent to the UN."""

from athar.un.render.docx import render_docx
from athar.un.render.json import render_json
from athar.un.render.pdf import render_pdf

__all__ = ["render_docx", "render_json", "render_pdf"]
