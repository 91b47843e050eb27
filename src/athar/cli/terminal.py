"""Text from the data, made safe to print on a terminal.

A source name, a column header or a name typed into a list can carry terminal control sequences
(`ESC ]` to rewrite the window title or inject a link, `ESC [2J` to clear the screen, a carriage
return to overwrite the line before it, a backspace to hide characters) or Unicode direction
overrides that reorder what is shown (U+202E makes `fdp.exe` read as `exe.pdf`). `printable`
replaces control characters with U+FFFD (visible, so nothing is silently dropped) and removes the
direction embeddings, overrides and isolates. Arabic's own marks (U+200E, U+200F, U+061C) stay: they
only set the direction of neutral characters and cannot reorder a line.

Limits: only for what goes to a terminal. Files athar writes keep values verbatim (CSV outputs are
neutralised against spreadsheet formulas instead, athar.interchange.write)."""

from __future__ import annotations

import re

__all__ = ["printable"]

REPLACEMENT = "\ufffd"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # C0 (tab and newline included), DEL, C1 (8-bit CSI)
_DIRECTION_OVERRIDES = re.compile(r"[\u202a-\u202e\u2066-\u2069]")


def printable(text: object) -> str:
    """`text` with control characters replaced by U+FFFD and direction overrides removed."""
    return _CONTROL.sub(REPLACEMENT, _DIRECTION_OVERRIDES.sub("", str(text)))
