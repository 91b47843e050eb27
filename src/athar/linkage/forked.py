"""Spread a pure Python function over the machine's cores by forking.

Name normalisation is Python, one value at a time, while DuckDB uses every core for the rest of a
run: on two cores half of the feature stage can run in a forked copy of this process. A fork
inherits everything already loaded (the records, the name dictionaries, the caches), so nothing
is sent to the child, and only its results come back (pickled through a pipe, never a file).

Used only where forking is safe and pays: on Linux (`os.fork` copies just the calling thread —
the function must not need DuckDB or another thread's locks) and for enough items. A child that
fails for any reason is not trusted: its share is computed again here, so the result never
depends on whether the fork worked.

Memory: the child shares this process's pages until it writes to them. What it adds is its
private memory, which it reports: `peak_with_children_kb()` is what this process and its children
held together, so that benchmarks count it instead of missing it."""

from __future__ import annotations

import os
import pickle
import select
import signal
import sys
import time
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Below this many items a fork costs more than it saves (forking a process of 1 GB takes ~10 ms,
# and the child's results are pickled back).
MIN_ITEMS = 5_000
# How long a child may take beyond this process's own share: its share is as large, so only a
# child that is stuck (or a machine far busier than it looked) runs over.
CHILD_GRACE_S = 30.0
CHILD_GRACE_FACTOR = 5.0


_peak_kb = 0


def peak_with_children_kb() -> int:
    """The most memory this process and the forked children of one `spread_map` call held
    together (this process's resident memory when its own share was done, plus the children's
    private memory), over this process's life — a high-water mark like VmHWM — in KB; 0 when
    nothing was forked."""
    return _peak_kb


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def spread_map(fn: Callable[[T], R], items: Sequence[T], *, min_items: int | None = None,
               cores: int | None = None) -> list[R]:
    """`[fn(x) for x in items]`, the first share computed here and the others in forked
    children. `fn` must be pure: the same item gives the same result in any process."""
    per_worker = max(MIN_ITEMS if min_items is None else min_items, 1)
    workers = min(cores or usable_cores(), max(1, len(items) // per_worker))
    if workers < 2 or sys.platform != "linux":
        return [fn(x) for x in items]
    # Every `workers`-th item to each share, not contiguous runs: items of one kind (and cost)
    # often come together.
    shares = [items[i::workers] for i in range(workers)]
    # The first item here before forking: what `fn` loads on first use (dictionaries, tables)
    # is then loaded once and inherited, not loaded again in every child.
    first = fn(shares[0][0])
    children = [(_fork_child(fn, shares[i]), i) for i in range(1, workers)]
    started = time.monotonic()
    parts: list[list[R]] = [[first, *(fn(x) for x in shares[0][1:])]]
    # A child has as much to do as this process had: give it ample time, then stop waiting.
    deadline = time.monotonic() + max(CHILD_GRACE_S, CHILD_GRACE_FACTOR * (time.monotonic() - started))
    rss_kb = resident_memory_kb()
    children_kb = 0
    for child, i in children:
        collected: tuple[list[R], int] | None = _collect(*child, len(shares[i]), deadline) if child else None
        if collected is None:  # the child failed: compute its share here
            parts.append([fn(x) for x in shares[i]])
            continue
        parts.append(collected[0])
        children_kb += collected[1]
    global _peak_kb  # noqa: PLW0603 — a process-wide high-water mark, like VmHWM
    _peak_kb = max(_peak_kb, rss_kb + children_kb)
    results: list[R] = [None] * len(items)  # type: ignore[list-item]
    for i, part in enumerate(parts):
        results[i::workers] = part
    return results


def _fork_child(fn: Callable[[T], R], share: Sequence[T]) -> tuple[int, int] | None:
    """Fork a child that computes `share` and sends the results back through a pipe (never
    through a file: these are people's names); returns its pid and the pipe's reading end, or
    None when no child could be started (out of processes or memory)."""
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return None
    if pid:
        os.close(write_end)
        return pid, read_end
    # The child: compute, send, and leave without running the parent's exit handlers or
    # flushing its buffers (they belong to the parent).
    status = 1
    try:
        os.close(read_end)
        results = [fn(x) for x in share]
        with os.fdopen(write_end, "wb") as pipe:
            pickle.dump((results, private_memory_kb()), pipe, protocol=pickle.HIGHEST_PROTOCOL)
        status = 0
    except BaseException:  # noqa: BLE001 — any failure: the parent recomputes this share
        status = 1
    finally:
        os._exit(status)


def _collect(pid: int, pipe: int, expected: int, deadline: float) -> tuple[list[R], int] | None:
    """The child's results and private memory; None when it failed or has not finished sending
    by `deadline` (a child forked while another thread held a lock it needs could wait forever:
    it is killed and its share computed here)."""
    message = bytearray()
    try:
        while True:
            ready, _, _ = select.select([pipe], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                os.kill(pid, signal.SIGKILL)
                return None
            chunk = os.read(pipe, 1 << 20)
            if not chunk:
                break
            message += chunk
    finally:
        os.close(pipe)
        _, wait_status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(wait_status) != 0:
        return None
    try:
        share, private_kb = pickle.loads(message)  # noqa: S301 — sent by our own child just now
    except Exception:  # noqa: BLE001 — a truncated or garbled message: recompute the share here
        return None
    if len(share) != expected:
        return None
    return share, int(private_kb)


def resident_memory_kb() -> int:
    """This process's resident memory now, in KB; 0 when unknown."""
    return proc_status_kb("VmRSS:")


def proc_status_kb(field: str) -> int:
    """A memory figure of this process from /proc/self/status (`VmRSS:`, `VmHWM:`), in KB; 0 when unknown."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def private_memory_kb() -> int:
    """Memory this process holds alone (not shared with its parent), in KB; 0 when unknown."""
    try:
        with open("/proc/self/smaps_rollup", encoding="ascii") as rollup:
            return sum(int(line.split()[1]) for line in rollup
                       if line.startswith(("Private_Clean:", "Private_Dirty:")))
    except (OSError, ValueError, IndexError):
        return 0
