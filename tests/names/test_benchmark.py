"""The Gaza benchmark's pair building on the real files; skipped when the data is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

from athar.names.benchmark import FILES, _read, accuracy, build_pairs

GAZA = Path(__file__).resolve().parents[3] / "shared" / "data" / "gaza-moh"


def test_it_computes_precision_recall_f1() -> None:
    acc = accuracy([0.9, 0.8, 0.2, 0.7], [True, False, True, False], 0.75)
    assert (acc.precision, acc.recall) == (0.5, 0.5)


@pytest.mark.skipif(not (GAZA / FILES[1]).is_file(), reason=f"Gaza MoH data not found in {GAZA}")
def test_it_builds_positive_and_negative_pairs_from_the_releases() -> None:
    old, new = _read(GAZA / FILES[0]), _read(GAZA / FILES[1])
    arabic, cross = build_pairs(old, new, identical_sample=50, negatives=200)
    assert any(p.same for p in arabic) and any(not p.same for p in arabic)
    assert any(p.same for p in cross) and any(not p.same for p in cross)


@pytest.mark.skipif(not (GAZA / FILES[1]).is_file(), reason=f"Gaza MoH data not found in {GAZA}")
def test_it_samples_blocked_candidate_pairs_that_share_a_key() -> None:
    from athar.names import blocking_keys
    from athar.names.benchmark import blocked_pairs

    old, new = _read(GAZA / FILES[0]), _read(GAZA / FILES[1])
    pairs = blocked_pairs(old, new, sample=50)
    assert len(pairs) == 50
    assert all(set(blocking_keys(a)) & set(blocking_keys(b)) for a, b in pairs)
