"""Imports started from the browser or the API run as jobs: the request returns at once, the file is
imported in a thread of the serving process, and the page polls the job's state (rows done of the
rows in the file, then the matching of the new records) until it ends with the counts.

A job's state is a small JSON file under the data directory (`imports/jobs/<id>.json`, 0600):
counts, phase, row numbers and the reader's reasons only — never a name or a cell. A file rather
than a table because the import itself is one database transaction: progress written to the
database inside it would not be seen by the page until the end, which is no progress at all.
The job id is random and the state names its owner: only the user who started a job may read it.

After the rows are written, the functions registered with `register_after_import` run on the
batch (athar.review registers the classification of new records as matched / uncertain / new: it
sits above this app, so it plugs in rather than being imported here).

Limits: a job lives in the process that started it; if that process is stopped mid-import the
transaction is rolled back (nothing half-imported) and the state stays "running" with its start
time, which the page shows. `ATHAR_IMPORT_JOBS_INLINE` (tests, single-request tools) runs the job
before the request returns."""

from __future__ import annotations

import json
import logging
import os
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

from athar.errors import InputError
from athar.imports.services import ImportReport, import_records

logger = logging.getLogger(__name__)

# (batch id, actor, report(phase)) -> counts to show, as a dict of ints/strings.
AfterImport = Callable[[int, Any, Callable[[str], None]], dict[str, Any]]
_after_import: list[AfterImport] = []
PROBLEMS_KEPT = 200
_WRITE_EVERY_SECONDS = 0.5


def register_after_import(hook: AfterImport) -> None:
    """Run `hook` on each batch a job imports (once per hook, in registration order)."""
    if hook not in _after_import:
        _after_import.append(hook)


def _jobs_dir() -> Path:
    directory = Path(settings.DATA_DIR) / "imports" / "jobs"
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    return directory


def _path(job_id: str) -> Path | None:
    if not job_id or not all(ch.isalnum() or ch in "-_" for ch in job_id):
        return None
    return _jobs_dir() / f"{job_id}.json"


def _write(job_id: str, state: dict[str, Any]) -> None:
    path = _path(job_id)
    if path is None:
        raise ValueError("not a job id")
    temporary = path.with_suffix(".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(state, handle)
    temporary.replace(path)  # atomic: a poll never reads half a state


def job_state(job_id: str, *, owner: Any) -> dict[str, Any] | None:
    """The job's state, None when there is no such job or `owner` did not start it."""
    path = _path(job_id)
    if path is None or not path.is_file():
        return None
    state: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    if state.get("owner") != getattr(owner, "pk", None):
        return None
    return state


def report_state(report: ImportReport) -> dict[str, Any]:
    """An import report as the job keeps it (counts and problem locations; no values)."""
    return {"imported": report.imported, "updated": report.updated, "skipped": report.skipped,
            "quarantined": report.quarantined, "row_count": report.row_count,
            "already_imported": report.already_imported, "sources_created": report.sources_created,
            "batch": report.batch.pk if report.batch else None, "summary": report.summary(),
            "problems": [{**asdict(p), "file": report.file_name} for p in report.problems[:PROBLEMS_KEPT]],
            "problem_count": len(report.problems)}


def start_import(path: Path, *, actor: Any, file_name: str, options: dict[str, Any],
                 on_end: Callable[[], None] | None = None) -> str:
    """Start importing `path` (import_records' keyword `options`) and return the job id. `on_end`
    runs when the job ends, however it ends (the web discards the upload there)."""
    job_id = secrets.token_urlsafe(18)
    state = {"owner": getattr(actor, "pk", None), "status": "running", "phase": "reading", "done": 0,
             "total": 0, "file_name": file_name[:255], "started_at": timezone.now().isoformat()}
    _write(job_id, state)
    if getattr(settings, "IMPORT_JOBS_INLINE", False):
        _run(job_id, state, path, actor, file_name, options, on_end)
    else:
        threading.Thread(target=_run, args=(job_id, state, path, actor, file_name, options, on_end),
                         name=f"athar-import-{job_id[:6]}", daemon=True).start()
    return job_id


def _run(job_id: str, state: dict[str, Any], path: Path, actor: Any, file_name: str,
         options: dict[str, Any], on_end: Callable[[], None] | None) -> None:
    last = [0.0]

    def progress(done: int, total: int) -> None:
        state.update(phase="importing", done=done, total=total)
        if time.monotonic() - last[0] >= _WRITE_EVERY_SECONDS or done >= total:
            last[0] = time.monotonic()
            _write(job_id, state)

    def phase(name: str) -> None:
        state["phase"] = name
        _write(job_id, state)

    inline = getattr(settings, "IMPORT_JOBS_INLINE", False)
    try:
        if not inline:
            close_old_connections()
        report = import_records(path, actor=actor, progress=progress, display_name=file_name, **options)
        state["report"] = report_state(report)
        if report.batch is not None and not report.already_imported and report.imported:
            phase("matching")
            for hook in _after_import:
                try:
                    state.setdefault("matching", {}).update(hook(report.batch.pk, actor, phase))
                except Exception as error:  # the rows are in: the import stands, unmatched
                    logger.error("matching of import job %s failed: %s", job_id[:6], type(error).__name__)
                    state["matching"] = {"classified": False, "reason": "matching_failed"}
        state.update(status="done", phase="done", ended_at=timezone.now().isoformat())
    except InputError as error:  # kept in parts: the page says it in its reader's language
        state.update(status="failed", error={"file": file_name if error.file else None, "row": error.row,
                                             "column": error.column,
                                             "reason": error.reason.replace(str(path), file_name)})
    except Exception as error:  # a job must end with a state the page can show, whatever went wrong
        # The type only: a database error's message can quote a row's values.
        logger.error("import job %s failed: %s", job_id[:6], type(error).__name__)
        state.update(status="failed", error=None)
    finally:
        _write(job_id, state)
        if on_end is not None:
            on_end()
        if not inline:
            connection.close()
