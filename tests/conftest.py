"""Shared fixtures, kept small: anything bigger goes to tests/factories.py."""

from __future__ import annotations

import atexit
import csv
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from tests.browser import chromium  # noqa: F401  (the shared browser fixture, for every test)

# Read by athar.web.settings when pytest-django sets Django up, after this module is imported: the
# test run's data directory is a private temporary one, never the tester's own registry
# (~/.local/share/athar), and it goes when the run ends.
if "ATHAR_DATA_DIR" not in os.environ:
    _data_dir = tempfile.mkdtemp(prefix="athar-tests-")
    atexit.register(shutil.rmtree, _data_dir, True)
    os.environ["ATHAR_DATA_DIR"] = _data_dir


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
