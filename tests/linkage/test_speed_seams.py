"""The speed-ups around Splink change no output: a run with Splink's SQL building cached
(`splink_seam.fast_sql`) writes the same files, byte for byte, as one without, and the caches
are gone once the run ends."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from splink.internals.comparison_level import ComparisonLevel
from splink.internals.input_column import InputColumn, SqlglotColumnTreeBuilder

from athar import synth
from athar.linkage import pipeline, splink_seam

OUTPUTS = ("pairs.csv", "clusters.csv", "candidates.csv", "merges.csv")


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Above MIN_TRAIN_RECORDS, so the model is trained on the data (EM, u sampling) and both
    # passes score with it.
    data = synth.generate(1500, seed=3, out_dir=tmp_path_factory.mktemp("speed-data"))
    return Path(data.records_csv)


def _outputs(out: Path) -> dict[str, bytes | None]:
    return {name: (out / name).read_bytes() if (out / name).is_file() else None for name in OUTPUTS}


def test_a_run_with_splinks_sql_building_cached_writes_the_same_files(
        records: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cached = pipeline.link([records], tmp_path / "cached")
    monkeypatch.setattr(splink_seam, "fast_sql", contextlib.nullcontext)
    plain = pipeline.link([records], tmp_path / "plain")
    assert _outputs(tmp_path / "cached") == _outputs(tmp_path / "plain")
    # Not vacuous: the run found pairs, and both passes had work to do.
    assert cached.n_pairs > 500 and cached.n_pairs == plain.n_pairs
    assert cached.person_pass["thin_units"] > 0 and cached.cluster_merge["candidate_pairs"] > 0
    assert _outputs(tmp_path / "cached")["candidates.csv"] is not None


def test_the_caches_give_splinks_own_sql_and_are_removed_after_the_block() -> None:
    names = ("given", "first name", "coordinates['lat']", "group")
    def built() -> list[object]:
        out: list[object] = []
        for name in names:
            column = InputColumn(name, sqlglot_dialect_str="duckdb")
            out += [column.name, column.name_l, column.l_name_as_l, column.tf_name_r, column.r_tf_name_as_r]
        return out
    sql_before = SqlglotColumnTreeBuilder.__dict__["sql"]
    exact_before = ComparisonLevel.__dict__["_is_exact_match"]
    plain = built()
    with splink_seam.fast_sql():
        assert SqlglotColumnTreeBuilder.__dict__["sql"] is not sql_before
        assert built() == plain and built() == plain  # the second time from the cache
    assert SqlglotColumnTreeBuilder.__dict__["sql"] is sql_before
    assert ComparisonLevel.__dict__["_is_exact_match"] is exact_before
    assert '"first name"' in plain and '"l"."given" AS "given_l"' in plain
