"""DOCX through python-docx. Arabic runs are marked right-to-left (w:rtl) and get a complex-script
font (w:cs, Noto Naskh Arabic), so Word and LibreOffice shape and order them; a value that is mainly
Arabic gets a right-to-left paragraph (w:bidi) as well."""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from athar.un.render.scripts import is_mainly_arabic, script_runs

LATIN_FONT = "Noto Sans"
ARABIC_FONT = "Noto Naskh Arabic"


def _add_text(paragraph: Paragraph, text: str, *, bold: bool = False) -> None:
    for segment, is_arabic in script_runs(text):
        run = paragraph.add_run(segment)
        run.bold = bold
        run.font.name = LATIN_FONT
        r_pr = run._element.get_or_add_rPr()
        fonts = r_pr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            r_pr.insert(0, fonts)
        fonts.set(qn("w:cs"), ARABIC_FONT)
        if is_arabic:
            run.font.rtl = True
            r_pr.append(_lang_bidi())
            if bold:
                r_pr.append(OxmlElement("w:bCs"))
    if is_mainly_arabic(text):
        p_pr = paragraph._element.get_or_add_pPr()
        p_pr.append(OxmlElement("w:bidi"))


def _lang_bidi() -> Any:
    lang = OxmlElement("w:lang")
    lang.set(qn("w:bidi"), "ar-SY")
    return lang


def render_docx(payload: dict[str, Any]) -> bytes:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = LATIN_FONT
    style.font.size = Pt(10.5)
    heading = document.add_heading(level=1)
    _add_text(heading, payload["title"])
    about = document.add_paragraph()
    _add_text(about, f"{payload['about_label']}: ", bold=True)
    _add_text(about, payload["about"])
    notice = document.add_paragraph()
    _add_text(notice, payload["confidential_notice"])
    for section in payload["sections"]:
        _add_text(document.add_heading(level=2), section["title"])
        table = document.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for field in section["fields"]:
            label_cell, value_cell = table.add_row().cells
            _add_text(label_cell.paragraphs[0], field["label"], bold=True)
            display = field["display"]
            lines = display if isinstance(display, list) else str(display).split("\n")
            for index, line in enumerate(lines):
                paragraph = value_cell.paragraphs[0] if index == 0 else value_cell.add_paragraph()
                _add_text(paragraph, line)
    summary = payload.get("arabic_summary")
    if summary:
        _add_text(document.add_heading(level=2), summary["title"])
        for line in summary["text"].split("\n"):
            _add_text(document.add_paragraph(), line)
    footer = document.sections[0].footer.paragraphs[0]
    _add_text(footer, f"{payload['person_id']} · {payload['mechanism'].upper()} · {payload['generated_on']}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
