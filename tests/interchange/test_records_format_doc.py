"""docs/records-format.md and docs/importing.md keep up with the code: a test fails when a word of
the event-type vocabulary or an option of the import commands is not documented."""

from __future__ import annotations

from pathlib import Path

import click

from athar.interchange import COLUMNS, EVENT_TYPE_WORDS, EventType

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_every_column_and_event_word_is_in_the_records_format_guide():
    text = (DOCS / "records-format.md").read_text(encoding="utf-8")
    missing = [c for c in COLUMNS if f"`{c}`" not in text]
    missing += [e.value for e in EventType if f"`{e.value}`" not in text]
    missing += [w for words in EVENT_TYPE_WORDS.values() for w in words if w not in text]
    assert missing == []


def test_every_option_of_the_import_commands_is_in_the_import_guide():
    from athar.cli import main

    text = (DOCS / "importing.md").read_text(encoding="utf-8")
    commands = [main.commands["import"].commands["records"], *main.commands["quarantine"].commands.values()]
    missing = [f"{command.name} {opt}" for command in commands for param in command.params
               if isinstance(param, click.Option) for opt in param.opts if opt not in text]
    missing += [name for name in main.commands["quarantine"].commands if f"athar quarantine {name}" not in text]
    assert missing == []
