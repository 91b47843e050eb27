"""PDFs rendered to PNG (poppler's pdftoppm) in English and French, kept as artifacts under
artifacts/un/ (git-ignored) for a person to look at: the Arabic names must show joined and right to
left. What a test can check is checked here: the Arabic runs are set in Noto Naskh Arabic (embedded),
and the text layer gives the Arabic name in logical order, which poppler only recovers from runs laid
out right to left."""

from __future__ import annotations

import datetime
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from tests.un.documents import pdf_text

from athar.un.services import file_of, generate_communication

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "un"


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_pdf_renders_with_arabic_names_in_an_arabic_font(case_person: Any, language: str,
                                                             tmp_path: Path) -> None:
    if shutil.which("pdftoppm") is None or shutil.which("pdffonts") is None:
        pytest.skip("poppler-utils is not installed (apt-get install poppler-utils)")
    communication = generate_communication(case_person, "wgeid", language=language, with_arabic_summary=True,
                                           actor=None, today=datetime.date(2026, 12, 6))
    pdf = tmp_path / f"wgeid-{language}.pdf"
    pdf.write_bytes(file_of(communication, "pdf")[0])

    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Noto-Naskh-Arabic" in fonts
    text = pdf_text(pdf.read_bytes())
    assert "محمد أحمد الحسن" in text and "حاجز فرع فلسطين" in text

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    prefix = ARTIFACTS / f"wgeid-{language}"
    subprocess.run(["pdftoppm", "-r", "100", "-png", str(pdf), str(prefix)], check=True)
    pages = sorted(ARTIFACTS.glob(f"wgeid-{language}-*.png"))
    assert pages and all(p.stat().st_size > 10_000 for p in pages)
