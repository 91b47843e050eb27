"""Consent per recipient."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Recipient(models.TextChoices):
    INTERNAL = "internal", "Internal documentation"
    WGEID = "wgeid", "UN Working Group on Enforced or Involuntary Disappearances"
    WGAD = "wgad", "UN Working Group on Arbitrary Detention"
    SR_TORTURE = "srt", "UN Special Rapporteur on Torture"
    IIMP = "iimp", "Independent Institution on Missing Persons in Syria"
    NATIONAL_COMMISSION = "national_commission", "National Commission for Missing Persons"
    ICRC = "icrc", "International Committee of the Red Cross"
    PUBLICATION = "publication", "Publication"


class Consent(models.Model):
    """One statement of consent (or refusal) for one recipient, as given by the person's family or
    the person. Never edited: a change of mind is a withdrawal and, if needed, a new row."""

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="consents")
    recipient = models.CharField(max_length=32, choices=Recipient.choices)
    is_granted = models.BooleanField(help_text="False records an explicit refusal.")
    wording_shown = models.TextField(help_text="The text read or shown to the person giving consent.")
    given_by = models.CharField(
        max_length=100, help_text="Who gave it, by relationship (the person, mother, brother, ...).")
    given_on = models.DateField()
    taken_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["person_id", "recipient", "recorded_at", "id"]
        indexes = [models.Index(fields=["person", "recipient"])]

    def __str__(self) -> str:
        return f"consent {self.pk} of person {self.person_id} for {self.recipient}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None
