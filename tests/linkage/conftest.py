"""Shared fixtures: one small cross-script record set, linked once per test session."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from tests.linkage.linkage_generate import generate, write_records


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[tuple[str, str], str]]:
    base = tmp_path_factory.mktemp("linkage-data")
    records, truth = generate(160)
    path = write_records(base / "records.csv", records)
    truth_path = base / "truth.csv"
    with truth_path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(("source", "record_id", "person_id"))
        writer.writerows((*k, v) for k, v in truth.items())
    return path, truth_path, truth


@pytest.fixture(scope="session")
def linked(generated: tuple[Path, Path, dict[tuple[str, str], str]],
           tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output directory of `link` on the generated records."""
    from athar.linkage.pipeline import link

    out = tmp_path_factory.mktemp("linked")
    link([generated[0]], out)
    return out
