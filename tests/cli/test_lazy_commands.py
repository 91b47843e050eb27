"""The command line imports a command's module only when that command runs."""

from __future__ import annotations

import importlib
import subprocess
import sys

from click.testing import CliRunner

from athar.cli import COMMAND_MODULES, main


def test_each_name_is_the_name_of_its_modules_command() -> None:
    for name, module in COMMAND_MODULES.items():
        assert importlib.import_module(f"athar.cli.{module}").command.name == name
    assert sorted(main.commands) == sorted(COMMAND_MODULES)


def test_help_lists_every_command_and_an_unknown_one_is_refused() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    listed = [line.split()[0] for line in result.output.split("Commands:")[1].splitlines() if line.strip()]
    assert listed == sorted(COMMAND_MODULES)
    refused = CliRunner().invoke(main, ["no-such-command"])
    assert refused.exit_code == 2 and "No such command" in refused.output


def test_importing_the_command_line_imports_no_command() -> None:
    script = ("import sys, athar.cli\n"
              "print([m for m in sys.modules if m.startswith('athar.cli.') or m.split('.')[0] == 'django'])")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120)
    assert done.stdout.strip() == "[]"
