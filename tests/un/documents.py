"""Reading generated documents back as text, for the tests."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from docx import Document

BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return normalise("\n".join(parts))


def pdf_text(data: bytes) -> str:
    """pdftotext (poppler) gives Arabic in logical order; pypdf is the cross-check for Latin text.
    Where Debian's poppler-utils is not installed the test skips and says so, as the browser tests
    do without Chromium (.ci/run installs both)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler's pdftotext is not installed (apt-get install poppler-utils)")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "c.pdf"
        path.write_bytes(data)
        result = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return normalise(result.stdout.decode("utf-8"))


def pypdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return normalise(" ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages))


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", BIDI_CONTROLS.sub("", text))
