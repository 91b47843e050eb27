"""After every resolve: match the open requests again.

`athar.registry.linking.link_registry` keeps the run's model for matching (athar.registry.kept_run)
and sends `persons_resolved` once the run's persons are applied (every `athar resolve`; the demo's
linking). This module's receiver matches every open request against the new persons
(`rematch_open_requests`): new candidates go to the caseworker's queue, flagged on the request list
and page; nothing goes to a family.

The returned line (counts only) is printed by `athar resolve`. A failure of the rematch does not
undo the resolve: the line says so, and `athar trace rematch` can be run by hand."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from athar.errors import AtharError


def on_persons_resolved(sender: Any, *, run_id: str, run_dir: Path, **kwargs: Any) -> str:
    from athar.tracing.matching import rematch_open_requests

    try:
        summary = rematch_open_requests(actor=None, run_dir=Path(run_dir))
    except Exception as error:  # the persons are resolved already: report it, never undo the run
        # The code or the class name only: an exception's message may quote a value.
        code = getattr(error, "code", "") if isinstance(error, AtharError) else ""
        code = code or type(error).__name__
        return f"tracing: open requests NOT matched again ({code}); run `athar trace rematch`"
    return (f"tracing: {summary.requests} open requests matched again: {summary.new_candidates} new candidates "
            f"for {summary.notified} caseworker queues; {len(summary.linked_requests)} requests linked to an "
            f"earlier one")
