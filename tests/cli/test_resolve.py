"""`athar resolve` leaves no plaintext copy of the registry behind: its working files (exported
records, pairs, clusters, features) are removed when the run ends, unless ATHAR_KEEP_LINKAGE_RUNS
keeps the newest few, and those are private."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from tests.factories import make_record, make_source

from athar.cli import main
from athar.registry.models import Record

pytestmark = pytest.mark.django_db


@pytest.fixture
def data_dir(settings: Any, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path
    family, ngo = make_source("family_reports"), make_source("ngo_list")
    make_record("F-1", source=family, first_name="محمد", father_name="أحمد", family_name="الحسن")
    make_record("N-1", source=ngo, first_name="Mohammad", father_name="Ahmad", family_name="Al-Hasan")
    return tmp_path


def _resolve() -> str:
    result = CliRunner(mix_stderr=False).invoke(main, ["resolve"])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_it_removes_the_working_files_when_the_run_ends(data_dir: Path) -> None:
    output = _resolve()
    assert "working files removed" in output
    assert list((data_dir / "linkage").iterdir()) == []
    assert Record.objects.filter(person__isnull=False).count() == 2  # the run itself did its work


def test_it_keeps_the_newest_runs_when_configured(data_dir: Path, settings: Any) -> None:
    settings.KEEP_LINKAGE_RUNS = 1
    output = _resolve()
    runs = list((data_dir / "linkage").iterdir())
    assert len(runs) == 1
    assert f"working files kept in {runs[0]}" in output
    assert stat.S_IMODE((data_dir / "linkage").stat().st_mode) == 0o700
    assert stat.S_IMODE(runs[0].stat().st_mode) == 0o700
    kept = [p for p in runs[0].rglob("*") if p.is_file()]
    assert any(p.name == "registry_records.csv" for p in kept)
    assert {stat.S_IMODE(p.stat().st_mode) for p in kept} == {0o600}
