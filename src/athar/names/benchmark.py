"""Name-pair accuracy and speed on the Gaza Ministry of Health releases (`athar bench names`).

Ground truth: the same `id` in the 2024-04-13 and 2024-08-08 releases is the same person.
- Arabic set: positives are ids whose Arabic name differs between the releases (all of them) plus a
  sample of identical ones; negatives are pairs of different ids whose names are similar (they
  share a blocking key, or 3 of 4 normalised parts — brothers, cousins, father/son).
- Cross-script set: the Arabic name of one release against the `en_name` of the other. `en_name` was
  made by Tech For Palestine from a name dictionary, so it is a Latin rendering derived from the
  Arabic, not an independent registration: it tests romanisation, not real transliteration noise.
Baseline: rapidfuzz Jaro-Winkler on lower-cased, whitespace-collapsed strings, at its best
threshold. Throughput is measured on the linker's hot path, `compare_canonical` on precomputed
canonical token tuples, in CPU time of this process (the machine is shared; wall time would
count other people's work): on the accuracy pairs above, and on the pairs a linker compares —
every pair of records across the two releases that shares a blocking key (`blocking_keys`;
keys shared by more than 200 records skipped), a fixed sample of them. For those, the first
pass (token-pair caches empty: every new token pair is an edit distance in Python), the warm
rate, and the warm rate with `threshold=NAME_MATCH_THRESHOLD` (pairs that cannot reach it are
answered early) are reported, best of three runs each, for two paths: `compare_canonical` called
pair by pair, and `compare_canonical_many` on the whole sample at once (the batch path, vectorised
with numpy; the linker's hot path). The batch path's scores are checked against the pair-by-pair
ones on every sampled pair (they must be the same floats).

Limits: the ground truth is ~99.5% clean (reused and corrected ids); the negatives are sampled
from name-similar pairs, so precision here is a hard-case precision, not a population one.
"""

from __future__ import annotations

import csv
import random
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz.distance import JaroWinkler

from athar.names import spelling_probe
from athar.names.arabic import normalise_arabic
from athar.names.batch import clear_batch_cache
from athar.names.compare import NAME_MATCH_THRESHOLD, compare_canonical, compare_canonical_many
from athar.names.keys import blocking_keys
from athar.names.romanise import canonical_tokens
from athar.names.tokens import clear_similarity_cache

FILES = ("20240413killed-in-gaza.csv", "20240808killed-in-gaza.csv")


@dataclass(frozen=True)
class Pair:
    a: str
    b: str
    same: bool


@dataclass(frozen=True)
class Accuracy:
    threshold: float
    precision: float
    recall: float
    f1: float


def _read(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return {r["id"]: r for r in csv.DictReader(fh) if r["id"].isdigit() and r["name"].strip()}


def accuracy(scores: Sequence[float], truth: Sequence[bool], threshold: float) -> Accuracy:
    tp = sum(1 for s, t in zip(scores, truth, strict=True) if s >= threshold and t)
    fp = sum(1 for s, t in zip(scores, truth, strict=True) if s >= threshold and not t)
    fn = sum(1 for s, t in zip(scores, truth, strict=True) if s < threshold and t)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return Accuracy(threshold, p, r, f)


def best_threshold(scores: Sequence[float], truth: Sequence[bool]) -> Accuracy:
    candidates = sorted({round(s, 3) for s in scores})
    step = max(1, len(candidates) // 400)
    return max((accuracy(scores, truth, t) for t in candidates[::step]), key=lambda a: a.f1)


def build_pairs(old: dict[str, dict[str, str]], new: dict[str, dict[str, str]], *, seed: int = 0,
                identical_sample: int = 1000, negatives: int = 6000) -> tuple[list[Pair], list[Pair]]:
    """(Arabic pairs, cross-script pairs), both with positives and name-similar negatives."""
    rng = random.Random(seed)
    common = sorted(set(old) & set(new))
    differing = [i for i in common if old[i]["name"] != new[i]["name"]]
    identical = [i for i in common if old[i]["name"] == new[i]["name"]]
    positives_ids = differing + rng.sample(identical, min(identical_sample, len(identical)))
    arabic = [Pair(old[i]["name"], new[i]["name"], True) for i in positives_ids]
    cross = [Pair(new[i]["name"], old[i]["en_name"], True) for i in rng.sample(common, min(3000, len(common)))
             if old[i]["en_name"].strip()]

    # Name-similar negatives: a shared blocking key, or 3 shared parts out of 4.
    by_key: dict[str, list[str]] = defaultdict(list)
    by_parts: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for i, row in old.items():
        for k in blocking_keys(row["name"]):
            by_key[k].append(i)
        parts = normalise_arabic(row["name"]).split()
        if len(parts) == 4:
            for skip in range(4):
                by_parts[tuple(p for n, p in enumerate(parts) if n != skip) + (str(skip),)].append(i)
    neg_keys: set[tuple[str, str]] = set()
    new_ids = sorted(new)
    rng.shuffle(new_ids)
    for j in new_ids:
        name = new[j]["name"]
        cands: list[str] = []
        for k in blocking_keys(name):
            cands.extend(by_key.get(k, ())[:50])
        parts = normalise_arabic(name).split()
        if len(parts) == 4:
            for skip in range(4):
                cands.extend(by_parts.get(tuple(p for n, p in enumerate(parts) if n != skip) + (str(skip),), ()))
        for i in cands:
            if i != j and (i, j) not in neg_keys:
                neg_keys.add((i, j))
                break
        if len(neg_keys) >= negatives:
            break
    for i, j in sorted(neg_keys):
        arabic.append(Pair(old[i]["name"], new[j]["name"], False))
        if old[i]["en_name"].strip():
            cross.append(Pair(new[j]["name"], old[i]["en_name"], False))
    return arabic, cross


def _jw(a: str, b: str) -> float:
    return JaroWinkler.normalized_similarity(" ".join(a.lower().split()), " ".join(b.lower().split()))


def evaluate(pairs: Sequence[Pair], scorer: Callable[[str, str], float]) -> tuple[list[float], list[bool]]:
    return [scorer(p.a, p.b) for p in pairs], [p.same for p in pairs]


def _best_rate(run_once: Callable[[], object], n: int, *, min_seconds: float, runs: int) -> float:
    """Items per CPU second of `run_once` (which handles `n` items), after one warm-up call: the best of
    `runs` runs of at least `min_seconds` each."""
    run_once()
    best = 0.0
    for _ in range(runs):
        done = 0
        start = time.process_time()
        while True:
            run_once()
            done += n
            elapsed = time.process_time() - start
            if elapsed >= min_seconds:
                break
        best = max(best, done / elapsed)
    return best


def throughput(prepared: Sequence[tuple[tuple[str, ...], tuple[str, ...]]], *, threshold: float | None = None,
               min_seconds: float = 1.0, runs: int = 3) -> float:
    """Comparisons per CPU second of `compare_canonical` on precomputed token tuples, caches warm
    (best of `runs` runs of at least `min_seconds` each)."""

    def run_once() -> None:
        for a, b in prepared:
            compare_canonical(a, b, threshold)

    return _best_rate(run_once, len(prepared), min_seconds=min_seconds, runs=runs)


def cold_throughput(prepared: Sequence[tuple[tuple[str, ...], tuple[str, ...]]]) -> float:
    """Comparisons per CPU second of a first pass with the token-pair caches emptied."""
    clear_similarity_cache()
    start = time.process_time()
    for a, b in prepared:
        compare_canonical(a, b)
    return len(prepared) / (time.process_time() - start)


def batch_throughput(prepared: Sequence[tuple[tuple[str, ...], tuple[str, ...]]], *,
                     threshold: float | None = None, min_seconds: float = 1.0, runs: int = 3) -> float:
    """Comparisons per CPU second of `compare_canonical_many` over all of `prepared` in one call,
    caches warm (best of `runs` runs of at least `min_seconds` each)."""
    return _best_rate(lambda: compare_canonical_many(prepared, threshold), len(prepared),
                      min_seconds=min_seconds, runs=runs)


def cold_batch_throughput(prepared: Sequence[tuple[tuple[str, ...], tuple[str, ...]]]) -> float:
    """Comparisons per CPU second of one `compare_canonical_many` call with every cache emptied."""
    clear_similarity_cache()
    clear_batch_cache()
    start = time.process_time()
    compare_canonical_many(prepared)
    return len(prepared) / (time.process_time() - start)


def batch_differences(prepared: Sequence[tuple[tuple[str, ...], tuple[str, ...]]],
                      threshold: float | None = None) -> int:
    """How many pairs `compare_canonical_many` scores differently from `compare_canonical` (must be 0)."""
    many = compare_canonical_many(prepared, threshold)
    return sum(1 for (a, b), s in zip(prepared, many, strict=True) if compare_canonical(a, b, threshold) != s)


def blocked_pairs(old: dict[str, dict[str, str]], new: dict[str, dict[str, str]], *, sample: int = 30_000,
                  max_block: int = 200, seed: int = 0) -> list[tuple[str, str]]:
    """Arabic names of record pairs (old, new) that share a blocking key: what a linker compares."""
    by_key: dict[str, list[str]] = defaultdict(list)
    for i, row in old.items():
        for k in blocking_keys(row["name"]):
            by_key[k].append(i)
    pairs: set[tuple[str, str]] = set()
    for j, row in new.items():
        for k in blocking_keys(row["name"]):
            block = by_key.get(k, ())
            if len(block) <= max_block:
                pairs.update((i, j) for i in block)
    chosen = sorted(pairs)
    random.Random(seed).shuffle(chosen)
    return [(old[i]["name"], new[j]["name"]) for i, j in chosen[:sample]]


def run(gaza_dir: Path) -> list[str]:
    """Run the whole benchmark; returns the report lines (the CLI prints them)."""
    old = _read(gaza_dir / FILES[0])
    new = _read(gaza_dir / FILES[1])
    t0 = time.perf_counter()
    arabic, cross = build_pairs(old, new)
    lines = [f"Gaza MoH releases: {len(old)} + {len(new)} rows with numeric ids; pairs built in "
             f"{time.perf_counter() - t0:.1f} s"]
    for label, pairs in (("Arabic vs Arabic", arabic), ("Arabic vs en_name (dictionary-derived Latin)", cross)):
        pos = sum(p.same for p in pairs)
        lines.append(f"\n{label}: {len(pairs)} pairs ({pos} same, {len(pairs) - pos} different)")
        t0 = time.perf_counter()
        ours, truth = evaluate(pairs, lambda a, b: compare_canonical(canonical_tokens(a), canonical_tokens(b)))
        cold = time.perf_counter() - t0
        jw, _ = evaluate(pairs, _jw)
        at = accuracy(ours, truth, NAME_MATCH_THRESHOLD)
        best = best_threshold(ours, truth)
        base = best_threshold(jw, truth)
        lines.append(f"  athar.names @ {at.threshold:.2f} (NAME_MATCH_THRESHOLD): precision {at.precision:.3f} "
                     f"recall {at.recall:.3f} F1 {at.f1:.3f}")
        lines.append(f"  athar.names @ best {best.threshold:.3f}: precision {best.precision:.3f} "
                     f"recall {best.recall:.3f} F1 {best.f1:.3f}")
        lines.append(f"  baseline Jaro-Winkler @ best {base.threshold:.3f}: precision {base.precision:.3f} "
                     f"recall {base.recall:.3f} F1 {base.f1:.3f}")
        lines.append(f"  first pass incl. normalise/parse/romanise: {len(pairs) / cold:,.0f} pairs/s")
    mix = [(canonical_tokens(p.a), canonical_tokens(p.b)) for p in arabic + cross]
    t0 = time.perf_counter()
    blocked = [(canonical_tokens(a), canonical_tokens(b)) for a, b in blocked_pairs(old, new)]
    built = time.perf_counter() - t0
    t = NAME_MATCH_THRESHOLD
    lines.append(f"\nThroughput on precomputed canonical tokens, name comparisons per CPU second of one process "
                 f"(best of 3 runs of >= 1 s):\n  blocked candidate pairs ({len(blocked)} sampled, built in "
                 f"{built:.1f} s):")
    lines.append(f"    batch path, compare_canonical_many(all {len(blocked)} pairs) [bulk hot path]: "
                 f"first pass (caches empty) {cold_batch_throughput(blocked):,.0f}/s; warm "
                 f"{batch_throughput(blocked):,.0f}/s; warm with threshold={t} "
                 f"{batch_throughput(blocked, threshold=t):,.0f}/s")
    lines.append(f"    pair by pair, compare_canonical(a, b): first pass (caches empty) {cold_throughput(blocked):,.0f}/s; "
                 f"warm {throughput(blocked):,.0f}/s; warm with threshold={t} {throughput(blocked, threshold=t):,.0f}/s")
    lines.append(f"    batch scores differing from pair-by-pair scores: {batch_differences(blocked)} "
                 f"(with threshold={t}: {batch_differences(blocked, t)})")
    lines.append(f"  accuracy pairs above ({len(mix)}), caches warm: batch path {batch_throughput(mix):,.0f}/s; "
                 f"pair by pair {throughput(mix):,.0f}/s")
    lines.append("")
    lines.extend(spelling_probe.report(spelling_probe.probe()))
    return lines
