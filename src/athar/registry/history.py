"""A record's history, read for people: each change with the earlier value, the value that replaced
it, who changed it, when and why. Built from `RecordRevision` (which keeps each earlier state whole);
shown on the person page and returned by the records API. Reads only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from athar.registry.models import Record, RecordRevision
from athar.registry.revisions import record_fields


@dataclass(frozen=True)
class FieldChange:
    field: str
    earlier: Any
    later: Any


@dataclass(frozen=True)
class HistoryEntry:
    version: int  # the version that was replaced
    replaced_at: datetime
    replaced_by: str  # username; "" for the command line or an import run without a user
    reason: str
    import_batch: int | None
    changes: tuple[FieldChange, ...]
    raw_changed: bool


def record_history(record: Record) -> list[HistoryEntry]:
    """Changes to `record`, oldest first. Empty for a record never changed."""
    revisions = list(RecordRevision.objects.filter(record=record).select_related("replaced_by").order_by("version"))
    if not revisions:
        return []
    states = [(r.fields, r.raw) for r in revisions] + [(record_fields(record), record.raw)]
    entries = []
    for index, revision in enumerate(revisions):
        before_fields, before_raw = states[index]
        after_fields, after_raw = states[index + 1]
        changes = tuple(FieldChange(field=name, earlier=before_fields.get(name), later=after_fields.get(name))
                        for name in after_fields if before_fields.get(name) != after_fields.get(name))
        entries.append(HistoryEntry(
            version=revision.version, replaced_at=revision.replaced_at,
            replaced_by=revision.replaced_by.get_username() if revision.replaced_by else "",
            reason=revision.reason, import_batch=revision.import_batch_id, changes=changes,
            raw_changed=before_raw != after_raw))
    return entries
