"""`forked.spread_map`: the same results as a plain map, whatever happens to the children."""

from __future__ import annotations

import os
import sys
import time

import pytest

from athar.linkage import forked

linux_only = pytest.mark.skipif(sys.platform != "linux", reason="spread_map forks only on Linux")


def _square(x: int) -> int:
    return x * x


@pytest.mark.parametrize("n", [0, 1, 7, 100, 1001])
@pytest.mark.parametrize("cores", [1, 2, 3])
def test_results_are_a_plain_map_in_order(n, cores):
    items = list(range(n))
    assert forked.spread_map(_square, items, min_items=1, cores=cores) == [x * x for x in items]


@linux_only
def test_the_shares_run_in_other_processes_and_their_memory_is_counted():
    parent = os.getpid()
    pids = forked.spread_map(lambda _x: os.getpid(), list(range(40)), min_items=10, cores=2)
    assert pids[0::2] == [parent] * 20  # this process takes every other item
    assert set(pids[1::2]) != {parent} and len(set(pids[1::2])) == 1
    assert forked.peak_with_children_kb() >= forked.resident_memory_kb() // 2 > 0


@linux_only
def test_a_failing_child_share_is_computed_here():
    parent = os.getpid()

    def fails_in_a_child(x: int) -> int:
        if os.getpid() != parent:
            raise RuntimeError("child failure")
        return x + 1

    assert forked.spread_map(fails_in_a_child, list(range(50)), min_items=10, cores=2) == list(range(1, 51))


@linux_only
def test_when_no_child_can_be_started_everything_is_computed_here(monkeypatch):
    def no_fork() -> int:
        raise OSError("Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    assert forked.spread_map(_square, list(range(30)), min_items=10, cores=3) == [x * x for x in range(30)]


@linux_only
def test_a_stuck_child_is_killed_and_its_share_computed_here(monkeypatch):
    parent = os.getpid()
    monkeypatch.setattr(forked, "CHILD_GRACE_S", 0.5)

    def hangs_in_a_child(x: int) -> int:
        if os.getpid() != parent:
            time.sleep(60)
        return -x

    start = time.monotonic()
    assert forked.spread_map(hangs_in_a_child, list(range(20)), min_items=10, cores=2) == [-x for x in range(20)]
    assert time.monotonic() - start < 30


def test_few_items_are_not_forked():
    parent = os.getpid()
    assert set(forked.spread_map(lambda _x: os.getpid(), list(range(100)), min_items=1000, cores=4)) == {parent}


@linux_only
def test_features_are_the_same_with_a_forked_child(generated, monkeypatch):
    from athar.linkage import features
    from athar.linkage.pipeline import read_input

    rows, _ = read_input([generated[0]])
    monkeypatch.setattr(forked, "usable_cores", lambda: 1)
    alone = features.build_features(rows)
    features.clear_caches()
    monkeypatch.setattr(forked, "usable_cores", lambda: 2)
    monkeypatch.setattr(forked, "MIN_ITEMS", 10)
    forks = []
    real_fork = os.fork

    def counting_fork() -> int:
        pid = real_fork()
        if pid:
            forks.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", counting_fork)
    spread = features.build_features(rows)
    assert len(forks) == 1
    assert spread.equals(alone)
