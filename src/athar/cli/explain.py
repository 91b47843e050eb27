"""`athar explain --out DIR SOURCE:RECORD_ID SOURCE:RECORD_ID`: why two records of a run were,
or were not, judged the same person — every field's contribution to the match weight, with the two
records' values as their sources wrote them and the labels in the reader's language (`--lang`)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from athar.cli.errors import fail
from athar.cli.terminal import safe
from athar.errors import AtharError, InputError


def _key(text: str) -> tuple[str, str]:
    source, sep, record_id = text.partition(":")
    if not sep or not source or not record_id:
        raise InputError(f"expected SOURCE:RECORD_ID, got {text!r}")
    return source, record_id


@click.command("explain")
@click.option("--out", "run_dir", required=True, type=click.Path(path_type=Path, file_okay=False),
              help="The --out directory of an `athar link` run.")
@click.option("--json", "as_json", is_flag=True,
              help="Print the explanation as JSON (field names and levels in both languages).")
# The choices are spelled out: importing athar.linkage here would load Splink at every start-up.
@click.option("--lang", type=click.Choice(["en", "ar"]), default="en", show_default=True,
              help="Language of the field names and levels.")
@click.argument("left")
@click.argument("right")
def command(run_dir: Path, as_json: bool, lang: str, left: str, right: str) -> None:
    """Explain the match weight of two records: which fields agreed, which disagreed, by how much."""
    from athar.linkage.explain_pair import explain_pair

    try:
        explanation = explain_pair(run_dir, _key(left), _key(right))
    except AtharError as exc:
        fail(exc)
        return
    if as_json:
        click.echo(json.dumps(explanation.to_dict(), ensure_ascii=False, indent=1))
    else:
        for line in explanation.lines(lang):
            click.echo(safe(line))
