"""`athar bench`: benchmarks that print numbers (never timed tests). Results go to docs/benchmarks.md."""

from __future__ import annotations

import click

from athar.cli.bench_linkage import command as linkage_command
from athar.cli.bench_mse import command as mse_command
from athar.cli.bench_names import command as names_command
from athar.cli.bench_search import command as search_command


@click.group("bench")
def command() -> None:
    """Measure speed, memory and accuracy; print the numbers and the command that made them."""


command.add_command(linkage_command)
command.add_command(names_command)
command.add_command(mse_command)
command.add_command(search_command)
