"""`athar trace`: families' tracing requests from the command line.

- `athar trace match REQUESTS.csv [--top K] [--out FILE]` (shared/spec/interchange.md §6): rank
  the registry's persons for each request row; nothing is written to the registry.
- `athar trace rematch`: match every open request again (`athar resolve` does it after every
  run; by hand, after a resolve that reported it could not); new candidates go to the
  caseworkers' queue (never to a family).
- `athar trace bench`: top-1/3/5 and false hopes on synthetic data (dated result files).

Thin: parse, set Django up where needed, call athar.tracing, print ids and counts only."""

from __future__ import annotations

import csv
import json
import shlex
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

import click

from athar.cli.django_setup import setup_django
from athar.cli.errors import fail
from athar.cli.terminal import safe
from athar.errors import AtharError, InputError
from athar.interchange import RecordRow

MATCH_COLUMNS = ("request_id", "rank", "person_id", "source", "record_id", "match_probability")


@click.group("trace")
def command() -> None:
    """Families' tracing requests: match them against the registry's persons."""


def _read_requests(path: Path) -> list[RecordRow]:
    from athar.interchange import read_records

    result = read_records(path)
    seen: set[str] = set()
    for row in result.rows:
        for problem in row.problems:
            if problem.column == "record_id":
                raise InputError(problem.reason, file=problem.file, row=problem.row, column=problem.column)
            if problem.column != "source":  # a request needs no source: it is not a registry record
                click.echo(f"athar: warning: {safe(problem.describe())}; the value is treated as unknown", err=True)
        if row.record_id in seen:
            raise InputError("the same request id appears twice", file=str(path), row=row.row, column="record_id")
        seen.add(row.record_id)
    return list(result.rows)


@command.command("match")
@click.argument("requests_csv", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--top", default=5, show_default=True, type=click.IntRange(min=1),
              help="Candidate persons per request.")
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the candidates here instead of to standard output.")
def match_command(requests_csv: Path, top: int, out_file: Path | None) -> None:
    """Rank the registry's persons for each request of REQUESTS.csv (a records CSV, record_id = the
    request's id). Output: request_id,rank,person_id,source,record_id,match_probability."""
    setup_django()
    from athar.cli.serve import require_migrated_database

    require_migrated_database()
    from athar.audit.services import record_event
    from athar.tracing.matching import match_rows

    try:
        rows = _read_requests(requests_csv)
        ranked = match_rows(rows, top=top)
    except AtharError as error:
        fail(error)
    # A batch search of the registry: audited like every search, by counts only.
    record_event(actor=None, action="search", target_type="tracing_batch",
                 details={"requests": len(rows), "with_candidates": len(ranked), "top": top})
    handle: TextIO = out_file.open("w", encoding="utf-8", newline="") if out_file else sys.stdout
    try:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(MATCH_COLUMNS)
        for row in rows:
            for c in ranked.get(row.record_id, []):
                writer.writerow((row.record_id, c.rank, c.person_id, c.source, c.record_id,
                                 f"{c.match_probability:.6f}"))
    finally:
        if out_file:
            handle.close()
    if out_file:
        n = sum(len(v) for v in ranked.values())
        click.echo(f"{len(rows)} requests, {len(ranked)} with candidates, {n} candidate rows -> {out_file}", err=True)


@command.command("rematch")
@click.option("--top", default=5, show_default=True, type=click.IntRange(min=1))
@click.option("--quiet", is_flag=True, help="No progress bar on stderr.")
def rematch_command(top: int, quiet: bool) -> None:
    """Match every open request again; the caseworkers are told of new candidates in their queue.

    `athar resolve` does this itself after every run: run it by hand only when resolve reported
    that the requests were not matched again."""
    setup_django()
    from athar.cli.serve import require_migrated_database

    require_migrated_database()
    from athar.cli.progress import StageProgress
    from athar.tracing.matching import rematch_open_requests

    try:
        with StageProgress(quiet=quiet) as progress:
            summary = rematch_open_requests(actor=None, top=top, progress=progress)
    except AtharError as error:
        fail(error)
    click.echo(f"{summary.requests} open requests matched against run {summary.run_id or '-'}: "
               f"{summary.candidates} candidates, {summary.new_candidates} new; "
               f"{len(summary.linked_requests)} requests linked to an earlier one")


@command.group("wording")
def wording_group() -> None:
    """The consent texts read to families, per recipient and language."""


@wording_group.command("show")
@click.option("--language", type=click.Choice(["ar", "en"]), default="ar", show_default=True)
def wording_show(language: str) -> None:
    """Print the wording in use for every recipient."""
    setup_django()
    from athar.tracing.models import Recipient
    from athar.tracing.wording import consent_text

    for recipient in Recipient:
        click.echo(f"[{recipient.value}]\n{consent_text(recipient.value, language)}\n")


@wording_group.command("set")
@click.argument("recipient")
@click.argument("language", type=click.Choice(["ar", "en"]))
@click.argument("text_file", type=click.File(encoding="utf-8"))
def wording_set(recipient: str, language: str, text_file: TextIO) -> None:
    """Put the text of TEXT_FILE in use for RECIPIENT in LANGUAGE (consents already given keep the
    words they were given on)."""
    setup_django()
    from athar.tracing.models import Recipient
    from athar.tracing.wording import set_consent_wording

    if recipient not in Recipient.values:
        fail(f"unknown recipient {recipient!r}; one of: {', '.join(Recipient.values)}")
    try:
        row = set_consent_wording(recipient, language, text_file.read(), actor=None)
    except ValueError as error:
        fail(str(error))
    click.echo(f"consent wording {row.pk} in use for {recipient} ({language})")


def _markdown(result: dict[str, object], command_line: str, when: str) -> str:
    r = result
    return "\n".join([
        f"# Tracing benchmark, {when}", "",
        f"Command: `{command_line}`", "",
        "Family reports are the requests; every other synthetic source is the registry (linked with "
        "`athar link`); each request is ranked through `athar.tracing.ranking`, as `athar trace match` does.", "",
        "| measure | value |", "|---|---|",
        f"| records (registry + requests) | {r['records']:,} |",
        f"| registry records | {r['registry_records']:,} |",
        f"| requests | {r['requests']:,} ({r['requests_in_registry']:,} whose person is in the registry, "
        f"{r['requests_not_in_registry']:,} not) |",
        f"| right person at rank 1 | {r['top1']:.2%} |",
        f"| right person in the top 3 (target ≥ 95 %) | {r['top3']:.2%} |",
        f"| right person in the top 5 | {r['top5']:.2%} |",
        f"| person in the registry, no candidate at all | {r['no_candidate_in_registry']:.2%} |",
        f"| person not in the registry, a candidate at ≥ 0.9 (target ≤ 2 %) | {r['false_hope']:.2%} "
        f"({r['false_hope_count']}) |",
        f"| request pairs flagged as one person (≥ 0.9): right / flagged / true repeats | "
        f"{r['repeated_pairs_right']} / {r['repeated_pairs_flagged']} / {r['repeated_pairs_true']} |",
        f"| seconds: synth / link registry / match requests | {r['timings']['synth']} / "  # type: ignore[index]
        f"{r['timings']['link_registry']} / {r['timings']['match_requests']} |", ""])  # type: ignore[index]


@command.command("bench")
@click.option("--records", default=20_000, show_default=True, type=click.IntRange(min=100),
              help="Synthetic records in all (family reports become the requests).")
@click.option("--seed", default=1, show_default=True, type=int)
@click.option("--results-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("docs/benchmarks"),
              show_default=True, help="Where the dated JSON and Markdown results are written.")
def bench_command(records: int, seed: int, results_dir: Path) -> None:
    """How often a family's request finds the right person (top-1/3/5) and how often a request
    whose person is not in the registry gets a confident candidate (false hope)."""
    from athar.tracing.benchmark import run

    command_line = "athar trace bench " + shlex.join(
        ["--records", str(records), "--seed", str(seed), "--results-dir", str(results_dir)])
    with tempfile.TemporaryDirectory(prefix="athar-trace-bench-") as tmp:
        result = run(records, seed=seed, workdir=Path(tmp)).to_dict()
    now = datetime.now(UTC)
    stamp = now.strftime("%Y-%m-%d")
    results_dir.mkdir(parents=True, exist_ok=True)
    base = results_dir / f"{stamp}-tracing-{records}-seed{seed}"
    payload = {"command": command_line, "run_at": now.isoformat(timespec="seconds"), **result}
    base.with_suffix(".json").write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    text = _markdown(result, command_line, stamp)
    base.with_suffix(".md").write_text(text, encoding="utf-8")
    click.echo(text)
    click.echo(f"written: {base}.json, {base}.md", err=True)
