"""`athar link RECORDS.csv [MORE.csv ...] --out DIR [--link-only] [--threshold P] [--date-order dmy|mdy|ymd]
[--compare COLUMN[:KIND]]` (spec section 2). `--date-order` is the order of numeric dates, as for
`athar import records`; `--compare` adds extra columns to the model, see athar.linkage.extra_columns.

With `--against DIR` (the output directory of an earlier run) the records are matched as new
records against that run's persons with its saved model: only new × existing and new × new pairs
are scored and the earlier run is left untouched (see docs/linkage.md)."""

from __future__ import annotations

from pathlib import Path

import click

from athar.cli.errors import fail
from athar.cli.options import DATE_ORDER_HELP
from athar.cli.progress import StageProgress
from athar.cli.terminal import safe
from athar.errors import AtharError
from athar.interchange import DateOrder, declared_date_order


def _warn(message: str) -> None:
    click.echo(f"athar: {safe(message)}", err=True)


def _summarise_problems(count: int, out_dir: Path) -> None:
    from athar.linkage.pipeline import PROBLEMS_FILE

    if count:
        _warn(f"{count} values could not be used (all listed in {out_dir / PROBLEMS_FILE}); those rows "
              "were linked with the value unknown")


@click.command("link")
@click.argument("records", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path, file_okay=False),
              help="Directory for pairs.csv, clusters.csv, model.json, features.parquet, scoring.json, "
                   "run.json (and run.duckdb from 200,000 records on, problems.csv when values could not "
                   "be used).")
@click.option("--link-only", is_flag=True, help="Only compare records of different sources.")
@click.option("--threshold", type=float, default=0.5, show_default=True,
              help="Match probability at and above which a pair joins a cluster.")
@click.option("--against", "against", type=click.Path(path_type=Path, file_okay=False),
              help="Match RECORDS as new records against the persons of this earlier run's --out DIR.")
@click.option("--model", "model_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Use this saved model.json instead of training a new one.")
@click.option("--labels", "labels_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Review decisions (source_l,record_id_l,source_r,record_id_r,judgement).")
@click.option("--previous-clusters", type=click.Path(path_type=Path, dir_okay=False),
              help="clusters.csv of an earlier run: clusters keep the ids they had there.")
@click.option("--date-order", type=click.Choice([o.value for o in DateOrder]), help=DATE_ORDER_HELP)
@click.option("--compare", "compare", multiple=True, metavar="COLUMN[:KIND]",
              help="Also compare this extra column of the input (repeatable); KIND: text (default), "
                   "exact, id, phone. A saved --model brings its own.")
@click.option("--quiet", is_flag=True, help="No progress bar on stderr.")
def command(records: tuple[Path, ...], out_dir: Path, link_only: bool, threshold: float,
            against: Path | None, model_path: Path | None, labels_path: Path | None,
            previous_clusters: Path | None, date_order: str | None, compare: tuple[str, ...],
            quiet: bool) -> None:
    """Link and deduplicate records (any script); write pairs.csv and clusters.csv to --out."""
    with declared_date_order(DateOrder(date_order) if date_order else None), \
            StageProgress(quiet=quiet) as progress:
        _run(records, out_dir, link_only, threshold, against, model_path, labels_path, previous_clusters, compare,
             progress)


def _run(records: tuple[Path, ...], out_dir: Path, link_only: bool, threshold: float, against: Path | None,
         model_path: Path | None, labels_path: Path | None, previous_clusters: Path | None,
         compare: tuple[str, ...], progress: StageProgress) -> None:
    from athar.linkage import labels as labels_mod
    from athar.linkage import pipeline

    try:
        if not 0.0 < threshold <= 1.0:
            raise AtharError("--threshold must be a probability greater than 0 and at most 1")
        if against is not None:
            from athar.linkage.incremental import link_new

            inc = link_new(records, against, out_dir, threshold=threshold, report=_warn, progress=progress)
            progress.close()
            _summarise_problems(len(inc.problems), out_dir)
            click.echo(f"{inc.n_new} new records, {inc.n_pairs} scored pairs, {inc.n_attached} candidates "
                       f"for existing persons; wrote {out_dir}/pairs.csv and clusters.csv "
                       f"({inc.timings['total']:.1f} s)")
            return
        labels = labels_mod.read_labels(labels_path) if labels_path else []
        previous = pipeline.read_previous_clusters(previous_clusters) if previous_clusters else None
        result = pipeline.link(records, out_dir, link_only=link_only, threshold=threshold, labels=labels,
                               model_path=model_path, previous_clusters=previous, compare=compare,
                               report=_warn, progress=progress)
    except AtharError as exc:
        progress.close()
        fail(exc)
        return
    progress.close()
    _summarise_problems(len(result.problems), out_dir)
    from athar.linkage import fact_noise

    for line in fact_noise.describe(fact_noise.FactNoise.from_json(result.fact_noise)):
        _warn(line)
    click.echo(f"{result.n_records} records, {result.n_pairs} scored pairs, {result.n_clusters} clusters; "
               f"wrote {out_dir}/pairs.csv and clusters.csv ({result.timings['total']:.1f} s)")
