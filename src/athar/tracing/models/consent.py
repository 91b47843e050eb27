"""Consent per recipient, and the wording shown when asking for it.

A statement of consent is about a registry person (given once a request is verified, or for a
person documented without a request) or about a tracing request (given at intake, before anyone
knows whether the registry holds the person). Exactly one of the two is set."""

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

    person = models.ForeignKey(
        "registry.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="consents")
    tracing_request = models.ForeignKey(
        "tracing.TracingRequest", null=True, blank=True, on_delete=models.PROTECT, related_name="consents")
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
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(person__isnull=False, tracing_request__isnull=True)
                           | models.Q(person__isnull=True, tracing_request__isnull=False)),
                name="tracing_consent_about_person_or_request"),
        ]

    def __str__(self) -> str:
        about = f"person {self.person_id}" if self.person_id else f"request {self.tracing_request_id}"
        return f"consent {self.pk} of {about} for {self.recipient}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class ConsentWording(models.Model):
    """The text read or shown when asking for consent to one recipient, in one language. The latest
    row for (recipient, language) is the one in use; older rows stay, because each Consent keeps a
    copy of the exact words it was given on. Without a row, the built-in wording
    (athar.tracing.wording) is used."""

    recipient = models.CharField(max_length=32, choices=Recipient.choices)
    language = models.CharField(max_length=8, choices=[("ar", "العربية"), ("en", "English")])
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["recipient", "language", "-created_at", "-id"]

    def __str__(self) -> str:
        return f"consent wording {self.pk} ({self.recipient}, {self.language})"
