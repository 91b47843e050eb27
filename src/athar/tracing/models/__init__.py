"""Tracing models, one module per subject; import them from here."""

from athar.tracing.models.consent import Consent, ConsentWording, Recipient
from athar.tracing.models.matching import Candidate, CandidateDecision, Notification, NotificationKind
from athar.tracing.models.request import (
    Channel,
    InformingTask,
    Origin,
    Relationship,
    Requester,
    RequestPhoto,
    Status,
    StatusChange,
    TracingRequest,
    new_request_id,
)

__all__ = [
    "Candidate",
    "CandidateDecision",
    "Channel",
    "Consent",
    "ConsentWording",
    "InformingTask",
    "Notification",
    "NotificationKind",
    "Origin",
    "Recipient",
    "Relationship",
    "RequestPhoto",
    "Requester",
    "Status",
    "StatusChange",
    "TracingRequest",
    "new_request_id",
]
