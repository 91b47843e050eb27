"""Shared fixtures, kept small: anything bigger goes to tests/factories.py."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from tests.browser import chromium  # noqa: F401  (the shared browser fixture, for every test)

# The test run's data directory is a private temporary one, never the tester's own registry: see
# tests/settings.py (pytest-django imports the settings before this module runs).


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[..., Path]:
    """Write rows (first row: header) as a UTF-8 CSV under tmp_path and return its path."""

    def write(name: str, rows: Sequence[Sequence[str]]) -> Path:
        path = tmp_path / name
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(rows)
        return path

    return write


@pytest.fixture(autouse=True, scope="session")
def _audit_log_emptied_between_tests() -> Iterator[None]:
    """The audit log refuses DELETE (a database trigger), but a transactional test's teardown empties
    every table with `flush`. Lift the triggers for the flush alone and put them back after."""
    from django.core.management.commands import flush
    from django.db import connections

    from athar.audit import triggers

    original = flush.Command.handle

    def handle(self: Any, **options: Any) -> Any:
        connection = connections[options.get("database", "default")]
        triggers.remove(connection)
        try:
            return original(self, **options)
        finally:
            triggers.install(connection)

    flush.Command.handle = handle  # type: ignore[method-assign]
    yield
    flush.Command.handle = original  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def _two_factor_off_unless_tested(request: pytest.FixtureRequest) -> Iterator[None]:
    """Most tests log users in with `force_login`; two-factor login has its own tests, which mark
    themselves `two_factor` to keep it on (the installation default)."""
    if request.node.get_closest_marker("two_factor"):
        yield
        return
    from django.conf import settings

    previous = getattr(settings, "ATHAR_REQUIRE_2FA", True)
    settings.ATHAR_REQUIRE_2FA = False
    yield
    settings.ATHAR_REQUIRE_2FA = previous


@pytest.fixture(autouse=True)
def _import_jobs_inline_unless_in_a_browser(request: pytest.FixtureRequest) -> Iterator[None]:
    """An import job's thread would not see a test's uncommitted transaction: outside the browser
    tests (which commit, and watch the page poll), jobs run before the request returns."""
    if request.node.get_closest_marker("browser"):
        yield
        return
    from django.conf import settings

    previous = getattr(settings, "IMPORT_JOBS_INLINE", False)
    settings.IMPORT_JOBS_INLINE = True
    yield
    settings.IMPORT_JOBS_INLINE = previous


@pytest.fixture(autouse=True)
def _no_kept_linkage_run_left_for_the_next_test() -> Iterator[None]:
    """Every resolve keeps its run for matching in the data directory (athar.registry.kept_run),
    which the tests share unless they set their own: one test's run must not be the next test's
    registry."""
    yield
    from django.conf import settings

    shutil.rmtree(Path(settings.DATA_DIR) / "matcher", ignore_errors=True)
