"""How the CLI reports an expected failure: one line on stderr, a non-zero exit, no traceback.

Messages name files, rows and columns taken from the input (a header can hold anything), so they
go through `athar.cli.terminal.safe`: no control sequence from a file reaches the terminal."""

from __future__ import annotations

import click

from athar.cli.terminal import safe
from athar.errors import AtharError


def fail(error: AtharError | str, status: int = 2) -> None:
    click.echo(f"athar: error: {safe(str(error))}", err=True)
    raise SystemExit(status)
