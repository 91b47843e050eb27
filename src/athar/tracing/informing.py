"""Telling the family is a caseworker's task, with a script (templates/tracing/informing.html), and
never a message sent by software. The caseworker records that they spoke to the family, by which
channel, and what was said; that moves the request to "family informed"."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from athar.accounts.permissions import check_capability
from athar.accounts.roles import Capability
from athar.audit.services import record_event
from athar.tracing.models import Channel, InformingTask, Status
from athar.tracing.workflow import IllegalTransition, change_status


def complete_informing(task: InformingTask, *, actor: Any, channel: str, notes: str = "",
                       request: Any = None) -> InformingTask:
    tracing_request = task.tracing_request
    check_capability(actor, Capability.MANAGE_TRACING, request=request, target_type="tracing_request",
                     target_id=tracing_request.public_id)
    Channel(channel)
    if task.is_done:
        raise IllegalTransition("this family has already been informed")
    if tracing_request.status != Status.VERIFIED:
        raise IllegalTransition("only a verified request can be marked as told to the family")
    with transaction.atomic():
        task.completed_at = timezone.now()
        task.completed_by = actor if getattr(actor, "is_authenticated", False) else None
        task.channel_used = channel
        task.notes = notes
        task.save(update_fields=["completed_at", "completed_by", "channel_used", "notes"])
        change_status(tracing_request, Status.FAMILY_INFORMED, actor=actor, request=request, _guarded=True,
                      reason=f"the caseworker informed the family ({channel})")
        record_event(actor=actor, action="inform_family", target_type="tracing_request",
                     target_id=tracing_request.public_id, request=request,
                     details={"task": task.pk, "channel": channel})
        return task


def open_task(tracing_request: Any) -> InformingTask | None:
    return tracing_request.informing_tasks.filter(completed_at__isnull=True).order_by("-created_at").first()
