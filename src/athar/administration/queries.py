"""Reads of the administration pages."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from athar.audit.models import AuditEvent
from athar.registry.models import Source


def filtered_audit_events(filters: dict[str, Any]) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.select_related("actor").order_by("-sequence")
    if filters.get("actor"):
        events = events.filter(Q(actor_label=filters["actor"]) | Q(actor__username=filters["actor"]))
    for name in ("action", "outcome", "target_type", "target_id"):
        if filters.get(name):
            events = events.filter(**{name: filters[name]})
    if filters.get("since"):
        events = events.filter(occurred_at__gte=_start_of(filters["since"]))
    if filters.get("until"):
        events = events.filter(occurred_at__lt=_start_of(filters["until"] + datetime.timedelta(days=1)))
    return events


def _start_of(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC).astimezone(timezone.get_current_timezone())


def sources_with_counts() -> QuerySet[Source]:
    return Source.objects.annotate(record_count=Count("records", distinct=True)).order_by("name")
