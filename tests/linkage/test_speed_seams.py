"""The speed-ups around Splink change no output: a run with Splink's SQL building cached
(`splink_seam.fast_sql`) writes the same files, byte for byte, as one without, and the caches
are gone once the run ends."""

# ruff: noqa: S608 — SQL on Splink's own table names.

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


@pytest.fixture(scope="module")
def fast_run(records: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pipeline.LinkResult]:
    out = tmp_path_factory.mktemp("speed-fast")
    return out, pipeline.link([records], out)


@pytest.mark.parametrize("seam", ["fast_sql", "blocked_pairs_rule_by_rule"])
def test_a_run_without_a_speed_up_writes_the_same_files(
        seam: str, records: Path, fast_run: tuple[Path, pipeline.LinkResult], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    off = contextlib.nullcontext if seam == "fast_sql" else (lambda *_args: None)
    monkeypatch.setattr(splink_seam, seam, off)
    plain = pipeline.link([records], tmp_path / "plain")
    out, fast = fast_run
    assert _outputs(out) == _outputs(tmp_path / "plain")
    # Not vacuous: the run found pairs, and both passes had work to do.
    assert fast.n_pairs > 500 and fast.n_pairs == plain.n_pairs
    assert fast.person_pass["thin_units"] > 0 and fast.cluster_merge["candidate_pairs"] > 0
    assert _outputs(out)["candidates.csv"] is not None


def test_the_blocked_pairs_rule_by_rule_are_splinks_with_the_same_match_keys(records: Path) -> None:
    from athar.interchange import read_records
    from athar.linkage import features
    from athar.linkage.engine import Engine, new_settings

    table = features.build_features(read_records(records).rows)
    with Engine(table, new_settings(link_only=False)) as eng:
        splink = eng.linker.inference.compute_blocked_pairs_for_predict()
        theirs = sorted(eng.con.execute(f"SELECT match_key, join_key_l, join_key_r FROM {splink.physical_name}"
                                        ).fetchall())
        splink.drop_table_from_database_and_remove_from_cache()
        blocked = splink_seam.blocked_pairs_rule_by_rule(eng.linker, eng.con, eng.table)
        assert blocked is not None
        ours = sorted(eng.con.execute(f"SELECT match_key, join_key_l, join_key_r FROM {blocked._frame.physical_name}"
                                      ).fetchall())
        blocked.release()
        assert ours == theirs
        # Not vacuous: many pairs, found by several rules (a pair two rules find keeps the first).
        assert len(ours) > 1000 and len({k for k, _l, _r in ours}) >= 5
        # Released: Splink blocks by itself again, and the scratch table is gone.
        assert not eng.linker._intermediate_table_cache
        assert not eng.con.execute("SELECT 1 FROM duckdb_tables() WHERE table_name = 'athar_blocked_by_rule'"
                                   ).fetchall()


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
