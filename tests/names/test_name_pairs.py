"""The labelled pair table: precision and recall of `name_similarity` at `NAME_MATCH_THRESHOLD`.

The table (cases/name_pairs.tsv) was written by hand before the scoring was tuned; it is the
acceptance gate of the names package (precision ≥ 0.97, recall ≥ 0.95)."""

from __future__ import annotations

import csv
from pathlib import Path

from athar.names import NAME_MATCH_THRESHOLD, name_similarity

CASES = Path(__file__).parent / "cases" / "name_pairs.tsv"
MIN_PRECISION = 0.97
MIN_RECALL = 0.95


def _pairs() -> list[dict[str, str]]:
    lines = [ln for ln in CASES.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_it_has_enough_pairs_in_both_labels() -> None:
    pairs = _pairs()
    assert len(pairs) >= 400
    assert {p["label"] for p in pairs} == {"same", "different"}
    assert sum(p["label"] == "different" for p in pairs) >= 150


def test_it_meets_precision_and_recall_at_the_threshold() -> None:
    tp = fp = fn = tn = 0
    errors: list[str] = []
    for p in _pairs():
        score = name_similarity(p["name_a"], p["name_b"])
        predicted = score >= NAME_MATCH_THRESHOLD
        actual = p["label"] == "same"
        tp += predicted and actual
        fp += predicted and not actual
        fn += actual and not predicted
        tn += not actual and not predicted
        if predicted != actual:
            errors.append(f"{p['label']:9} {score:.3f} {p['rule']}: {p['name_a']!r} ~ {p['name_b']!r}")
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    summary = (f"name pairs: threshold {NAME_MATCH_THRESHOLD}, precision {precision:.3f}, recall {recall:.3f} "
               f"(tp {tp}, fp {fp}, fn {fn}, tn {tn})")
    print("\n" + summary + "\n" + "\n".join(errors))  # noqa: T201 — the suite reports these numbers
    assert precision >= MIN_PRECISION and recall >= MIN_RECALL, summary + "\n" + "\n".join(errors)
