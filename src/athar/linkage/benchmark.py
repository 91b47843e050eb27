"""Linkage benchmarks: accuracy, wall time and peak memory of athar's linker and of a plain
Splink configuration, on synthetic data (`athar.synth`) and on the Gaza MoH release pair.

Each measured run happens in a child process (`python -m athar.linkage.benchmark JSON`) so its
peak resident memory (VmHWM, which includes DuckDB's allocations) belongs to that run alone.

Accuracy is pairwise: a pair of records is a true positive when both the clusters and the
truth put them together. For a link-only run only pairs across sources count; records without
truth (the Gaza rows whose id is not a number) are left out of scoring, not out of linking."""

# ruff: noqa: S608 — SQL here is built from our own table and column names; the only outside
# value, a file path, is quoted by doubling single quotes.

from __future__ import annotations

import csv
import json
import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import duckdb

from athar.linkage import forked

GAZA_RELEASES = (
    ("20240413killed-in-gaza.csv", "moh-2024-04-13", "2024-04-13"),
    ("20240808killed-in-gaza.csv", "moh-2024-08-08", "2024-08-08"),
)


@dataclass(frozen=True)
class Accuracy:
    precision: float
    recall: float
    f1: float
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int


def pairwise_accuracy(clusters_csv: str | Path, truth_csv: str | Path, *, cross_source_only: bool) -> Accuracy:
    """Pairwise precision/recall/F1 of clusters.csv against a truth CSV
    (`source,record_id,person_id`; rows with an empty person_id are not scored)."""
    con = duckdb.connect()
    try:
        con.execute(f"""CREATE TABLE j AS SELECT c.source, c.record_id, c.cluster_id, t.person_id
            FROM read_csv('{sql_quote(clusters_csv)}', all_varchar=true) c
            JOIN read_csv('{sql_quote(truth_csv)}', all_varchar=true) t USING (source, record_id)
            WHERE t.person_id IS NOT NULL AND t.person_id <> ''""")
        return accuracy_of_table(con, "j", cross_source_only=cross_source_only)
    finally:
        con.close()


def accuracy_of_table(con: duckdb.DuckDBPyConnection, table: str, *, cross_source_only: bool) -> Accuracy:
    """Pairwise accuracy of a table (source, record_id, cluster_id, person_id) on `con`."""

    def pairs(group: str) -> int:
        if cross_source_only:
            sql = (f"SELECT coalesce(sum((n * n - nn) / 2), 0) FROM (SELECT {group}, sum(k) AS n, "
                   f"sum(k * k) AS nn FROM (SELECT {group}, source, count(*) AS k FROM {table} "
                   f"GROUP BY ALL) GROUP BY ALL)")
        else:
            sql = (f"SELECT coalesce(sum(n * (n - 1) / 2), 0) FROM (SELECT {group}, count(*) AS n "
                   f"FROM {table} GROUP BY ALL)")
        row = con.execute(sql).fetchall()
        return int(row[0][0]) if row else 0

    truth, predicted, correct = pairs("person_id"), pairs("cluster_id"), pairs("cluster_id, person_id")
    precision = correct / predicted if predicted else 1.0
    recall = correct / truth if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Accuracy(precision, recall, f1, truth, predicted, correct)


def sql_quote(path: str | Path) -> str:
    return str(path).replace("'", "''")


def convert_gaza(data_dir: str | Path, out_dir: str | Path) -> tuple[list[Path], Path]:
    """Convert the two releases to records CSVs (README of shared/data/gaza-moh): the ID goes to
    the truth file only; record_id is the row number within the release."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    truth_path = out / "gaza-truth.csv"
    record_paths = []
    with truth_path.open("w", encoding="utf-8", newline="") as truth_handle:
        truth = csv.writer(truth_handle)
        truth.writerow(("source", "record_id", "person_id"))
        for filename, source, release in GAZA_RELEASES:
            path = out / f"{source}.csv"
            record_paths.append(path)
            with (Path(data_dir) / filename).open(encoding="utf-8-sig", newline="") as src, \
                    path.open("w", encoding="utf-8", newline="") as dst:
                writer = csv.writer(dst)
                writer.writerow(("source", "record_id", "full_name", "sex", "age", "event_date", "birth_date"))
                for n, row in enumerate(csv.DictReader(src), start=1):
                    record_id = f"r{n}"
                    sex = {"m": "M", "f": "F"}.get((row.get("sex") or "").strip().lower(), "")
                    writer.writerow((source, record_id, row["name"], sex, (row.get("age") or "").strip(),
                                     release, (row.get("dob") or "").strip()))
                    person = (row.get("id") or "").strip()
                    truth.writerow((source, record_id, person if person.isdigit() else ""))
    return record_paths, truth_path


# -- child-process runs --------------------------------------------------------------------

def run_job(job: dict[str, object]) -> dict[str, object]:
    """Run one linkage job in a child process; returns its timings, peak memory and counts."""
    env = dict(os.environ)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run([sys.executable, "-m", "athar.linkage.benchmark", json.dumps(job)],
                          capture_output=True, text=True, env=env, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        tail = proc.stderr.strip().splitlines()[-3:]
        return {"error": " | ".join(tail) or f"exit status {proc.returncode}"}
    result: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    # CPU time (user + system) of the whole child, every thread and forked helper included: on a
    # shared machine wall time moves with the load, this much less.
    result["job_cpu_s"] = round(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 2)
    return result


def peak_rss_kb() -> int:
    """Peak resident memory of this process image, in KB. Linux's ru_maxrss survives exec: a
    child started by a parent that had grown to 900 MB reports at least 900 MB, whatever it
    used. VmHWM belongs to the running image only; ru_maxrss is the fallback elsewhere."""
    return forked.proc_status_kb("VmHWM:") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _worker(job: dict[str, object]) -> dict[str, object]:
    from athar.interchange import read_many

    start = time.perf_counter()
    records = [str(p) for p in cast(list[object], job["records"])]
    out_dir = str(job["out_dir"])
    link_only = bool(job.get("link_only"))
    threshold = float(job.get("threshold", 0.5))  # type: ignore[arg-type]
    info: dict[str, object] = {}
    if job["engine"] == "athar":
        from athar.linkage.pipeline import link

        result = link(records, out_dir, link_only=link_only, threshold=threshold,
                      pool_persons=bool(job.get("person_pass", True)),
                      merge_split=bool(job.get("cluster_merge", True)))
        info = {"pairs": result.n_pairs, "clusters": result.n_clusters,
                "timings": {k: round(v, 2) for k, v in result.timings.items()},
                "refused": result.merges_refused}
    elif job["engine"] == "plain":
        from athar.linkage.baseline import baseline_link

        rows = read_many(records).rows
        info = {"pairs": baseline_link(rows, out_dir, link_only=link_only, threshold=threshold,
                                       transliterate=bool(job.get("transliterate")))}
    elif job["engine"] == "incremental":
        from athar.linkage.incremental import link_new

        inc = link_new(records, str(job["against"]), out_dir, threshold=threshold)
        info = {"pairs": inc.n_pairs, "attached": inc.n_attached,
                "timings": {k: round(v, 3) for k, v in inc.timings.items()}}
        usage = resource.getrusage(resource.RUSAGE_SELF)  # every thread's, DuckDB's included
        info["cpu_s"] = round(usage.ru_utime + usage.ru_stime, 2)
        info["wall_s"] = round(time.perf_counter() - start, 2)
        info.update(_warm_match(records, str(job["against"]), out_dir, threshold))
    info.setdefault("wall_s", round(time.perf_counter() - start, 2))
    # With the name columns computed partly in a forked child, what both held together counts.
    info["peak_rss_mb"] = round(max(peak_rss_kb(), forked.peak_with_children_kb()) / 1024, 1)
    return info


def _warm_match(records: list[str], against: str, out_dir: str, threshold: float) -> dict[str, object]:
    """The same records matched again by a matcher that has matched once (what a long-running
    registry does: the run opened, the name and place tables loaded): wall and CPU seconds
    (every thread's) of that second match."""
    from athar.linkage.incremental import IncrementalMatcher
    from athar.linkage.pipeline import read_input

    rows, _problems = read_input(records)
    with IncrementalMatcher(against) as matcher:
        matcher.match(rows, f"{out_dir}-warm-1", threshold=threshold)
        cpu, wall = time.process_time(), time.perf_counter()
        matcher.match(rows, f"{out_dir}-warm-2", threshold=threshold)
        return {"warm_match_s": round(time.perf_counter() - wall, 3),
                "warm_match_cpu_s": round(time.process_time() - cpu, 3)}


if __name__ == "__main__":
    sys.stdout.write(json.dumps(_worker(json.loads(sys.argv[1]))) + "\n")
