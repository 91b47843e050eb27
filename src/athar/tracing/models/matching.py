"""What the matcher proposed for a request, and what caseworkers are told.

A candidate is the linker's proposal, never an answer: a caseworker verifies or rejects it. A
rejected candidate stays rejected when the matcher proposes the same person again later."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class CandidateDecision(models.TextChoices):
    OPEN = "open", "To check"
    VERIFIED = "verified", "Verified"
    REJECTED = "rejected", "Rejected"


class Candidate(models.Model):
    tracing_request = models.ForeignKey("tracing.TracingRequest", on_delete=models.PROTECT,
                                        related_name="candidates")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    record = models.ForeignKey(
        "registry.Record", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The person's record that best matches the request.")
    match_probability = models.FloatField()
    rank = models.PositiveSmallIntegerField()
    explanation = models.CharField(max_length=1000, blank=True, default="",
                                   help_text="The linker's compact explanation (field=level weight; ...).")
    run_id = models.CharField(max_length=100, blank=True, default="")
    found_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    decision = models.CharField(max_length=10, choices=CandidateDecision.choices, default=CandidateDecision.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    flagged_at = models.DateTimeField(
        null=True, blank=True,
        help_text="When the matcher last proposed the person as worth a look (new, or newly at or above the "
                  "candidate threshold): the caseworker's 'new' flag.")

    class Meta:
        ordering = ["tracing_request_id", "rank", "id"]
        constraints = [
            models.UniqueConstraint(fields=["tracing_request", "person"], name="tracing_one_candidate_per_person"),
        ]

    def __str__(self) -> str:
        return f"candidate person {self.person_id} for request {self.tracing_request_id}"


class NotificationKind(models.TextChoices):
    NEW_REQUEST = "new_request", "A family sent a request"
    NEW_CANDIDATES = "new_candidates", "New candidates to check"
    RELATED_REQUEST = "related_request", "Another relative asked about the same person"
    INFORM_FAMILY = "inform_family", "A family is waiting to be told"


class Notification(models.Model):
    """An item in a caseworker's queue. Carries ids and counts only: the page shows the rest."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="None: every caseworker (an unassigned request).")
    tracing_request = models.ForeignKey("tracing.TracingRequest", on_delete=models.PROTECT,
                                        related_name="notifications")
    kind = models.CharField(max_length=20, choices=NotificationKind.choices)
    count = models.PositiveIntegerField(default=0)
    since = models.DateTimeField(
        null=True, blank=True,
        help_text="new_candidates: the candidates flagged at this moment are the new ones.")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"notification {self.pk} ({self.kind}) for request {self.tracing_request_id}"
