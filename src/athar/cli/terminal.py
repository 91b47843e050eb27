"""Text for a terminal. Values that come from files (a column name, a source name, a file name) may
carry escape sequences that retitle the window, move the cursor or hide what follows; they reach
the terminal only through `printable`, which drops control and direction-override characters."""

from __future__ import annotations

import re

import click

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: object) -> str:
    """`text` without control characters (tab and newline kept) or bidi overrides."""
    return _CONTROL.sub("", str(text))


def echo(text: object = "", *, err: bool = False) -> None:
    click.echo(printable(text), err=err)
