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


def printable(text: object) -> str:
    """`safe`, keeping the line breaks and tabs of athar's own output (a value's own tabs and
    newlines are harmless: they move the cursor as any text does, they do not command the terminal)."""
    return "\n".join("\t".join(safe(part) for part in line.split("\t")) for line in str(text).split("\n"))


def echo(text: object = "", *, err: bool = False) -> None:
    """click.echo through `printable`: for lines that carry a file name, a column or a source."""
    import click

    click.echo(printable(text), err=err)
