"""CLI commands set ATHAR_* variables for their own process (`athar serve` its allowed host,
`athar demo` and `athar serve` the plain-HTTP cookie setting): put the environment back after each
test, so one test's command never configures the next."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _restore_athar_environment() -> Iterator[None]:
    before = {k: v for k, v in os.environ.items() if k.startswith("ATHAR_")}
    yield
    for key in [k for k in os.environ if k.startswith("ATHAR_")]:
        if key not in before:
            del os.environ[key]
    os.environ.update(before)
