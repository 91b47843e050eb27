"""How the CLI reports an expected failure: one line on stderr, a non-zero exit, no traceback.

Messages name files, rows and columns taken from the input (a header can hold anything), so they
go through `athar.cli.terminal.safe`: no control sequence from a file reaches the terminal."""

from __future__ import annotations

from typing import NoReturn

import click

from athar.errors import AtharError


def fail(error: AtharError | str, status: int = 2) -> NoReturn:
    from athar.cli.terminal import printable

    click.echo(printable(f"athar: error: {error}"), err=True)
    raise SystemExit(status)
