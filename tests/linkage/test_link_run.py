"""End to end on a small generated cross-script set: outputs, accuracy, guards, reuse, explanations."""

from __future__ import annotations

import csv
import math
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest
from tests.linkage.linkage_generate import read_clusters

from athar.linkage.benchmark import pairwise_accuracy
from athar.linkage.explain_pair import explain_pair
from athar.linkage.pipeline import link

CHECKER = Path("/work/shared/tools/check-link-output")


def check_link_output(records: Path, out: Path) -> None:
    """The spec's checks: the shared tool when present, else the same checks here."""
    if CHECKER.exists():
        proc = subprocess.run([str(CHECKER), str(records), str(out)], capture_output=True, text=True, check=False)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        return
    with records.open(encoding="utf-8-sig", newline="") as handle:
        keys = {(r["source"], r["record_id"]) for r in csv.DictReader(handle)}
    with (out / "clusters.csv").open(encoding="utf-8", newline="") as handle:
        seen = [(r["source"], r["record_id"]) for r in csv.DictReader(handle)]
    assert len(seen) == len(set(seen)) and set(seen) == keys
    with (out / "pairs.csv").open(encoding="utf-8", newline="") as handle:
        for r in csv.DictReader(handle):
            assert 0.01 <= float(r["match_probability"]) <= 1
            assert (r["source_l"], r["record_id_l"]) in keys and (r["source_r"], r["record_id_r"]) in keys


def test_outputs_follow_the_spec(generated, linked):
    check_link_output(generated[0], linked)
    with (linked / "pairs.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames[:5] == ["source_l", "record_id_l", "source_r", "record_id_r", "match_probability"]
        assert "explanation" in reader.fieldnames
        rows = list(reader)
    assert rows and all(float(r["match_probability"]) >= 0.01 for r in rows)


def test_it_links_across_scripts_accurately(generated, linked):
    accuracy = pairwise_accuracy(linked / "clusters.csv", generated[1], cross_source_only=False)
    assert accuracy.precision >= 0.95, accuracy
    assert accuracy.recall >= 0.9, accuracy


def test_brothers_stay_apart(generated, linked):
    truth = generated[2]
    clusters = read_clusters(linked / "clusters.csv")
    persons_of_cluster: dict[str, set[str]] = defaultdict(set)
    for key, person in truth.items():
        persons_of_cluster[clusters[key]].add(person)
    merged_families = [ps for ps in persons_of_cluster.values() if len(ps) > 1]
    assert not merged_families, merged_families[:3]


def test_a_saved_model_gives_the_same_clusters_and_ids(generated, linked, tmp_path):
    model = tmp_path / "model.json"
    shutil.copy(linked / "model.json", model)
    out = tmp_path / "again"
    link([generated[0]], out, model_path=model)
    assert read_clusters(out / "clusters.csv") == read_clusters(linked / "clusters.csv")
    assert (out / "pairs.csv").read_text(encoding="utf-8") == (linked / "pairs.csv").read_text(encoding="utf-8")


def test_explanations_add_up_to_the_match_weight(linked):
    with (linked / "pairs.csv").open(encoding="utf-8", newline="") as handle:
        rows = sorted(csv.DictReader(handle), key=lambda r: float(r["match_probability"]))
    for row in (rows[0], rows[len(rows) // 2], rows[-1]):
        explanation = explain_pair(linked, (row["source_l"], row["record_id_l"]), (row["source_r"], row["record_id_r"]))
        assert explanation.match_probability == pytest.approx(float(row["match_probability"]), abs=1e-5)
        assert explanation.weight_sum == pytest.approx(explanation.match_weight, abs=1e-6)
        assert explanation.match_weight == pytest.approx(float(row["match_weight"]), abs=1e-3)
        # The compact column of pairs.csv says the same, rounded.
        assert explanation.compact().split("; ")[0].split(" ")[0] == row["explanation"].split("; ")[0].split(" ")[0]
        total = sum(float(part.rsplit(" ", 1)[1]) for part in row["explanation"].split("; "))
        assert total + explanation.prior_weight == pytest.approx(explanation.match_weight, abs=0.1 * 11)
        assert math.isfinite(explanation.match_weight)
