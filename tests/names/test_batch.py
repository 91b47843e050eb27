"""The vectorised batch path gives `compare_canonical`'s scores, bit for bit, on every pair."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from athar.names import (
    NAME_MATCH_THRESHOLD,
    batch,
    canonical_tokens,
    compare_canonical,
    compare_canonical_many,
    tokens,
)

CASES = Path(__file__).parent / "cases" / "name_pairs.tsv"

Names = tuple[str, ...]


def _table_pairs() -> list[tuple[Names, Names]]:
    lines = CASES.read_text(encoding="utf-8").splitlines()
    rows = [ln.split("\t")[:2] for ln in lines if ln and not ln.startswith(("#", "name_a"))]
    return [(canonical_tokens(a), canonical_tokens(b)) for a, b in rows]


def _sample() -> list[tuple[Names, Names]]:
    """The pair table both ways, random cross pairs of its names, and generated names of 1–8 parts
    (repeated parts, rotations, damaged-name pairs and parts out of place among them)."""
    table = _table_pairs()
    rng = random.Random(4)
    names = sorted({n for pair in table for n in pair})
    parts = sorted({t for n in names for t in n})
    pool = rng.sample(parts, 40)  # few parts: repeated parts within and across names
    names += [tuple(rng.choice(pool) for _ in range(rng.randint(3, 6))) for _ in range(300)]
    pairs = table + [(b, a) for a, b in table]
    pairs += [(rng.choice(names), rng.choice(names)) for _ in range(1500)]
    for _ in range(1500):
        a = rng.choice(names)
        b = list(a)
        for _ in range(rng.randint(1, 3)):
            k = rng.randrange(len(b) + 1)
            what = rng.random()
            if what < 0.3 and b:
                b[min(k, len(b) - 1)] = rng.choice(parts)  # another part in a slot
            elif what < 0.5 and b:
                del b[min(k, len(b) - 1)]  # a missing part
            elif what < 0.7:
                b.insert(k, rng.choice(a) if a and rng.random() < 0.5 else rng.choice(parts))  # repeated / extra
            elif b:
                b = b[1:] + b[:1]  # family name first
        pairs.append((a, tuple(b[:8])))
    long_name = tuple(parts[:8])
    pairs += [(long_name, long_name[:7]), (long_name[:5], long_name), (long_name[:6], long_name[1:7])]
    pairs += [((), ("muhammad",)), (("muhammad",), ()), ((), ())]
    return pairs


@pytest.fixture(scope="module")
def sample() -> list[tuple[Names, Names]]:
    return _sample()


@pytest.mark.parametrize("threshold", [None, NAME_MATCH_THRESHOLD, 0.5])
def test_it_gives_the_single_pair_scores_bit_for_bit(sample: list[tuple[Names, Names]],
                                                     threshold: float | None) -> None:
    exact = [compare_canonical(a, b, threshold) for a, b in sample]
    batch.clear_batch_cache()
    fast = compare_canonical_many(sample, threshold=threshold)
    differing = [(sample[k], e, f) for k, (e, f) in enumerate(zip(exact, fast, strict=True)) if e != f]
    assert not differing, differing[:5]
    assert all(type(f) is float for f in fast)


def test_it_is_exact_at_or_above_a_threshold(sample: list[tuple[Names, Names]]) -> None:
    exact = [compare_canonical(a, b) for a, b in sample]
    fast = compare_canonical_many(sample, threshold=NAME_MATCH_THRESHOLD)
    for e, f in zip(exact, fast, strict=True):
        assert f == e if e >= NAME_MATCH_THRESHOLD else f < NAME_MATCH_THRESHOLD
    assert sum(e >= NAME_MATCH_THRESHOLD for e in exact) > 300  # the sample holds matches


def test_it_uses_the_vectorised_path_for_most_pairs(sample: list[tuple[Names, Names]]) -> None:
    handed_over: list[tuple[Names, Names]] = []

    def exact(a: Names, b: Names, threshold: float | None) -> float:
        handed_over.append((a, b))
        return compare_canonical(a, b, threshold)

    scores = batch.compare_many(sample, None, exact, NAME_MATCH_THRESHOLD)
    assert scores == [compare_canonical(a, b) for a, b in sample]
    assert len(handed_over) < len(sample) // 10
    assert any(len(a) > batch.MAX_PARTS or len(b) > batch.MAX_PARTS for a, b in handed_over)


def test_it_scores_the_same_with_small_chunks_and_the_caches_emptied(sample: list[tuple[Names, Names]],
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    expected = compare_canonical_many(sample)
    monkeypatch.setattr(batch, "CHUNK", 97)
    monkeypatch.setattr(batch, "PAIR_LIMIT", 500)
    monkeypatch.setattr(batch, "NAME_LIMIT", 300)
    monkeypatch.setattr(tokens, "SIMILARITY_ROWS_LIMIT", 1000)
    batch.clear_batch_cache()
    tokens.clear_similarity_cache()
    assert compare_canonical_many(iter(sample)) == expected
    assert compare_canonical_many(sample[:10]) == expected[:10]  # a small batch goes pair by pair


def test_the_pair_table_finds_what_it_holds_as_it_grows() -> None:
    table = batch._PairTable(bits=4)
    rng = np.random.default_rng(0)
    keys = np.unique(rng.integers(0, 1 << 40, 5000))
    for part in np.array_split(keys, 7):
        table.insert(part, part.astype(np.float64), part % 2 == 0)
    slots = table.find(keys)
    assert (slots >= 0).all() and (table.sim[slots] == keys).all() and (table.conf[slots] == (keys % 2 == 0)).all()
    assert (table.find(keys + (1 << 41)) == -1).all()
    assert table.count == keys.size and 2 * table.count <= table.keys.size
