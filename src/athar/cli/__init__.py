"""`athar`: the command line. Thin: each command parses its options and hands off.

Commands that need the database set Django up themselves (`athar.cli.django_setup`), so `athar link`
and `athar synth` run without one. Each command lives in its own module of this package, imported
only when that command runs (or `--help` lists them all): `athar link --against` matches one record
in well under a second, and importing every command (Django's models among them) would cost it a
fifth of that."""

from __future__ import annotations

import importlib
from collections.abc import MutableMapping
from typing import Any

import click

from athar import __version__
from athar.files import use_private_umask

# Each command's name → its module in this package (`command` in it). `athar --help` lists them
# sorted by name, as click does.
COMMAND_MODULES: dict[str, str] = {
    "init": "init",
    "import": "imports",
    "quarantine": "quarantine",
    "resolve": "resolve",
    "link": "link",
    "explain": "explain",
    "synth": "synth",
    "serve": "serve",
    "demo": "demo",
    "search": "search",
    "names": "names",
    "trace": "trace",
    "bench": "bench",
    "audit": "audit",
    "users": "users",
    "backup": "backup",
    "restore": "restore",
    "keys": "keys",
    "stats": "stats",
    "un": "un",
}


class LazyGroup(click.Group):
    """A group whose commands (COMMAND_MODULES) are imported when first asked for by name.
    `commands` imports them all (tests and the reference walk it)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._loaded: dict[str, click.Command] = {}
        super().__init__(*args, **kwargs)

    @property
    def commands(self) -> MutableMapping[str, click.Command]:
        for name in COMMAND_MODULES:
            self._load(name)
        return self._loaded

    @commands.setter
    def commands(self, value: MutableMapping[str, click.Command]) -> None:
        self._loaded.update(value)

    def _load(self, name: str) -> click.Command | None:
        if name not in self._loaded and name in COMMAND_MODULES:
            self._loaded[name] = importlib.import_module(f"athar.cli.{COMMAND_MODULES[name]}").command
        return self._loaded.get(name)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return self._load(cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMAND_MODULES, *self._loaded})


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="athar")
def main() -> None:
    """athar (أثر): trace the forcibly disappeared — registry, Arabic/Latin linkage, UN cases."""
    # Before any command writes: every file athar, SQLite or DuckDB creates is 0600 (athar.files).
    use_private_umask()
