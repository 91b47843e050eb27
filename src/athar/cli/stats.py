"""`athar stats`: statistics for analysts. `athar stats mse` is interchange spec §7: multiple systems
estimation from a capture-histories CSV (no database needed)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import click

from athar.cli.errors import fail


@click.group("stats")
def command() -> None:
    """Statistics of persons (linked clusters, never records): multiple systems estimation."""


def _whole(value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return "no upper bound"
    return f"{round(value):,}"


def _text(estimate, lists: list[str]) -> str:  # type: ignore[no-untyped-def]
    from athar.estimation import ASSUMPTIONS

    lines = [
        f"lists: {', '.join(lists)}",
        f"persons observed on at least one list: {estimate.observed:,}",
        f"estimated total, including persons on no list: {_whole(estimate.estimate)} "
        f"(95 % interval {_whole(estimate.lower)} to {_whole(estimate.upper)})",
        f"model: {estimate.model}",
        f"interval: {estimate.interval_method}",
    ]
    for stratum in estimate.strata:
        pooled = f" [pooled from {', '.join(stratum.pooled_from)}]" if stratum.pooled_from else ""
        lines.append(f"  {stratum.label}{pooled}: observed {stratum.observed:,}, estimate "
                     f"{_whole(stratum.estimate)} ({_whole(stratum.lower)} to {_whole(stratum.upper)}); "
                     f"{stratum.model}")
    lines.append("assumptions:")
    lines += [f"  - {line}" for line in ASSUMPTIONS]
    return "\n".join(lines)


@command.command("mse")
@click.argument("histories", type=click.Path(path_type=Path, dir_okay=False), required=False)
@click.option("--lists", "lists_option", metavar="A,B,C[,...]",
              help="The 0/1 columns of HISTORIES.csv, one per list (three to six).")
@click.option("--from-registry", is_flag=True,
              help="Build the histories from the registry's linked persons instead of a file.")
@click.option("--lists-by-source", type=click.Path(path_type=Path, dir_okay=False),
              help="With --from-registry: CSV list,source grouping the registry's sources into 3 to 6 lists.")
@click.option("--threshold", type=click.FloatRange(0, 1), default=None,
              help="With --from-registry: count a record linked below this match probability as a "
                   "person of its own (compare two thresholds to see the linkage's effect).")
@click.option("--stratum", default=None, metavar="COLUMN",
              help="Column to stratify by (e.g. a governorate group or period); small strata are pooled. "
                   "With --from-registry: governorate or arrest_year.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Plain-language report or one JSON object (spec §7).")
@click.option("--criterion", type=click.Choice(["aic", "bic"]), default="aic", show_default=True,
              help="Information criterion that weighs the log-linear models.")
@click.option("--single-model", is_flag=True,
              help="Report only the best model's estimate and interval instead of averaging the "
                   "plausible models (narrower; too narrow when the choice is unclear).")
@click.option("--quiet", is_flag=True, help="With --from-registry: no progress bar on stderr.")
def mse_command(histories: Path | None, lists_option: str | None, from_registry: bool,
                lists_by_source: Path | None, threshold: float | None, stratum: str | None,
                output_format: str, criterion: str, single_model: bool, quiet: bool) -> None:
    """Estimate how many persons no list recorded (multiple systems estimation).

    HISTORIES.csv has one row per observed person and one 0/1 column per list named in --lists.
    The estimate is a minimum, not a census; the report states its assumptions.

    Or from the registry: athar stats mse --from-registry --lists-by-source lists.csv, lists.csv
    having the columns list,source (persons, never records, are counted).

    Example: athar stats mse histories.csv --lists snhr,families,register --stratum governorate
    """
    from athar.errors import AtharError
    from athar.estimation import estimate_stratified, estimate_total, read_histories

    if from_registry:
        if histories is not None or lists_option:
            fail("--from-registry takes no HISTORIES file nor --lists (use --lists-by-source)")
        if lists_by_source is None:
            fail("--from-registry needs --lists-by-source FILE (columns list,source)")
            return
        _registry_mse(lists_by_source, threshold, stratum, output_format, criterion, single_model, quiet)
        return
    if histories is None or not lists_option:
        fail("give HISTORIES.csv and --lists A,B,C (or --from-registry --lists-by-source FILE)")
        return
    lists = [name.strip() for name in lists_option.split(",") if name.strip()]
    try:
        strata = read_histories(histories, lists, stratum=stratum)
        if stratum is None:
            estimate = estimate_total(strata[""], criterion=criterion, average=not single_model)
        else:
            estimate = estimate_stratified(strata, criterion=criterion, average=not single_model)
    except AtharError as error:
        fail(error)
    if output_format == "json":
        click.echo(json.dumps(estimate.to_dict(), ensure_ascii=False))
    else:
        click.echo(_text(estimate, lists))


def _registry_mse(lists_by_source: Path, threshold: float | None, stratum: str | None, output_format: str,
                  criterion: str, single_model: bool, quiet: bool) -> None:
    from athar.cli.django_setup import setup_django
    from athar.cli.progress import StageProgress

    setup_django()
    from athar.errors import AtharError
    from athar.estimation import estimate_stratified, estimate_total
    from athar.stats.mse import read_lists_by_source, registry_histories, registry_strata

    try:
        lists = read_lists_by_source(lists_by_source)
        with StageProgress(quiet=quiet) as progress:
            if stratum is None:
                histories = registry_histories(lists, threshold=threshold, progress=progress)
            else:
                strata = registry_strata(lists, stratum, threshold=threshold, progress=progress)
        if stratum is None:
            estimate = estimate_total(histories, criterion=criterion, average=not single_model)
        else:
            estimate = estimate_stratified(strata, criterion=criterion, average=not single_model)
    except AtharError as error:
        fail(error)
    if output_format == "json":
        out = estimate.to_dict()
        out["threshold"] = threshold
        click.echo(json.dumps(out, ensure_ascii=False))
    else:
        click.echo(_text(estimate, list(lists)))
