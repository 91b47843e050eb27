"""`athar bench linkage`: accuracy, wall time and peak memory of athar's linker against a plain
Splink configuration, on synthetic data, on the challenge sets of `athar.bench` (names only
across scripts, single-part names, names of non-Arab origin, classic Latin lists) and on the
Gaza MoH release pair. Prints Markdown tables and writes them, with the command line, to a dated
result file pair (JSON + Markdown) under docs/benchmarks/results/."""

from __future__ import annotations

import csv
import shlex
import shutil
import tempfile
from pathlib import Path
from typing import Any, cast

import click

# The repository that holds this file (src/athar/cli/ → three levels up); shared data sits
# beside it, read in place.
REPO_ROOT = Path(__file__).resolve().parents[3]
GAZA_DIR = REPO_ROOT.parent / "shared" / "data" / "gaza-moh"
RESULTS_DIR = REPO_ROOT / "docs" / "benchmarks" / "results"
DEFAULT_CHALLENGES = "names-only,single-part,non-arab,latin-classic,latin-careless"

ACCURACY_COLUMNS = ["data", "engine", "wall_s", "cpu_s", "peak_rss_mb", "pairs_scored", "precision", "recall", "f1"]
PERSON_COLUMNS = ["data", "identifying_precision", "identifying_recall", "identifying_f1", "thin_records",
                  "thin_with_fuller_record", "thin_attached_share", "thin_attached_correct_share",
                  "thin_left_person_in_candidates",
                  "namesake_ambiguous_thin", "true_pairs_touching_them"]
MISSED_COLUMNS = ["data", "true_pairs", "missed", "never_compared", "scored_below_kept", "below_threshold",
                  "kept_apart", "fragments_linkable", "fragments_scored"]
INCREMENTAL_COLUMNS = ["existing_run", "command_s", "command_cpu_s", "command_first_s", "cpu_s", "wall_s",
                       "loading_s", "matching_s", "peak_rss_mb", "warm_match_s", "warm_match_cpu_s"]
# Where athar's wall time goes, in seconds (`run.json`'s timings, `pipeline.LinkResult.timings`):
# blocking happens inside `predict` (Splink blocks and scores in one pass) and EM inside `train`.
STAGE_COLUMNS = ["data", "read", "features", "train", "predict", "write_pairs", "cluster", "person_pass",
                 "cluster_merge", "write_clusters", "write_features", "total"]


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


def _challenges(text: str) -> list[str]:
    from athar.bench import CHALLENGES

    if text.strip().lower() == "none":
        return []
    names = [n.strip() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in CHALLENGES]
    if unknown:
        raise click.BadParameter(f"unknown challenge {unknown[0]!r}; known: {', '.join(CHALLENGES)}")
    return names


def _accuracy_row(dataset: str, engine: str, result: dict[str, Any], accuracy: Any) -> dict[str, Any]:
    if "error" in result:
        return {"data": dataset, "engine": engine, "wall_s": f"failed: {result['error']}"}
    return {"data": dataset, "engine": engine, "wall_s": result["wall_s"], "cpu_s": result.get("job_cpu_s"),
            "peak_rss_mb": result["peak_rss_mb"],
            "pairs_scored": result.get("pairs"), "precision": round(accuracy.precision, 4),
            "recall": round(accuracy.recall, 4), "f1": round(accuracy.f1, 4)}


def _stage_row(dataset: str, result: dict[str, Any]) -> dict[str, Any]:
    timings = cast(dict[str, float], result.get("timings", {}))
    return {"data": dataset, **{c: timings.get(c) for c in STAGE_COLUMNS[1:]}}


def _person_row(name: str, out: Path, truth: Path) -> dict[str, Any]:
    from athar.linkage.difficulty import difficulty, identifying_accuracy, review_coverage, thin_attachment

    files = (out / "features.parquet", out / "clusters.csv", truth)
    scored, thin, hard = identifying_accuracy(*files), thin_attachment(*files), difficulty(*files)
    review = review_coverage(out / "features.parquet", out / "clusters.csv", out / "candidates.csv", truth)
    return {"data": name, "identifying_precision": round(scored.precision, 4),
            "identifying_recall": round(scored.recall, 4), "identifying_f1": round(scored.f1, 4),
            "thin_records": hard.thin_records, "thin_with_fuller_record": thin.eligible,
            "thin_attached_share": round(thin.attached_share, 4),
            "thin_attached_correct_share": round(thin.correct_share, 4),
            "thin_left_person_in_candidates": round(review.share, 4),
            "namesake_ambiguous_thin": hard.ambiguous_records,
            "true_pairs_touching_them": hard.true_pairs_touching_ambiguous}


def _one_part_note(name: str, out: Path, truth: Path) -> str | None:
    """The records named by one part of a run (`linkage.single_part`) whose person has a record
    in another source: linked to it, and of those left alone, how many have it among their review
    candidates. None when the run failed or has no such record."""
    from athar.linkage.difficulty import one_part_coverage

    if not (out / "clusters.csv").is_file():
        return None
    found = one_part_coverage(out / "features.parquet", out / "clusters.csv", out / "candidates.csv", truth)
    if not found.with_mate:
        return None
    return (f"{name}: {found.with_mate} records named by one part have their person in another source; "
            f"{found.linked} linked to it ({found.linked_wrongly} one-part records linked with another person's "
            f"record), {found.left} left alone, {found.covered} of them with it among their review candidates.")


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


def _incremental_row(name: str, records_csv: Path, run_dir: Path, work: Path, threshold: float,
                     repeats: int) -> dict[str, Any]:
    """One new record (a copy of the first of `records_csv` under a new source) matched against
    the run in `run_dir`, `repeats` times in fresh processes. command_s, command_cpu_s: `athar
    link NEW --against DIR` as a whole (Python, imports, the CLI), wall and CPU seconds (user +
    system, every thread's), the medians; command_first_s: the first of those runs (the first
    after the run's files were read, when the caller has just made them). cpu_s, wall_s,
    loading_s, matching_s, peak_rss_mb: `link_new` called directly in a process of its own, the
    run with the median command time; warm_match_s, warm_match_cpu_s: a second match in that
    process (a long-running registry's case)."""
    import resource
    import statistics
    import subprocess
    import sys
    import time

    from athar.linkage.benchmark import run_job

    new = _one_new_record(records_csv, work.with_name(work.name + "-one-new.csv"))
    runs: list[dict[str, Any]] = []
    for _ in range(max(1, repeats)):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        cli = subprocess.run([sys.executable, "-c", "from athar.cli import main; main(prog_name='athar')",
                              "link", str(new), "--against", str(run_dir),
                              "--out", str(work.with_name(work.name + "-cli")), "--quiet"],
                             capture_output=True, text=True, check=False)
        command_s = round(time.perf_counter() - started, 2)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        command_cpu_s = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        job = run_job({"engine": "incremental", "records": [str(new)], "against": str(run_dir),
                       "out_dir": str(work), "threshold": threshold})
        if cli.returncode != 0 or "error" in job:
            tail = cli.stderr.strip().splitlines()[-1:] if cli.returncode else []
            return {"existing_run": name, "command_s": f"failed: {job.get('error') or ' '.join(tail)}"}
        timings: dict[str, float] = cast(dict[str, float], job.get("timings", {}))
        runs.append({"existing_run": name, "command_s": command_s, "command_cpu_s": command_cpu_s,
                     "cpu_s": job.get("cpu_s"), "wall_s": job.get("wall_s"), "loading_s": timings.get("load_existing"),
                     "matching_s": round(timings.get("total", 0) - timings.get("load_existing", 0), 3),
                     "peak_rss_mb": job.get("peak_rss_mb"), "warm_match_s": job.get("warm_match_s"),
                     "warm_match_cpu_s": job.get("warm_match_cpu_s")})
    middle = statistics.median_low(r["command_s"] for r in runs)
    row = dict(next(r for r in runs if r["command_s"] == middle))
    row["command_s"] = round(statistics.median(r["command_s"] for r in runs), 2)
    row["command_cpu_s"] = round(statistics.median(r["command_cpu_s"] for r in runs), 2)
    row["command_first_s"] = runs[0]["command_s"]
    return row


def _run_inputs(run_dir: Path) -> tuple[str, Path]:
    """A run's name for the table and its first input file (run.json's `inputs`)."""
    import json

    try:
        info = json.loads((run_dir / "run.json").read_text(encoding="utf-8"))
        first = Path(info["inputs"][0]["path"])
        n_records = int(info["n_records"])
    except (OSError, ValueError, KeyError, IndexError, TypeError):
        raise click.BadParameter(f"{run_dir} has no run.json naming its input (an `athar link` output "
                                 "directory is needed)", param_hint="--against") from None
    if not first.is_file():
        raise click.BadParameter(f"the input of {run_dir} is no longer at its path", param_hint="--against")
    return f"existing run of {n_records:,} records", first


# Options that say where files go, not what is measured: left out of the recorded command (they
# would put paths of one machine into a committed result file).
_PLACES = frozenset({"workdir", "results_dir", "no_results", "gaza_dir", "against_runs"})


def _command_line(ctx: click.Context) -> str:
    """The command with every option that affects the numbers, defaults spelt out, so a result
    file says exactly what was run."""
    words = ["athar", "bench", "linkage"]
    for param in ctx.command.params:
        if not isinstance(param, click.Option) or param.name in _PLACES:
            continue
        value = ctx.params.get(param.name or "")
        if param.is_flag and param.secondary_opts:
            words.append(param.opts[0] if value else param.secondary_opts[0])
        elif not param.is_flag:
            words += [param.opts[0], str(value)]
    return shlex.join(words)


def _echo_table(title: str, columns: list[str], rows: list[dict[str, Any]]) -> None:
    from athar.bench.results import markdown_table

    if rows:
        click.echo(f"\n{title}\n")
        click.echo(markdown_table(rows, columns))


@click.command("linkage")
@click.option("--sizes", default="10000,100000", show_default=True,
              help='Synthetic record counts, comma-separated; "none" for no synthetic set.')
@click.option("--challenges", "challenge_names", default=DEFAULT_CHALLENGES, show_default=True,
              help='Challenge sets of athar.bench to run (--link-only), comma-separated; "none" for none.')
@click.option("--challenge-persons", default=2000, show_default=True, type=int,
              help="Persons per challenge set (about 1.7 records each).")
@click.option("--seed", default=1, show_default=True, type=int,
              help="Seed of the data generators (same seed, same records).")
@click.option("--workdir", type=click.Path(path_type=Path, file_okay=False),
              help="Where generated data and outputs go, kept (default: a temporary directory, removed at the end).")
@click.option("--gaza/--no-gaza", default=True, show_default=True, help="Also run on the Gaza MoH pair.")
@click.option("--gaza-dir", type=click.Path(path_type=Path, file_okay=False), default=GAZA_DIR,
              show_default="../shared/data/gaza-moh beside the repository",
              help="Directory holding the two Gaza MoH release CSVs.")
@click.option("--baseline/--no-baseline", default=True, show_default=True,
              help="Also run the plain Splink configuration on the same data, as written and with "
                   "names romanised at its best threshold (chosen against the truth).")
@click.option("--baseline-max", default=1_000_000, show_default=True, type=int,
              help="Skip the plain configuration above this many records.")
@click.option("--threshold", default=0.5, show_default=True, type=float,
              help="Match probability at or above which two records may join one cluster.")
@click.option("--person-pass/--no-person-pass", default=True, show_default=True,
              help="Run athar's person-level second pass (thin records against whole persons); "
                   "off measures the pairwise clustering alone.")
@click.option("--cluster-merge/--no-cluster-merge", default=True, show_default=True,
              help="Run athar's cluster-merge pass (clusters that are one person split in two, merged "
                   "when clearly one person); off measures the clustering and the person pass alone.")
@click.option("--missed/--no-missed", default=False, show_default=True,
              help="Also say why athar missed the true pairs it missed (never compared, scored low, "
                   "kept apart by the guards) on the synthetic sets.")
@click.option("--against", "against_runs", multiple=True, type=click.Path(path_type=Path, file_okay=False,
                                                                         exists=True),
              help="Also time one new record against this existing `athar link` output directory "
                   "(repeatable): a run too large to link here, e.g. of 1,000,000 records.")
@click.option("--incremental-repeats", default=3, show_default=True, type=click.IntRange(min=1),
              help="Times each one-new-record match runs (fresh processes); the median is reported.")
@click.option("--results-dir", type=click.Path(path_type=Path, file_okay=False), default=RESULTS_DIR,
              show_default="docs/benchmarks/results", help="Where the dated result files go.")
@click.option("--no-results", is_flag=True, help="Print only; write no result files.")
def command(sizes: str, challenge_names: str, challenge_persons: int, seed: int, workdir: Path | None, gaza: bool,
            gaza_dir: Path, baseline: bool, baseline_max: int, threshold: float, person_pass: bool,
            cluster_merge: bool, missed: bool, against_runs: tuple[Path, ...], incremental_repeats: int,
            results_dir: Path, no_results: bool) -> None:
    """Measure the linker: wall time, peak memory, pairwise precision/recall/F1 vs a plain Splink."""
    from athar import synth
    from athar.bench import make_challenge, write_results
    from athar.linkage.baseline import tune_threshold
    from athar.linkage.benchmark import convert_gaza, pairwise_accuracy, run_job

    size_list = _sizes(sizes)
    challenge_list = _challenges(challenge_names)
    base = workdir or Path(tempfile.mkdtemp(prefix="athar-bench-"))
    base.mkdir(parents=True, exist_ok=True)
    if workdir is None:
        # The runs' outputs name people (the Gaza pair is a real list): a directory nobody asked
        # to keep goes when the command ends, failed or not.
        click.get_current_context().call_on_close(lambda: shutil.rmtree(base, ignore_errors=True))
    command_line = _command_line(click.get_current_context())
    click.echo(f"command: {command_line}")
    click.echo(f"workdir: {base}" + ("" if workdir else " (removed at the end; --workdir keeps one)"))
    accuracy_rows: list[dict[str, Any]] = []
    person_rows: list[dict[str, Any]] = []
    incremental_rows: list[dict[str, Any]] = []
    missed_rows: list[dict[str, Any]] = []
    stage_rows: list[dict[str, Any]] = []
    notes: list[str] = []

    def measure(name: str, n_records: int, records: list[Path], truth: Path, link_only: bool, tag: str,
                persons: bool) -> None:
        engines = ["athar"] + (["plain", "fair"] if baseline and n_records <= baseline_max else [])
        for engine in engines:
            out = base / f"{tag}-{engine}"
            job = {"engine": "plain" if engine == "fair" else engine, "records": [str(p) for p in records],
                   "out_dir": str(out), "link_only": link_only, "threshold": threshold,
                   "transliterate": engine == "fair", "person_pass": person_pass, "cluster_merge": cluster_merge}
            result = run_job(job)
            label = {"athar": "athar", "plain": "plain Splink"}.get(engine, "")
            if "error" in result:
                accuracy = None
            elif engine == "fair":
                best, accuracy = tune_threshold(out, truth, cross_source_only=link_only)
                label = f"plain Splink, names romanised, best threshold {best}"
            else:
                accuracy = pairwise_accuracy(out / "clusters.csv", truth, cross_source_only=link_only)
            row = _accuracy_row(name, label or engine, result, accuracy)
            accuracy_rows.append(row)
            click.echo(" | ".join(str(row.get(c, "")) for c in ACCURACY_COLUMNS))
            if engine == "athar" and "error" not in result:
                stage_rows.append(_stage_row(name, result))
            if engine == "athar" and "error" not in result and persons:
                person_rows.append(_person_row(name, out, truth))
                if missed:
                    from athar.linkage.missed import missed_pairs

                    missed_rows.append({"data": name, **missed_pairs(out, truth, threshold=threshold,
                                                                     link_only=link_only).as_dict()})
            if engine == "athar" and "error" not in result and n_records >= 10_000:
                incremental_rows.append(_incremental_row(name, records[0], out, base / f"{tag}-incremental",
                                                         threshold, incremental_repeats))

    for n in size_list:
        data = synth.generate(n, seed=seed, out_dir=base / f"synth-{n}")
        name = f"synthetic {data.n_records:,} records ({data.n_persons:,} persons)"
        measure(name, data.n_records, [Path(data.records_csv)], Path(data.truth_csv), False, f"synth-{n}", True)
    for challenge in challenge_list:
        made = make_challenge(challenge, challenge_persons, seed=seed, out_dir=base / "challenges")
        name = f"{challenge} ({made.n_records:,} records, {made.n_persons:,} persons), --link-only"
        measure(name, made.n_records, list(made.records), made.truth, True, f"challenge-{challenge}", False)
        note = _one_part_note(name, base / f"challenge-{challenge}-athar", made.truth)
        if note:
            notes.append(note)
            click.echo(note)
    if gaza:
        if (gaza_dir / "20240413killed-in-gaza.csv").is_file():
            records, truth = convert_gaza(gaza_dir, base / "gaza")
            measure("Gaza MoH 2024-04-13 × 2024-08-08, --link-only", 38_812, records, truth, True, "gaza", False)
        else:
            notes.append("Gaza pair not run: its directory was not found (--gaza-dir).")
            click.echo(f"Gaza pair skipped: {gaza_dir} not found")

    for run_dir in against_runs:
        label, first_input = _run_inputs(run_dir)
        incremental_rows.append(_incremental_row(label, first_input, run_dir,
                                                 base / f"against-{len(incremental_rows)}-incremental", threshold,
                                                 incremental_repeats))
        click.echo(" | ".join(str(incremental_rows[-1].get(c, "")) for c in INCREMENTAL_COLUMNS))
    _echo_table("Pairwise accuracy (clusters.csv against the truth; --link-only: pairs across sources only):",
                ACCURACY_COLUMNS, accuracy_rows)
    _echo_table("Records that identify a person (three name parts, an ID or a mother's name): recall between "
                "them, precision over every merge that touches one; thin records (two name parts, nothing "
                "else that identifies) whose person has such a record: share attached, share of those "
                "attached correctly; of those left unattached, the share whose person is among their review candidates (candidates.csv); namesake-ambiguous thin records (a statistic of the data, not a bound):",
                PERSON_COLUMNS, person_rows)
    _echo_table("Where athar's time went, seconds per stage (blocking is inside predict, EM inside train):",
                STAGE_COLUMNS, stage_rows)
    _echo_table("True pairs athar missed, by why (never compared by blocking; scored below the 0.01 that "
                "pairs.csv keeps; below the threshold; at or above it but kept apart by the guards) and "
                "whether their two fragments share a pair at or above the threshold / only below it:",
                MISSED_COLUMNS, missed_rows)
    _echo_table("One new record matched against an existing run (`athar link NEW --against DIR`; "
                "command_s, command_cpu_s: the whole command, wall and CPU, medians; command_first_s: its "
                "first run; cpu_s, wall_s, loading_s, matching_s: `link_new` in a process of its own; "
                f"warm_match_s, warm_match_cpu_s: a second match in that process; {incremental_repeats} runs):",
                INCREMENTAL_COLUMNS, incremental_rows)
    if not no_results:
        tables = {"Pairwise accuracy": (ACCURACY_COLUMNS, accuracy_rows),
                  "Identifying and thin records": (PERSON_COLUMNS, person_rows),
                  "athar's stages (seconds)": (STAGE_COLUMNS, stage_rows),
                  "Missed true pairs": (MISSED_COLUMNS, missed_rows),
                  "One new record against an existing run": (INCREMENTAL_COLUMNS, incremental_rows)}
        # A table this run measured nothing for (no synthetic set, no --against) is left out, not
        # written as a header with no rows.
        written = write_results(results_dir, "linkage", command=command_line, notes=notes,
                                tables={title: table for title, table in tables.items() if table[1]})
        click.echo(f"\nwrote {written.json_path} and {written.markdown_path}")
