"""The run kept after a resolve carries what matching against it needs, and the stored plan."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from athar.linkage.pipeline import (
    CLUSTERS_FILE,
    FEATURES_FILE,
    MODEL_FILE,
    PAIRS_FILE,
    PLAN_FILE,
    RUN_DB_FILE,
)
from athar.registry.kept_run import keep_run


def test_it_keeps_the_files_matching_reads_and_the_compiled_plan(tmp_path: Path, settings: Any) -> None:
    settings.DATA_DIR = str(tmp_path / "data")
    run = tmp_path / "run"
    run.mkdir()
    for name in (MODEL_FILE, FEATURES_FILE, CLUSTERS_FILE, PLAN_FILE, PAIRS_FILE):
        (run / name).write_text(name, encoding="utf-8")

    kept = keep_run(run, "r1")

    assert sorted(p.name for p in kept.iterdir()) == sorted([MODEL_FILE, FEATURES_FILE, CLUSTERS_FILE, PLAN_FILE])
    assert (kept / PLAN_FILE).read_text(encoding="utf-8") == PLAN_FILE
    assert not (kept / RUN_DB_FILE).exists()
