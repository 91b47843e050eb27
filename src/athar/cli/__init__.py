"""`athar`: the command line. Thin: each command parses its options and hands off.

Commands that need the database set Django up themselves (`athar.cli.django_setup`), so `athar link`
and `athar synth` run without one. Each command lives in its own module of this package."""

from __future__ import annotations

import click

from athar import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="athar")
def main() -> None:
    """athar (أثر): trace the forcibly disappeared — registry, Arabic/Latin linkage, UN cases."""


def _register() -> None:
    from athar.cli import audit, bench, demo, explain, imports, link, resolve, search, serve, synth, trace

    for module in (imports, resolve, link, explain, synth, serve, demo, search, bench, audit, trace):
        main.add_command(module.command)


_register()
