"""Splitting mixed text into Arabic and non-Arabic runs, so each renderer can mark the Arabic parts
right-to-left with an Arabic font ("Branch 215 — فرع فلسطين (source: ...)" is one line, two scripts)."""

from __future__ import annotations

import re

# Arabic letters and marks (Arabic, Supplement, Extended-A, Presentation Forms), with the spaces and
# Arabic punctuation between them, form one run; digits and Latin text stay outside.
_ARABIC_RUN = re.compile(
    r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]"
    r"(?:[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF\s\u060C\u061B\u061F.,-]*"
    r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF])?")


def script_runs(text: str) -> list[tuple[str, bool]]:
    """[(segment, is_arabic), ...] covering `text` in order."""
    runs: list[tuple[str, bool]] = []
    position = 0
    for match in _ARABIC_RUN.finditer(text):
        if match.start() > position:
            runs.append((text[position:match.start()], False))
        runs.append((match.group(0), True))
        position = match.end()
    if position < len(text):
        runs.append((text[position:], False))
    return runs


def is_mainly_arabic(text: str) -> bool:
    arabic = sum(len(s) for s, is_ar in script_runs(text) if is_ar)
    return arabic > 0 and arabic * 2 >= len(text.strip())
