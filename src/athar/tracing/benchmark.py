"""How often a family's request finds the right person, on synthetic data with a known truth.

Family reports play the requests; every other source is the registry, linked with `athar link`
as `athar resolve` would. Each request is ranked against the registry through the same code as
`athar trace match` (`athar.tracing.ranking`). Measured:
- top-1 / top-3 / top-5: among requests whose person has a record in the registry, the share
  with the right person at rank ≤ k (a candidate is right when its best-matching record is the
  request's person in the truth);
- false hope: among requests whose person is NOT in the registry, the share with any candidate
  at probability ≥ 0.9 (the worst error: a family told of someone who is not theirs);
- repeated requests: family-report pairs scored ≥ 0.9 against each other, and how many of them
  really are one person asked about twice.

Pure Python (no Django). What it cannot do: measure anything about real families' wording; the
synthetic family reports have the noise synth gives them (see athar.synth), not more."""

from __future__ import annotations

import csv
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from athar.interchange import read_records
from athar.linkage import IncrementalMatcher, link
from athar.synth import generate
from athar.tracing.ranking import Key, rank_requests

REQUEST_SOURCE = "family_reports"
FALSE_HOPE_PROBABILITY = 0.9


@dataclass
class TracingBenchmark:
    records: int
    seed: int
    registry_records: int
    requests: int
    requests_in_registry: int
    requests_not_in_registry: int
    top1: float
    top3: float
    top5: float
    no_candidate_in_registry: float  # requests in the registry that got no candidate at all
    false_hope: float
    false_hope_count: int
    repeated_pairs_flagged: int
    repeated_pairs_right: int
    repeated_pairs_true: int
    timings: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def _split(records_csv: Path, registry_csv: Path, requests_csv: Path) -> tuple[int, int]:
    counts = [0, 0]
    with records_csv.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = reader.fieldnames or []
        with registry_csv.open("w", encoding="utf-8", newline="") as reg, \
                requests_csv.open("w", encoding="utf-8", newline="") as req:
            writers = [csv.DictWriter(reg, fieldnames=fields), csv.DictWriter(req, fieldnames=fields)]
            for w in writers:
                w.writeheader()
            for row in reader:
                i = int(row["source"] == REQUEST_SOURCE)
                writers[i].writerow(row)
                counts[i] += 1
    return counts[0], counts[1]


def run(records: int, *, seed: int, workdir: Path, top: int = 5) -> TracingBenchmark:
    timings: dict[str, float] = {}
    t = time.perf_counter()
    synth = generate(records, seed=seed, out_dir=workdir / "synth", invalid_dates=False)
    registry_csv, requests_csv = workdir / "registry.csv", workdir / "requests.csv"
    n_registry, _ = _split(synth.records_csv, registry_csv, requests_csv)
    with synth.truth_csv.open(encoding="utf-8", newline="") as handle:
        truth: dict[Key, str] = {(r["source"], r["record_id"]): r["person_id"] for r in csv.DictReader(handle)}
    timings["synth"] = time.perf_counter() - t

    t = time.perf_counter()
    run_dir = workdir / "registry-run"
    link([registry_csv], run_dir)
    with (run_dir / "clusters.csv").open(encoding="utf-8", newline="") as handle:
        cluster: dict[Key, str] = {(r["source"], r["record_id"]): r["cluster_id"] for r in csv.DictReader(handle)}
    timings["link_registry"] = time.perf_counter() - t

    t = time.perf_counter()
    rows = [r for r in read_records(requests_csv).rows if r.is_usable]
    with IncrementalMatcher(run_dir) as matcher:
        result = rank_requests(matcher, rows, cluster.get, top=top, work_parent=workdir)
    timings["match_requests"] = time.perf_counter() - t

    in_registry = {p for k, p in truth.items() if k[0] != REQUEST_SOURCE}
    hits = {1: 0, 3: 0, 5: 0}
    n_in = n_out = no_candidate = false_hope = 0
    for row in rows:
        person = truth[row.key]
        candidates = result.candidates.get(row.key, [])
        if person in in_registry:
            n_in += 1
            right = [c.rank for c in candidates if truth.get((c.source, c.record_id)) == person]
            no_candidate += not candidates
            for k in hits:
                hits[k] += bool(right) and min(right) <= k
        else:
            n_out += 1
            false_hope += any(c.match_probability >= FALSE_HOPE_PROBABILITY for c in candidates)
    flagged = [(a, b) for a, b, p in result.related_requests if p >= FALSE_HOPE_PROBABILITY]
    by_person: dict[str, int] = {}
    for row in rows:
        by_person[truth[row.key]] = by_person.get(truth[row.key], 0) + 1
    true_repeats = sum(n * (n - 1) // 2 for n in by_person.values())

    def share(n: int, d: int) -> float:
        return round(n / d, 4) if d else 0.0

    return TracingBenchmark(
        records=records, seed=seed, registry_records=n_registry, requests=len(rows),
        requests_in_registry=n_in, requests_not_in_registry=n_out,
        top1=share(hits[1], n_in), top3=share(hits[3], n_in), top5=share(hits[5], n_in),
        no_candidate_in_registry=share(no_candidate, n_in),
        false_hope=share(false_hope, n_out), false_hope_count=false_hope,
        repeated_pairs_flagged=len(flagged),
        repeated_pairs_right=sum(truth[a] == truth[b] for a, b in flagged),
        repeated_pairs_true=true_repeats,
        timings={k: round(v, 1) for k, v in timings.items()})
