"""Text from the registry printed to a terminal. A source name, a user name or a file's cell may
carry control characters (ESC sequences can rewrite the screen, hide lines or set the window
title): they are shown as visible escapes instead of being obeyed."""

from __future__ import annotations

import unicodedata


def safe(text: str) -> str:
    """`text` with control and format characters other than the bidi marks replaced by `\\xNN` /
    `\\uNNNN`. Arabic letters, combining marks and the right-to-left/left-to-right marks stay."""
    out = []
    for char in text:
        category = unicodedata.category(char)
        if category == "Cc" or (category == "Cf" and char not in "\u200e\u200f\u200c\u200d"):
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)
