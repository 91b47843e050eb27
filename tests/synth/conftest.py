from __future__ import annotations

from pathlib import Path

import pytest

from athar.synth import SynthRecord, SynthResult, generate, iter_records

N_RECORDS = 4000


@pytest.fixture(scope="session")
def n_records() -> int:
    return N_RECORDS


@pytest.fixture(scope="module")
def records() -> list[SynthRecord]:
    return list(iter_records(N_RECORDS, seed=11))


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> SynthResult:
    out: Path = tmp_path_factory.mktemp("synth")
    return generate(N_RECORDS, seed=11, out_dir=out)
