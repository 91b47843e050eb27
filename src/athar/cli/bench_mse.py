"""`athar bench mse`: coverage and error of multiple systems estimation on simulated populations."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click


@click.command("mse")
@click.option("--seeds", type=click.IntRange(min=1), default=100, show_default=True,
              help="How many simulated populations.")
@click.option("--first-seed", type=int, default=0, show_default=True, help="Seed of the first population.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("docs/benchmarks"), show_default=True,
              help="Folder for the dated result files (mse-YYYY-MM-DD.json and .md; a later run of the same day "
                   "adds -2, -3, …).")
def command(seeds: int, first_seed: int, out_dir: Path) -> None:
    """Share of 95 % intervals that cover the true total, and mean relative error, stratified and
    ignoring strata; prints them and writes a dated JSON and markdown result file."""
    from athar.estimation.benchmark import BLOCK, run

    invocation = f"athar bench mse --seeds {seeds} --first-seed {first_seed}"
    click.echo(f"$ {invocation}")
    bar: Any
    with click.progressbar(length=seeds, label="populations", file=click.get_text_stream("stderr")) as bar:
        last = [0]

        def progress(done: int) -> None:
            bar.update(done - last[0])
            last[0] = done

        results = run(first_seed, seeds, progress=progress)
    header = ("| method | seeds | coverage of 95 % interval | covered in each block of 20 seeds "
              "| misses: truth above / below | mean relative error | bias | mean interval width | seconds |")
    lines = [header, "|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        blocks = ", ".join(f"{round(b * BLOCK)}/{BLOCK}" for b in r.block_coverages) or "–"
        lines.append(f"| {r.name} | {r.seeds} | {r.coverage:.1%} | {blocks} "
                     f"| {r.truth_above_interval} / {r.truth_below_interval} | {r.mean_relative_error:.2%} "
                     f"| {r.mean_signed_error:+.2%} | {r.mean_interval_width:.1%} | {r.seconds:.1f} |")
    lines.append("")
    lines += [f"{r.name}: missed at seeds {', '.join(map(str, r.missed_seeds)) or 'none'}" for r in results]
    for line in lines:
        click.echo(line)
    from athar.bench.results import free_stem

    today = dt.datetime.now(tz=dt.UTC).date().isoformat()
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = free_stem(out_dir, f"mse-{today}")
    payload = {"command": invocation, "date": today, "results": [asdict(r) for r in results]}
    (out_dir / f"{stem}.json").write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    markdown = [f"# athar bench mse — {today}", "", "```", invocation, "```", "",
                "Simulated populations of 10,000 persons in three strata (athar.estimation.simulate).", "",
                *lines, ""]
    (out_dir / f"{stem}.md").write_text("\n".join(markdown), encoding="utf-8")
    click.echo(f"written: {out_dir / f'{stem}.json'}, {out_dir / f'{stem}.md'}")
