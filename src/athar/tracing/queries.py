"""What the tracing pages and the API show, read the same way for both (and never written here).

- `candidate_rows`: a request's candidates the user may see, each named from the records the user
  may read, with the count of those hidden in sources the user cannot read;
- `consent_rows`: each recipient's active answer;
- `new_candidates_by_request` / `unread_new_candidates`: the "new candidates since …" flags of the
  caseworker told of them (the assigned caseworker, or everyone while a request is unassigned)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from athar.registry.access import can_view_person, visible_person_records
from athar.tracing.forms import RECIPIENT_LABELS
from athar.tracing.matching import explanation_lines
from athar.tracing.models import (
    Candidate,
    CandidateDecision,
    Notification,
    NotificationKind,
    Recipient,
    TracingRequest,
)


@dataclass(frozen=True)
class NewCandidates:
    """Unread news of candidates for one request: how many, since when, which notifications."""

    count: int
    since: datetime.datetime
    notifications: tuple[int, ...]


def _addressed_to(user: Any) -> Q:
    return Q(user_id=getattr(user, "pk", None) or 0) | Q(user__isnull=True)


def unread_new_candidates(user: Any, tracing_request: TracingRequest | None = None) -> QuerySet[Notification]:
    notes = Notification.objects.filter(_addressed_to(user), kind=NotificationKind.NEW_CANDIDATES,
                                        read_at__isnull=True)
    if tracing_request is not None:
        notes = notes.filter(tracing_request=tracing_request)
    return notes


def _fold(notes: list[Notification]) -> NewCandidates:
    return NewCandidates(count=sum(n.count for n in notes),
                         since=min(n.since or n.created_at for n in notes),
                         notifications=tuple(sorted(n.pk for n in notes)))


def new_candidates_by_request(user: Any, request_ids: list[int]) -> dict[int, NewCandidates]:
    """For the request list: request pk → its unread news, for the requests that have some."""
    grouped: dict[int, list[Notification]] = {}
    for note in unread_new_candidates(user).filter(tracing_request_id__in=request_ids):
        grouped.setdefault(note.tracing_request_id, []).append(note)
    return {pk: _fold(notes) for pk, notes in grouped.items()}


def new_candidates_of(user: Any, tracing_request: TracingRequest) -> NewCandidates | None:
    notes = list(unread_new_candidates(user, tracing_request))
    return _fold(notes) if notes else None


def candidate_rows(user: Any, tracing_request: TracingRequest, language: str,
                   new_since: datetime.datetime | None = None) -> tuple[list[dict[str, Any]], int]:
    """Candidates the user may see, best first, each named from the records the user may read
    (`is_new`: flagged at or after `new_since` and still to check); and how many are hidden because
    their records are in sources the user cannot read."""
    rows, hidden = [], 0
    candidates = tracing_request.candidates.select_related("person", "record__source").order_by("rank", "id")
    for candidate in candidates:
        if not can_view_person(user, candidate.person):
            hidden += 1
            continue
        records = list(visible_person_records(user, candidate.person).select_related("source"))
        best = candidate.record if candidate.record in records else (records[0] if records else None)
        rows.append({"candidate": candidate, "name": best.name_as_written if best else "",
                     "source": best.source.name if best else "", "record_id": best.record_id if best else "",
                     "percent": round(candidate.match_probability * 100),
                     "explanation": explanation_lines(candidate.explanation, language),
                     "is_new": _is_new(candidate, new_since)})
    return rows, hidden


def _is_new(candidate: Candidate, since: datetime.datetime | None) -> bool:
    return (since is not None and candidate.flagged_at is not None and candidate.flagged_at >= since
            and candidate.decision == CandidateDecision.OPEN)


def consent_rows(tracing_request: TracingRequest) -> list[dict[str, Any]]:
    rows = []
    for recipient in Recipient:
        active = (tracing_request.consents.filter(recipient=recipient, withdrawn_at__isnull=True)
                  .order_by("-recorded_at", "-id").first())
        rows.append({"recipient": recipient.value, "label": RECIPIENT_LABELS[recipient], "consent": active})
    return rows
