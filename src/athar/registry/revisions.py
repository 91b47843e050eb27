"""Changing a record without losing what it said. `revise_record` keeps the record's previous state
(verbatim row and parsed fields) as a `RecordRevision`, applies the new values, keeps the event and
fate claim derived from the record's event columns in step, and writes an audit row — all in one
transaction. A record's identity (source, record_id) never changes.

Used by the import pipeline (a corrected file re-imported) and by case editing in the browser."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import Max

from athar.audit.models import Action
from athar.audit.services import record_event
from athar.interchange import PartialDate
from athar.registry.models import Event, FateClaim, ImportBatch, Record, RecordRevision

# The parsed fields a revision snapshots and a change may set.
REVISABLE_FIELDS: tuple[str, ...] = (
    "full_name", "first_name", "father_name", "grandfather_name", "family_name", "mother_name",
    "mother_family_name", "sex", "birth_date", "age", "birth_place", "national_id", "governorate",
    "event_type", "event_date", "event_place",
)
_EVENT_FIELDS = frozenset({"event_type", "event_date", "event_place"})


def _snapshot_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, PartialDate) else value


def record_fields(record: Record) -> dict[str, Any]:
    """The record's parsed fields as JSON-safe values (partial dates in ISO form)."""
    return {name: _snapshot_value(getattr(record, name)) for name in REVISABLE_FIELDS}


def changed_fields(record: Record, values: Mapping[str, Any]) -> list[str]:
    return [name for name, value in values.items() if getattr(record, name) != value]


@transaction.atomic
def revise_record(record: Record, *, values: Mapping[str, Any], raw: Mapping[str, Any] | None = None,
                  actor: Any, reason: str = "", batch: ImportBatch | None = None,
                  request: Any = None) -> RecordRevision | None:
    """Apply `values` (parsed fields, a subset of REVISABLE_FIELDS) and optionally a new verbatim
    `raw` row to `record`. Returns the revision that keeps the previous state, or None when nothing
    changed (no revision, no audit row). Capability checks are the caller's (imports and case
    editing need different ones)."""
    unknown = set(values) - set(REVISABLE_FIELDS)
    if unknown:
        raise ValueError(f"not revisable: {sorted(unknown)}")
    record = Record.objects.select_for_update().get(pk=record.pk)
    changes = changed_fields(record, values)
    raw_changed = raw is not None and dict(raw) != record.raw
    if not changes and not raw_changed:
        return None
    last = RecordRevision.objects.filter(record=record).aggregate(v=Max("version"))["v"] or 0
    revision = RecordRevision.objects.create(
        record=record, version=last + 1, raw=record.raw, fields=record_fields(record),
        replaced_by=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
        import_batch=batch, reason=reason[:300])
    for name in changes:
        setattr(record, name, values[name])
    if raw_changed:
        record.raw = dict(raw or {})
    record.save()
    if _EVENT_FIELDS & set(changes):
        _refresh_derived_event(record)
    record_event(actor=actor, action=Action.EDIT, target_type="record", target_id=record.pk, request=request,
                 details={"fields": sorted(changes), "raw": raw_changed, "revision": revision.version,
                          "batch": batch.pk if batch else None})
    return revision


def _refresh_derived_event(record: Record) -> None:
    """Keep the event derived from the record's event columns (its first event) in step; its fate
    claim follows the event type. The previous values stay in the revision."""
    from athar.registry.services import FATE_OF_EVENT, derive_events_and_claims, place_resolver

    event = Event.objects.filter(record=record).order_by("id").first()
    if event is None:
        derive_events_and_claims(record)
        return
    resolver = place_resolver()
    event.event_type = record.event_type or "other"
    event.date = record.event_date
    event.place_text = record.event_place
    event.place_id = resolver.resolve(record.event_place)
    event.save()
    fate = FATE_OF_EVENT.get(event.event_type)
    claims = FateClaim.objects.filter(event=event)
    if fate is None:
        claims.delete()  # the type no longer claims a fate; the old claim is described by the revision
    elif claims.exists():
        claims.update(fate=fate, claimed_on=event.date)
    else:
        FateClaim.objects.create(fate=fate, claimed_on=event.date, person_id=record.person_id, event=event,
                                 record=record, source_id=record.source_id)
