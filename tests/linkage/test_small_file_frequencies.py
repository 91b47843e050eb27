"""Term frequencies blended with the names dictionary's rarity classes (`features.term_frequencies`
with pseudo-records), for two records compared on their own: in two copies of one record every
name is held by everybody, and agreeing on it counted against the match."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from athar.interchange import RecordRow
from athar.linkage import features
from athar.linkage.explain_pair import explain_records


def _write(path: Path, rows: list[tuple[str, str, str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["source", "record_id", "full_name", "sex", "birth_date"])
        writer.writerows((source, rid, name, "M", born) for source, rid, name, born in rows)
    return path


def _clusters(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8") as handle:
        return {f"{r['source']}/{r['record_id']}": r["cluster_id"] for r in csv.DictReader(handle)}


def test_counts_alone_without_pseudo_records() -> None:
    assert features.term_frequencies(["a", "a", "b", None]) == {"a": 2 / 3, "b": 1 / 3}


def test_pseudo_records_pull_a_small_files_counts_towards_the_dictionary() -> None:
    common, unlisted = "mhmd", "zzqrtx"
    assert features.expected_frequency("given", common) == 0.05
    assert features.expected_frequency("family", unlisted) == 0.0005
    assert features.expected_frequency("event_place_key", "sydnaya") == 0.02
    blended = features.term_frequencies([common, unlisted], column="given", pseudo_records=500)
    assert blended[common] == pytest.approx((1 + 500 * 0.05) / 502)
    assert blended[unlisted] == pytest.approx((1 + 500 * 0.0005) / 502)
    # A large file's own counts dominate.
    many = [common] * 3000 + [f"x{i}" for i in range(97_000)]
    assert features.term_frequencies(many, column="given", pseudo_records=500)[common] == pytest.approx(0.03, abs=1e-4)


def test_an_ad_hoc_comparison_counts_an_exact_name_for_the_match() -> None:
    rows = [RecordRow(file="t.csv", row=i + 2, raw={}, source=s, record_id="1", full_name="محمد أحمد الحسن")
            for i, s in enumerate("ab")]
    explanation = explain_records(rows)
    given = next(f for f in explanation.fields if f.comparison == "given")
    assert given.weight > 0
