"""docs/cli.md is the command line's own help: regenerate it when a command changes."""

from __future__ import annotations

from pathlib import Path

from athar.cli import main
from athar.cli.reference import render_reference

REFERENCE = Path(__file__).resolve().parents[2] / "docs" / "cli.md"


def test_the_command_reference_is_up_to_date() -> None:
    expected = render_reference(main)
    assert REFERENCE.read_text(encoding="utf-8") == expected, (
        "docs/cli.md is out of date: run `make docs` (python -m athar.cli.reference > docs/cli.md)")


def test_the_reference_names_every_command() -> None:
    text = render_reference(main)
    for name in main.list_commands(None):  # type: ignore[arg-type]
        assert f"## `athar {name}`" in text
