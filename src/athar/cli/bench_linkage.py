"""`athar bench linkage`: accuracy, wall time and peak memory of athar's linker against a plain
Splink configuration, on synthetic data and on the Gaza MoH release pair. Prints a Markdown
table (record it in docs/benchmarks.md with the command that made it)."""

from __future__ import annotations

import csv
import shlex
import sys
import tempfile
from pathlib import Path

import click

GAZA_DIR = Path("/work/shared/data/gaza-moh")


def _sizes(text: str) -> list[int]:
    if text.strip().lower() == "none":
        return []  # the Gaza pair only
    try:
        sizes = [int(s.replace("_", "")) for s in text.split(",") if s.strip()]
    except ValueError:
        raise click.BadParameter("expected comma-separated whole numbers, e.g. 10000,100000") from None
    if not sizes or min(sizes) < 10:
        raise click.BadParameter("sizes must be at least 10")
    return sizes


def _row(dataset: str, engine: str, result: dict[str, object], accuracy: object | None) -> str:
    if "error" in result:
        return f"| {dataset} | {engine} | failed: {result['error']} | | | | | |"
    p = getattr(accuracy, "precision", float("nan"))
    r = getattr(accuracy, "recall", float("nan"))
    f = getattr(accuracy, "f1", float("nan"))
    return (f"| {dataset} | {engine} | {result['wall_s']:.1f} | {result['peak_rss_mb']:.0f} | "
            f"{result.get('pairs', '')} | {p:.4f} | {r:.4f} | {f:.4f} |")


def _ceiling_row(name: str, out: Path, truth: Path) -> str:
    from athar.linkage.ceiling import ceiling

    c = ceiling(out / "features.parquet", out / "clusters.csv", truth)
    share = c.true_pairs_touching_ambiguous / c.true_pairs if c.true_pairs else 0.0
    return (f"| {name} | {c.thin_records:,} | {c.ambiguous_records:,} | "
            f"{c.true_pairs_touching_ambiguous:,} of {c.true_pairs:,} ({share:.1%}) | {c.reachable_recall:.4f} | "
            f"{c.decidable.precision:.4f} | {c.decidable.recall:.4f} | {c.decidable.f1:.4f} | "
            f"{c.best_guess.precision:.4f} / {c.best_guess.recall:.4f} / {c.best_guess.f1:.4f} |")


def _one_new_record(records_csv: Path, out: Path) -> Path:
    """A copy of one existing record under a new source: the incremental benchmark's input."""
    with records_csv.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        row = next(reader)
        fields = reader.fieldnames or []
    row.update(source="bench-new", record_id="new-1")
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerow(row)
    return out


@click.command("linkage")
@click.option("--sizes", default="10000,100000", show_default=True,
              help='Synthetic record counts, comma-separated; "none" for the Gaza pair only.')
@click.option("--seed", default=1, show_default=True, type=int,
              help="Seed of the synthetic data generator (same seed, same records).")
@click.option("--workdir", type=click.Path(path_type=Path, file_okay=False),
              help="Where generated data and outputs go (default: a temporary directory).")
@click.option("--gaza/--no-gaza", default=True, show_default=True, help="Also run on the Gaza MoH pair.")
@click.option("--gaza-dir", type=click.Path(path_type=Path, file_okay=False), default=GAZA_DIR,
              show_default=True, help="Directory holding the two Gaza MoH release CSVs.")
@click.option("--baseline/--no-baseline", default=True, show_default=True,
              help="Also run the plain Splink configuration on the same data.")
@click.option("--baseline-max", default=1_000_000, show_default=True, type=int,
              help="Skip the plain configuration above this many records.")
@click.option("--threshold", default=0.5, show_default=True, type=float,
              help="Match probability at or above which two records may join one cluster.")
def command(sizes: str, seed: int, workdir: Path | None, gaza: bool, gaza_dir: Path, baseline: bool,
            baseline_max: int, threshold: float) -> None:
    """Measure the linker: wall time, peak memory, pairwise precision/recall/F1 vs a plain Splink."""
    from athar.linkage.benchmark import convert_gaza, pairwise_accuracy, run_job

    size_list = _sizes(sizes)
    base = workdir or Path(tempfile.mkdtemp(prefix="athar-bench-"))
    base.mkdir(parents=True, exist_ok=True)
    click.echo("command: athar bench linkage " + shlex.join(sys.argv[3:] if len(sys.argv) > 3 else []))
    click.echo(f"workdir: {base}\n")
    click.echo("| data | engine | wall s | peak RSS MB | pairs scored | precision | recall | F1 |")
    click.echo("|---|---|---|---|---|---|---|---|")
    incremental: list[str] = []
    ceilings: list[str] = []

    def measure(name: str, records: list[Path], truth: Path, link_only: bool, tag: str) -> None:
        engines = ["athar"] + (["plain"] if baseline and name_size(name) <= baseline_max else [])
        for engine in engines:
            out = base / f"{tag}-{engine}"
            job = {"engine": engine, "records": [str(p) for p in records], "out_dir": str(out),
                   "link_only": link_only, "threshold": threshold}
            result = run_job(job)
            accuracy = None if "error" in result else pairwise_accuracy(
                out / "clusters.csv", truth, cross_source_only=link_only)
            click.echo(_row(name, "athar" if engine == "athar" else "plain Splink", result, accuracy))
            if engine == "athar" and "error" not in result and not link_only:
                ceilings.append(_ceiling_row(name, out, truth))
            if engine == "athar" and "error" not in result:
                new = _one_new_record(records[0], base / f"{tag}-one-new.csv")
                inc = run_job({"engine": "incremental", "records": [str(new)], "against": str(out),
                               "out_dir": str(base / f"{tag}-incremental"), "threshold": threshold})
                timings = inc.get("timings", {})
                incremental.append(f"| {name} | {inc.get('wall_s', inc.get('error'))} | "
                                   f"{timings.get('load_existing', '')} | "
                                   f"{round(timings.get('total', 0) - timings.get('load_existing', 0), 3)} | "
                                   f"{inc.get('peak_rss_mb', '')} |")

    sizes_of: dict[str, int] = {}

    def name_size(name: str) -> int:
        return sizes_of.get(name, 0)

    from athar import synth

    for n in size_list:
        data = synth.generate(n, seed=seed, out_dir=base / f"synth-{n}")
        name = f"synthetic {data.n_records:,} records ({data.n_persons:,} persons)"
        sizes_of[name] = data.n_records
        measure(name, [Path(data.records_csv)], Path(data.truth_csv), False, f"synth-{n}")
    if gaza:
        records, truth = convert_gaza(gaza_dir, base / "gaza")
        name = "Gaza MoH 2024-04-13 × 2024-08-08, --link-only"
        sizes_of[name] = 38_812
        measure(name, records, truth, True, "gaza")
    if ceilings:
        click.echo("\nRecords no linker can place from their own facts (athar.linkage.ceiling: a two-part name "
                   "that another person's record fits at least as well), athar scored without them, and the "
                   "most any linker could expect from the same facts (perfect elsewhere, guessing where "
                   "guessing pays):\n")
        click.echo("| data | thin records | ambiguous | true pairs touching them | recall reachable "
                   "without guessing | precision | recall | F1 (unambiguous records) | best guess P / R / F1 |")
        click.echo("|---|---|---|---|---|---|---|---|---|")
        for line in ceilings:
            click.echo(line)
    if incremental:
        click.echo("\nOne new record matched against an existing run (`athar link NEW --against DIR`):\n")
        click.echo("| existing run | link_new wall s | of which loading the run | matching | peak RSS MB |")
        click.echo("|---|---|---|---|---|")
        for line in incremental:
            click.echo(line)
