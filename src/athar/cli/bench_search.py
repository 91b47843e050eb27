"""`athar bench search`: speed and cross-script quality of the name search behind the web person
list, the API and `athar search` (athar.search.engine), on synthetic records (athar.synth).

Builds (or reuses) a registry of its own under `--data-dir` — never the user's registry: generate
`--records` synthetic records, import them, build the name-key index. Then:
- speed: p50/p95/max over `--queries` queries in each script, searching every record (what an
  administrator's search and `athar search` do), limit 10;
- cross-script quality: for persons who have records in both scripts, a Latin spelling taken from
  one of their Latin-script records (the generator's own transliteration, not athar's) searched among
  the Arabic-script sources only, and the reverse; a query is found when a record of the same
  synthetic person is in the first 1 / 10 results.

Each cross-script query that misses the top 10 is then explained: its person's records were not
among the candidates the engine scored (retrieval), were retrieved but scored under the engine's
minimum, or were ranked below ten others. For the last, it counts the namesakes ranked at or above
the person: other persons' records that hold every part of the query, or whose every part (two at
least) the query holds (a list that writes given and family name only). With ten of those, no
search by name alone can put the person in the top 10 (the query carries nothing else).

By default the records are not linked into persons: results are records, so "top 10" means ten
records, and a person's many records (or a namesake's) each take a place. With `--linked` the
registry is linked into persons once, by athar's own linker as `athar resolve` does it
(`athar.registry.linking.link_registry`: the linker's clusters, errors included, never the truth),
and results are persons, as a caseworker sees them: a query is found when one of the first 1 / 10
persons holds a record of the synthetic person. The linking's own pairwise precision and recall
against the truth are reported beside it (a false merge can carry a namesake into a person). Prints
the numbers and writes
`<out>/search-<date>-<records>.json` and `.md` with the command that made them (`-2`, `-3`, ... when
a run of the same day and size already wrote that name)."""

from __future__ import annotations

import csv
import json
import os
import random
import statistics
import sys
import time
import unicodedata
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

ARABIC_SOURCES = ("family_reports", "prison_register", "death_certificates")
LATIN_SOURCES = ("ngo_list_en", "ngo_list_fr")


def _is_arabic(text: str) -> bool:
    return any("ARABIC" in unicodedata.name(ch, "") for ch in text)


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def _timing(values: list[float]) -> dict[str, float]:
    return {"n": len(values), "p50_ms": round(_percentile(values, 0.5) * 1000, 1),
            "p95_ms": round(_percentile(values, 0.95) * 1000, 1), "max_ms": round(max(values) * 1000, 1),
            "mean_ms": round(statistics.fmean(values) * 1000, 1)}


def _build(data_dir: Path, n_records: int, seed: int, *, linked: bool) -> dict[str, float]:
    """Generate, import, index and (`linked`) link, each step only once per data directory."""
    from django.core.management import call_command

    from athar.imports.services import import_records
    from athar.registry.models import Record
    from athar.search.index import pending_count, refresh_index
    from athar.synth import generate

    ledger = data_dir / "build-seconds.json"
    seconds: dict[str, float] = json.loads(ledger.read_text()) if ledger.exists() else {}
    call_command("migrate", verbosity=0)
    if not linked and Record.objects.exclude(person=None).exists():
        raise click.UsageError(f"{data_dir} holds a linked registry: add --linked, or choose another --data-dir")
    records_csv = data_dir / "synth" / "records.csv"
    if not records_csv.exists():
        started = time.perf_counter()
        generate(n_records, seed=seed, out_dir=data_dir / "synth")
        seconds["generate_s"] = round(time.perf_counter() - started, 1)
    if not Record.objects.exists():
        started = time.perf_counter()
        bar: Any
        with click.progressbar(length=n_records, label="importing", file=sys.stderr) as bar:
            import_records(records_csv, progress=lambda done, total: bar.update(done - bar.pos))
        seconds["import_s"] = round(time.perf_counter() - started, 1)
    pending = pending_count()
    if pending:
        started = time.perf_counter()
        with click.progressbar(length=pending, label="indexing", file=sys.stderr) as bar:
            refresh_index(progress=lambda done, total: bar.update(done - bar.pos))
        seconds["index_s"] = round(time.perf_counter() - started, 1)
    if linked and Record.objects.filter(person__isnull=True).exists():
        started = time.perf_counter()
        _link(data_dir)
        seconds["link_s"] = round(time.perf_counter() - started, 1)
    ledger.write_text(json.dumps(seconds) + "\n")  # a rerun that reuses the build still reports it
    return seconds


def _link(data_dir: Path) -> None:
    """Resolve the records into persons with athar's linker, as `athar resolve` does (no review
    judgements: the benchmark's registry has none)."""
    from athar.files import private_directory
    from athar.registry.linking import link_registry

    work_dir = private_directory(data_dir / "linkage") / "bench-search"
    click.echo("linking the records into persons (athar's linker)", err=True)
    link_registry(work_dir, run_id="bench-search")


def _linking_accuracy(data_dir: Path) -> dict[str, float]:
    """Pairwise precision / recall / F1 of the registry's persons against the generator's truth."""
    from athar.files import private_directory
    from athar.linkage.benchmark import pairwise_accuracy
    from athar.registry.models import Record

    clusters = private_directory(data_dir / "linkage") / "persons.csv"
    with clusters.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["source", "record_id", "cluster_id"])
        for source, record_id, person in Record.objects.values_list("source__name", "record_id",
                                                                     "person_id").iterator(chunk_size=20000):
            writer.writerow([source, record_id, person if person is not None else f"record:{source}:{record_id}"])
    accuracy = pairwise_accuracy(clusters, data_dir / "synth" / "truth.csv", cross_source_only=False)
    clusters.unlink()  # record ids only, but the registry stays the one copy of its links
    return {"precision": round(accuracy.precision, 4), "recall": round(accuracy.recall, 4),
            "f1": round(accuracy.f1, 4)}


def _query_pairs(data_dir: Path, n_queries: int,
                 seed: int) -> tuple[list[tuple[str, str, str]], dict[tuple[str, str], str]]:
    """(person, Latin query, Arabic query) for persons with records in both scripts, sampled."""
    from athar.registry.models import Record

    truth: dict[tuple[str, str], str] = {}
    with (data_dir / "synth" / "truth.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            truth[(row["source"], row["record_id"])] = row["person_id"]
    latin: dict[str, str] = {}
    arabic: dict[str, str] = {}
    rows = Record.objects.filter(source__name__in=ARABIC_SOURCES + LATIN_SOURCES).values_list(
        "source__name", "record_id", "full_name", "first_name", "father_name", "grandfather_name", "family_name")
    for source, record_id, full, *parts in rows.iterator(chunk_size=5000):
        name = full or " ".join(p for p in parts if p)
        person = truth.get((source, record_id))
        if not name or person is None:
            continue
        if source in LATIN_SOURCES and not _is_arabic(name):
            latin.setdefault(person, name)
        elif source in ARABIC_SOURCES and _is_arabic(name) and source != "prison_register":
            # Given-first Arabic names (family reports, certificates): what a family would type.
            arabic.setdefault(person, name)
    both = sorted(set(latin) & set(arabic))
    chosen = random.Random(seed).sample(both, min(n_queries, len(both)))
    return [(p, latin[p], arabic[p]) for p in chosen], truth


# Namesakes (other persons' records holding every part of the query) scoring at least as well as a
# missed person: with this many, a search by name alone cannot put the person in the top 10.
NAMESAKES_BEYOND_NAMES = 10


def _explain_miss(query: str, person: str, records: Any, truth: dict[tuple[str, str], str]) -> dict[str, Any]:
    """Why a cross-script query missed its person's records (see the module docstring)."""
    from athar.names import canonical_tokens
    from athar.search.engine import MIN_SCORE, candidate_ids, score_rows
    from athar.search.keys import INDEXED_FIELDS
    from athar.search.scoring import PART_MATCH, align

    picked = candidate_ids(query, records=records)
    rows = list(records.filter(pk__in=picked).values("source__name", "record_id", *INDEXED_FIELDS))
    scores = score_rows(query, rows)
    own = [s for row, s in zip(rows, scores, strict=True) if truth.get((row["source__name"], row["record_id"])) == person]
    if not own:
        return {"reason": "not retrieved"}
    best = round(max(own), 4)
    if best < MIN_SCORE:
        return {"reason": "scored under the minimum", "score": best}
    query_parts = canonical_tokens(query)

    def namesake(row: dict[str, Any]) -> bool:
        # Every query part in the name, or (a shorter name of two parts or more: a list that writes
        # given and family name only) every part of the name in the query.
        parts = canonical_tokens(row["full_name"] or " ".join(row[f] for f in INDEXED_FIELDS[1:] if row[f]))
        matched = sum(s >= PART_MATCH for _, _, s in align(query_parts, parts))
        return matched == len(query_parts) or (len(parts) >= 2 and matched == len(parts))

    others = [(row, round(s, 4)) for row, s in zip(rows, scores, strict=True)
              if truth.get((row["source__name"], row["record_id"])) != person and round(s, 4) >= best]
    # The same counted by person (the generator's truth): what a registry whose records were all
    # linked correctly would show, since the search ranks persons, not records.
    namesake_persons = {truth.get((row["source__name"], row["record_id"])) for row, _ in others if namesake(row)}
    return {"reason": "ranked below 10", "score": best, "above": sum(s > best for _, s in others),
            "tied": sum(s == best for _, s in others),
            "namesakes_at_or_above": sum(namesake(row) for row, _ in others),
            "namesake_persons_at_or_above": len(namesake_persons)}


def _miss_summary(misses: list[dict[str, Any]]) -> dict[str, int]:
    ranked = [m for m in misses if m["reason"] == "ranked below 10"]
    return {"misses": len(misses), "not_retrieved": sum(m["reason"] == "not retrieved" for m in misses),
            "scored_under_minimum": sum(m["reason"] == "scored under the minimum" for m in misses),
            "ranked_below_10": len(ranked),
            "ranked_below_10_behind_10_namesakes": sum(m["namesakes_at_or_above"] >= NAMESAKES_BEYOND_NAMES
                                                       for m in ranked),
            "ranked_below_10_behind_10_namesake_persons": sum(
                m.get("namesake_persons_at_or_above", 0) >= NAMESAKES_BEYOND_NAMES for m in ranked)}


def _run(n_records: int, n_queries: int, seed: int, data_dir: Path, *, linked: bool) -> dict[str, Any]:
    from athar.registry.models import Record
    from athar.search.engine import search_persons

    build = _build(data_dir, n_records, seed, linked=linked)
    pairs, truth = _query_pairs(data_dir, n_queries, seed)
    everything = Record.objects.all()
    in_arabic = Record.objects.filter(source__name__in=ARABIC_SOURCES)
    in_latin = Record.objects.filter(source__name__in=LATIN_SOURCES)
    search_persons("warm up", limit=10)  # the first search checks the index; not a user's query

    timings: dict[str, list[float]] = {"latin": [], "arabic": []}
    # CPU time of this process (SQLite runs in it): what a search costs, whatever else the machine runs.
    cpu: list[float] = []
    found = {"latin_to_arabic": [0, 0], "arabic_to_latin": [0, 0]}  # [top-1, top-10]
    cross_timings: list[float] = []
    missed: dict[str, list[tuple[str, str]]] = {"latin_to_arabic": [], "arabic_to_latin": []}
    with click.progressbar(pairs, label="searching", file=sys.stderr) as bar:
        for person, latin_query, arabic_query in bar:
            for script, query in (("latin", latin_query), ("arabic", arabic_query)):
                started, started_cpu = time.perf_counter(), time.process_time()
                search_persons(query, limit=10, records=everything)
                timings[script].append(time.perf_counter() - started)
                cpu.append(time.process_time() - started_cpu)
            for direction, query, records in (("latin_to_arabic", latin_query, in_arabic),
                                              ("arabic_to_latin", arabic_query, in_latin)):
                started = time.perf_counter()
                result = search_persons(query, limit=10, records=records)
                cross_timings.append(time.perf_counter() - started)
                # The persons each hit holds records of (one, unless the linker merged namesakes).
                held = [{truth.get((r.source, r.record_id)) for r in hit.records} for hit in result.hits]
                if held[:1] and person in held[0]:
                    found[direction][0] += 1
                if any(person in persons for persons in held[:10]):
                    found[direction][1] += 1
                else:
                    missed[direction].append((person, query))
    # After the timed searches, so that explaining a miss does not warm a cache for them.
    scopes = {"latin_to_arabic": in_arabic, "arabic_to_latin": in_latin}
    misses = {direction: [{"query_index": [p for p, _, _ in pairs].index(person),
                           **_explain_miss(query, person, scopes[direction], truth)} for person, query in queries]
              for direction, queries in missed.items()}
    n = len(pairs)
    quality = {direction: {"queries": n, "top1": round(top1 / n, 4) if n else None,
                           "top10": round(top10 / n, 4) if n else None}
               for direction, (top1, top10) in found.items()}
    return {
        "records": Record.objects.count(),
        "linked": linked,
        "persons": Record.objects.exclude(person=None).values("person").distinct().count() if linked else None,
        "linking_accuracy": _linking_accuracy(data_dir) if linked else None,
        "queries_per_script": n,
        "build_seconds": build,
        "latency_all_records": {"latin": _timing(timings["latin"]), "arabic": _timing(timings["arabic"]),
                                "both": _timing(timings["latin"] + timings["arabic"]),
                                "both_cpu": _timing(cpu)},
        "latency_cross_script_restricted": _timing(cross_timings),
        "cross_script_quality": quality,
        "cross_script_misses": {direction: _miss_summary(m) for direction, m in misses.items()},
        # Per miss, no names (a query's place in the sample, from the seed): why it missed.
        "cross_script_miss_details": misses,
    }


def _markdown(result: dict[str, Any], command_line: str) -> str:
    latency = result["latency_all_records"]
    quality = result["cross_script_quality"]
    lines = [
        f"# Search benchmark, {result['date']}",
        "",
        f"Command: `{command_line}`",
        "",
        f"Machine: {result['machine']}. Records: {result['records']:,} synthetic (seed {result['seed']}), "
        + (f"linked into {result['persons']:,} persons by athar's linker (as `athar resolve`); results are "
           f"persons" if result.get("linked") else "not linked into persons; results are records")
        + f"; {result['queries_per_script']} queries per script.",
        "",
        "| search over all records, limit 10 | p50 ms | p95 ms | max ms |",
        "|---|---|---|---|",
    ]
    for name in ("latin", "arabic", "both"):
        t = latency[name]
        lines.append(f"| {name} queries | {t['p50_ms']} | {t['p95_ms']} | {t['max_ms']} |")
    t = latency["both_cpu"]
    lines.append(f"| both, CPU time of the process (not wall clock) | {t['p50_ms']} | {t['p95_ms']} | {t['max_ms']} |")
    t = result["latency_cross_script_restricted"]
    lines += [f"| cross-script (one script's sources only) | {t['p50_ms']} | {t['p95_ms']} | {t['max_ms']} |", "",
              "| cross-script quality | queries | top-1 | top-10 |", "|---|---|---|---|"]
    for direction, q in quality.items():
        lines.append(f"| {direction.replace('_', ' ')} | {q['queries']} | {q['top1']} | {q['top10']} |")
    lines += ["", "| cross-script misses (not in the top 10) | misses | not retrieved | scored under the minimum "
              f"| ranked below 10 | of which behind {NAMESAKES_BEYOND_NAMES}+ namesakes | behind "
              f"{NAMESAKES_BEYOND_NAMES}+ namesake persons |", "|---|---|---|---|---|---|---|"]
    for direction, m in result["cross_script_misses"].items():
        lines.append(f"| {direction.replace('_', ' ')} | {m['misses']} | {m['not_retrieved']} | "
                     f"{m['scored_under_minimum']} | {m['ranked_below_10']} | {m['ranked_below_10_behind_10_namesakes']} "
                     f"| {m.get('ranked_below_10_behind_10_namesake_persons', '')} |")
    lines += ["", "Namesakes: other persons' records that hold every part of the query, or whose every part (two at "
              "least) the query holds, and score at least as well as the person's best record; behind ten of them "
              "a search by name alone cannot reach the top 10. Namesake persons: the same records counted once per "
              "person (the generator's truth), what a registry whose records were all linked correctly would rank."]
    if result.get("linked"):
        a = result["linking_accuracy"]
        lines += ["", f"Linking of the benchmark's registry against the generator's truth (pairwise): precision "
                      f"{a['precision']}, recall {a['recall']}, F1 {a['f1']}. A query is found when one of the first "
                      "1 / 10 persons holds a record of its person."]
    lines += ["", f"Build of the benchmark's registry (seconds, when it was built; empty when the "
              f"steps' times were not kept): {result['build_seconds']}",
              "Wall-clock times include waiting for the CPU: on a shared machine read the CPU-time row.", ""]
    return "\n".join(lines)


@click.command("search")
@click.option("--records", "n_records", type=click.IntRange(min=1000), default=1_000_000, show_default=True,
              help="Synthetic records in the benchmark's registry.")
@click.option("--queries", "n_queries", type=click.IntRange(min=10), default=500, show_default=True,
              help="Queries per script (persons with records in both scripts).")
@click.option("--seed", type=int, default=7, show_default=True)
@click.option("--linked", is_flag=True,
              help="Link the registry's records into persons first (athar's linker, as `athar resolve`): "
                   "results are then persons, as the web person list shows them.")
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where the benchmark's own registry is built and reused "
                   "[default: var/bench-search-RECORDS, or var/bench-search-RECORDS-linked].")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("docs/benchmarks"), show_default=True, help="Where the dated result files go.")
def command(n_records: int, n_queries: int, seed: int, linked: bool, data_dir: Path | None, out_dir: Path) -> None:
    """p50/p95 search latency and Arabic<->Latin top-1/top-10 on synthetic records."""
    default_dir = Path("var") / (f"bench-search-{n_records}" + ("-linked" if linked else ""))
    data_dir = (data_dir or default_dir).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    # Its own registry: the settings read ATHAR_DATA_DIR when Django is set up, below.
    os.environ["ATHAR_DATA_DIR"] = str(data_dir)
    os.environ.pop("ATHAR_DATABASE", None)
    from athar.bench.results import free_stem
    from athar.cli.django_setup import setup_django

    setup_django()
    command_line = "athar " + " ".join(sys.argv[1:]) if sys.argv[1:2] == ["bench"] else \
        f"athar bench search --records {n_records} --queries {n_queries} --seed {seed}" + (" --linked" * linked)
    click.echo(f"$ {command_line}")
    result = _run(n_records, n_queries, seed, data_dir, linked=linked)
    now = datetime.now(UTC)
    result.update(date=now.date().isoformat(), seed=seed, command=command_line,
                  machine=f"{os.cpu_count()} cores (shared), {sys.platform}")
    markdown = _markdown(result, command_line)
    click.echo(markdown)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = out_dir / free_stem(out_dir, f"search-{now.date().isoformat()}-{result['records']}")
    stem.with_suffix(".json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    stem.with_suffix(".md").write_text(markdown, encoding="utf-8")
    click.echo(f"wrote {stem}.json and {stem}.md")
