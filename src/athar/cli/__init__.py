"""`athar`: the command line. Thin: each command parses its options and hands off.

Commands that need the database set Django up themselves (`athar.cli.django_setup`), so `athar link`
and `athar synth` run without one. Each command lives in its own module of this package."""

from __future__ import annotations

import click

from athar import __version__
from athar.files import use_private_umask


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="athar")
def main() -> None:
    """athar (أثر): trace the forcibly disappeared — registry, Arabic/Latin linkage, UN cases."""
    # Before any command writes: every file athar, SQLite or DuckDB creates is 0600 (athar.files).
    use_private_umask()


# One command module per line, in the order `athar --help` lists them.
COMMAND_MODULES = (
    "init",
    "imports",
    "quarantine",
    "resolve",
    "link",
    "explain",
    "synth",
    "serve",
    "demo",
    "search",
    "names",
    "trace",
    "bench",
    "audit",
    "users",
    "backup",
    "restore",
    "keys",
    "stats",
    "un",
)


def _register() -> None:
    import importlib

    for name in COMMAND_MODULES:
        main.add_command(importlib.import_module(f"athar.cli.{name}").command)


_register()
