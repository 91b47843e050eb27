"""New records matched against an earlier run: new × existing and new × new only."""

from __future__ import annotations

import csv
import shutil

from tests.linkage.linkage_generate import COLUMNS, read_clusters, write_records

from athar.linkage import pipeline
from athar.linkage.incremental import IncrementalMatcher, link_new


def test_new_records_attach_to_existing_persons(generated, linked, tmp_path):
    records_path, _truth_path, truth = generated
    with records_path.open(encoding="utf-8", newline="") as handle:
        existing = list(csv.DictReader(handle))
    # The same people again, from a new list, plus one nobody has seen, twice.
    picked = [r for r in existing if r["source"] == "ar"][:5]
    new = []
    for i, rec in enumerate(picked):
        new.append({**rec, "source": "new", "record_id": f"n{i}"})
    stranger = dict.fromkeys(COLUMNS, "")
    stranger.update(source="new", full_name="زكوان قصوحة", birth_date="1977", sex="M")
    new.append({**stranger, "record_id": "n-x1"})
    new.append({**stranger, "record_id": "n-x2"})
    new_path = write_records(tmp_path / "new.csv", new)
    before = (linked / "clusters.csv").read_text(encoding="utf-8")

    result = link_new([new_path], linked, tmp_path / "inc")

    assert (linked / "clusters.csv").read_text(encoding="utf-8") == before, "the earlier run was changed"
    old = read_clusters(linked / "clusters.csv")
    with (tmp_path / "inc" / "clusters.csv").open(encoding="utf-8", newline="") as handle:
        rows = {r["record_id"]: r for r in csv.DictReader(handle)}
    assert len(rows) == len(new)
    for i, rec in enumerate(picked):
        assert rows[f"n{i}"]["status"] == "existing"
        assert rows[f"n{i}"]["cluster_id"] == old[(rec["source"], rec["record_id"])]
    assert rows["n-x1"]["status"] == rows["n-x2"]["status"] == "new"
    assert rows["n-x1"]["cluster_id"] == rows["n-x2"]["cluster_id"]
    assert result.n_attached == len(picked)
    assert truth  # the generated truth is what made `picked` the same people


def test_it_matches_the_same_with_or_without_the_run_database(generated, tmp_path, monkeypatch):
    """run.duckdb is only a faster way to open a run: a run without it (a small one, or one
    written before it existed) gives the same pairs and persons."""
    records_path, _truth_path, _truth = generated
    monkeypatch.setattr(pipeline, "RUN_DB_MIN_RECORDS", 0)
    run = tmp_path / "run"
    pipeline.link([records_path], run)
    with IncrementalMatcher(run) as matcher:
        assert matcher.attached, "run.duckdb was not used"
    old_run = tmp_path / "old-run"
    shutil.copytree(run, old_run, ignore=shutil.ignore_patterns("run.duckdb"))
    with records_path.open(encoding="utf-8", newline="") as handle:
        picked = [r for r in csv.DictReader(handle) if r["source"] == "ar"][5:9]
    new_path = write_records(tmp_path / "new.csv",
                             [{**r, "source": "new", "record_id": f"n{i}"} for i, r in enumerate(picked)])

    link_new([new_path], run, tmp_path / "with-db")
    link_new([new_path], old_run, tmp_path / "without-db")

    for name in ("pairs.csv", "clusters.csv"):
        assert (tmp_path / "with-db" / name).read_text(encoding="utf-8") == \
            (tmp_path / "without-db" / name).read_text(encoding="utf-8")
    assert "existing" in (tmp_path / "with-db" / "clusters.csv").read_text(encoding="utf-8")
