"""The command reference (docs/cli.md), generated from the command line itself so that the two
never disagree: `python -m athar.cli.reference > docs/cli.md` (also `make docs`); a test fails
when the file is out of date."""

from __future__ import annotations

import click

WIDTH = 100


def _commands(group: click.Group, context: click.Context) -> list[tuple[str, click.Command, click.Context]]:
    found = []
    for name in sorted(group.list_commands(context)):
        command = group.get_command(context, name)
        if command is None or command.hidden:
            continue
        sub_context = click.Context(command, info_name=name, parent=context, terminal_width=WIDTH,
                                    max_content_width=WIDTH)
        found.append((name, command, sub_context))
        if isinstance(command, click.Group):
            found.extend(_commands(command, sub_context))
    return found


def render_reference(main: click.Group) -> str:
    root = click.Context(main, info_name="athar", terminal_width=WIDTH, max_content_width=WIDTH,
                         help_option_names=main.context_settings.get("help_option_names", ["--help"]))
    lines = [
        "# Command reference",
        "",
        "Generated from `athar --help` and each command's help (`python -m athar.cli.reference`);",
        "do not edit by hand.",
        "",
        "```text",
        main.get_help(root),
        "```",
    ]
    for _, command, context in _commands(main, root):
        lines += ["", f"## `{context.command_path}`", "", "```text", command.get_help(context), "```"]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    from athar.cli import main as athar_main

    click.echo(render_reference(athar_main), nl=False)
