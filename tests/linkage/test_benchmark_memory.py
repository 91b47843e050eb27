"""The benchmark's memory figure belongs to the measured process image, not to its parent."""

from __future__ import annotations

import subprocess
import sys


def test_a_child_does_not_inherit_its_parents_peak_memory():
    ballast = bytearray(300 * 1024 * 1024)  # the parent grows by 300 MB before starting the child
    ballast[::4096] = b"x" * len(ballast[::4096])
    child = subprocess.run([sys.executable, "-c", "from athar.linkage.benchmark import peak_rss_kb; print(peak_rss_kb())"],
                           capture_output=True, text=True, check=True)
    del ballast
    assert 0 < int(child.stdout) < 250 * 1024
