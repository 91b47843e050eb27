"""`athar link --against` as a short command: what it loads and what it builds.

Matching one record against a run is meant to take well under a second as a whole command, so
the path loads neither Splink (the plan in scoring.json suffices), pandas (which pyarrow imports
on its first conversion of Python lists) nor Django (the other commands' modules). These tests
pin that, and that the features built without pyarrow's conversion are the ones `link` builds."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest
from tests.linkage.linkage_generate import COLUMNS, write_records

from athar.linkage import extra_columns, features
from athar.linkage.incremental import IncrementalMatcher, link_new
from athar.linkage.pipeline import read_input

HEAVY = ("pandas", "splink", "sqlglot", "django")


@pytest.fixture(scope="module")
def new_csv(generated: tuple[Path, Path, dict[tuple[str, str], str]],
            tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Copies of existing records under a new source, and a record with little but a name (empty
    values, a one-part name)."""
    with generated[0].open(encoding="utf-8", newline="") as handle:
        existing = list(csv.DictReader(handle))
    new = [{**r, "source": "new", "record_id": f"n{i}"} for i, r in enumerate(existing[:6])]
    thin = dict.fromkeys(COLUMNS, "")
    thin.update(source="new", record_id="thin", full_name="زكوان")
    return write_records(tmp_path_factory.mktemp("startup") / "new.csv", [*new, thin])


def test_the_new_records_features_are_those_link_builds(linked: Path, new_csv: Path) -> None:
    rows, _problems = read_input([new_csv])
    with IncrementalMatcher(linked) as matcher:
        matcher.extras = [extra_columns.ExtraColumn("birth_place"), extra_columns.ExtraColumn("national_id", "id")]
        built = matcher._load_new(rows)
        name_order = features.NameOrder.of(rows).decided_by(matcher.name_order)
        expected = extra_columns.add_columns(
            features.build_features(rows, first_id=matcher.first_id, name_order=name_order), rows, matcher.extras)
    assert built.schema.equals(expected.schema, check_metadata=True)
    assert str(built.schema.field("name_tokens").type) == "list<item: string>"
    assert built.equals(expected)
    assert built.column("unique_id").to_pylist() == list(range(matcher.first_id, matcher.first_id + len(rows)))
    assert built.num_rows == 7 and "extra_national_id" in built.column_names


def test_the_command_loads_neither_splink_pandas_nor_django(linked: Path, new_csv: Path, tmp_path: Path) -> None:
    script = ("import sys\nfrom athar.cli import main\n"
              f"main(['link', {str(new_csv)!r}, '--against', {str(linked)!r}, '--out', {str(tmp_path / 'cli')!r}, "
              "'--quiet'], standalone_mode=False)\n"
              f"print('loaded:', [m for m in {HEAVY!r} if m in sys.modules])\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "loaded: []"
    # The command writes what the library call writes.
    link_new([new_csv], linked, tmp_path / "library")
    for name in ("pairs.csv", "clusters.csv"):
        assert (tmp_path / "cli" / name).read_bytes() == (tmp_path / "library" / name).read_bytes(), name
    assert "existing" in (tmp_path / "cli" / "clusters.csv").read_text(encoding="utf-8")


def test_persons_read_by_row_number_or_else_by_key(generated: tuple[Path, Path, dict[tuple[str, str], str]],
                                                   new_csv: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """run.duckdb's persons are read at their features' row numbers; a run.duckdb whose persons
    lie in another order gives the same persons, read by key."""
    import shutil

    import duckdb

    from athar.linkage import pipeline

    monkeypatch.setattr(pipeline, "RUN_DB_MIN_RECORDS", 0)
    run = tmp_path / "run"
    pipeline.link([generated[0]], run)
    shuffled = tmp_path / "shuffled"
    shutil.copytree(run, shuffled)
    con = duckdb.connect(str(shuffled / "run.duckdb"))
    con.execute("CREATE TABLE p2 AS SELECT * FROM persons ORDER BY record_id DESC")
    con.execute("DROP TABLE persons")
    con.execute("ALTER TABLE p2 RENAME TO persons")
    con.close()

    with IncrementalMatcher(run) as matcher:
        involved = list(range(0, 40, 3))
        by_row = matcher._existing_rows(involved)
        matcher.attached = False  # the join by key, as for a run without run.duckdb
        by_key = matcher._existing_rows(involved)
    assert by_row.num_rows == len(involved) and by_row.equals(by_key)
    assert by_row.column("cluster_id").null_count == 0

    link_new([new_csv], run, tmp_path / "aligned")
    link_new([new_csv], shuffled, tmp_path / "by-key")
    for name in ("pairs.csv", "clusters.csv"):
        assert (tmp_path / "aligned" / name).read_bytes() == (tmp_path / "by-key" / name).read_bytes(), name
    assert "existing" in (tmp_path / "aligned" / "clusters.csv").read_text(encoding="utf-8")
