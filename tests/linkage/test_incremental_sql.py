"""Incremental matching with the model compiled to SQL scores exactly what Splink's own
predict_between / predict_within score: the same pairs, weights, probabilities and explanations."""

from __future__ import annotations

import csv
import json
import math
import shutil
from pathlib import Path
from typing import Any

import pytest
from tests.linkage.linkage_generate import COLUMNS, write_records

from athar.linkage import engine, incremental_sql
from athar.linkage.incremental import IncrementalMatcher, link_new
from athar.linkage.pipeline import PLAN_FILE, read_input


@pytest.fixture(scope="module")
def new_records(generated: tuple[Path, Path, dict[tuple[str, str], str]],
                tmp_path_factory: pytest.TempPathFactory) -> Path:
    """New records that exercise every part of the scoring: copies of existing records (pairs
    with existing ones, common names with term frequencies), the same copy twice (new × new
    pairs), one with a field changed (lower levels), and strangers whose names the run never saw
    (term frequencies unknown) — twice, so they pair with each other only."""
    records_path = generated[0]
    with records_path.open(encoding="utf-8", newline="") as handle:
        existing = list(csv.DictReader(handle))
    new: list[dict[str, str]] = []
    for source in ("ar", "lat", "reg"):
        for i, rec in enumerate([r for r in existing if r["source"] == source][:4]):
            new.append({**rec, "source": "new", "record_id": f"{source}-{i}"})
    new.append({**new[0], "record_id": "ar-0-again"})
    changed = dict(new[1])
    changed.update(record_id="ar-1-changed", birth_date="", birth_place="", mother_name="")
    new.append(changed)
    stranger = dict.fromkeys(COLUMNS, "")
    stranger.update(source="new", full_name="زكوان قصوحة", birth_date="1977", sex="M")
    new += [{**stranger, "record_id": "x1"}, {**stranger, "record_id": "x2"}]
    return write_records(tmp_path_factory.mktemp("incremental-sql") / "new.csv", new)


def _rows_by_pair(table: Any) -> dict[tuple[int, int], dict[str, Any]]:
    return {(row["unique_id_l"], row["unique_id_r"]): row for row in table.to_pylist()}


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def test_it_scores_every_pair_exactly_as_splinks_predict_between_and_within(linked, new_records):
    rows, _problems = read_input([new_records])
    with IncrementalMatcher(linked) as compiled:
        assert compiled.plan is not None, "the plan was not built"
        fast = compiled.predictions(rows)
    with IncrementalMatcher(linked, use_plan=False) as splink:
        assert splink.plan is None
        reference = splink.predictions(rows)

    assert set(fast.column_names) == set(reference.column_names)
    fast_rows, reference_rows = _rows_by_pair(fast), _rows_by_pair(reference)
    assert fast_rows.keys() == reference_rows.keys()
    first_new = compiled.first_id
    assert any(b < first_new for _a, b in fast_rows), "no pair with an existing record"
    assert any(a >= first_new and b >= first_new for a, b in fast_rows), "no pair between new records"
    assert any(row["tf_given_l"] is not None for row in fast_rows.values()), "no term frequency was used"
    for pair, row in reference_rows.items():
        different = [c for c in reference.column_names if not _same(fast_rows[pair][c], row[c])]
        assert not different, f"pair {pair} differs in {different}"


def test_it_writes_the_same_outputs_as_splinks_public_path(linked, new_records, tmp_path, monkeypatch):
    link_new([new_records], linked, tmp_path / "compiled")
    monkeypatch.setattr(incremental_sql, "open_plan", lambda _path, _settings: None)
    link_new([new_records], linked, tmp_path / "splink")
    for name in ("pairs.csv", "clusters.csv"):
        assert (tmp_path / "compiled" / name).read_text(encoding="utf-8") == \
            (tmp_path / "splink" / name).read_text(encoding="utf-8"), name
    pairs = (tmp_path / "compiled" / "pairs.csv").read_text(encoding="utf-8")
    assert "given=exact" in pairs, "explanations missing"


def test_the_run_stores_the_plan_its_model_compiles_to(linked):
    settings = json.loads((linked / "model.json").read_text(encoding="utf-8"))["splink_settings"]
    stored = incremental_sql.read_plan(linked / PLAN_FILE, settings)
    assert stored is not None, "link did not store a current plan"
    assert stored == incremental_sql.compile_plan(settings)
    assert stored.tf_columns == ("event_place_key", "family", "father", "given", "mother")
    floor = engine.PAIR_SELECT_THRESHOLD
    assert f">= {math.log2(floor / (1 - floor))!r}" in stored.scoring, "pairs.csv's floor is not the plan's"


def test_a_plan_from_another_model_is_not_used(linked, new_records, tmp_path):
    run = tmp_path / "run"
    shutil.copytree(linked, run)
    model = json.loads((run / "model.json").read_text(encoding="utf-8"))
    comparison = model["splink_settings"]["comparisons"][0]
    level = next(lvl for lvl in comparison["comparison_levels"] if lvl.get("m_probability"))
    level["m_probability"] = level["m_probability"] / 2  # a model edited after the run
    (run / "model.json").write_text(json.dumps(model), encoding="utf-8")

    assert incremental_sql.read_plan(run / PLAN_FILE, model["splink_settings"]) is None
    rows, _problems = read_input([new_records])
    with IncrementalMatcher(run) as matcher:
        assert matcher.plan is not None
        assert matcher.plan.model_digest == incremental_sql.settings_digest(model["splink_settings"])
        edited = matcher.predictions(rows)
    with IncrementalMatcher(run, use_plan=False) as splink:
        reference = splink.predictions(rows)
    assert edited.column("match_weight").to_pylist() == reference.column("match_weight").to_pylist()


def test_a_run_written_before_plans_were_stored_matches_the_same(linked, new_records, tmp_path):
    old_run = tmp_path / "old-run"
    shutil.copytree(linked, old_run, ignore=shutil.ignore_patterns(PLAN_FILE))
    link_new([new_records], linked, tmp_path / "with-plan")
    link_new([new_records], old_run, tmp_path / "without-plan")
    assert not (old_run / PLAN_FILE).exists(), "matching changed the earlier run"
    for name in ("pairs.csv", "clusters.csv"):
        assert (tmp_path / "with-plan" / name).read_text(encoding="utf-8") == \
            (tmp_path / "without-plan" / name).read_text(encoding="utf-8")


def test_a_damaged_plan_is_compiled_again(linked):
    settings = json.loads((linked / "model.json").read_text(encoding="utf-8"))["splink_settings"]
    path = linked.parent / "damaged.json"
    path.write_text("{not json", encoding="utf-8")
    assert incremental_sql.read_plan(path, settings) is None
    path.write_text(json.dumps({"format": "something else"}), encoding="utf-8")
    assert incremental_sql.read_plan(path, settings) is None
