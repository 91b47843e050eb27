"""Fate claims. A person's fate is not one field but the set of claims the evidence makes (deceased
by a death certificate, detained by a sighting, released by a testimony), each with its evidence.
Claims that contradict each other are all kept and shown as a conflict; nothing here decides which
one is true (see `athar.registry.queries.fate_summary`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from athar.encryption import EncryptedTextField
from athar.registry.choices import Fate
from athar.registry.fields import PartialDateField

LIVING_FATES: frozenset[str] = frozenset({Fate.ALIVE, Fate.DETAINED, Fate.RELEASED})


class FateClaim(models.Model):
    fate = models.CharField(max_length=16, choices=Fate.choices)
    claimed_on = PartialDateField(null=True, blank=True, help_text="The date the claim is about.")
    person = models.ForeignKey(
        "registry.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="fate_claims",
        help_text="Mirrors record.person; kept in step by services.")
    event = models.ForeignKey(
        "registry.Event", null=True, blank=True, on_delete=models.CASCADE, related_name="fate_claims")
    record = models.ForeignKey(
        "registry.Record", null=True, blank=True, on_delete=models.CASCADE, related_name="fate_claims")
    source = models.ForeignKey("registry.Source", on_delete=models.PROTECT, related_name="fate_claims")
    evidence = EncryptedTextField(
        blank=True, default="", help_text="What the claim rests on, as a caseworker wrote it (encrypted at rest).")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="Who added the claim in a case; None for claims derived from an imported row.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["claimed_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(event__isnull=False) | models.Q(record__isnull=False),
                name="registry_fate_claim_has_evidence"),
        ]

    def __str__(self) -> str:
        return f"fate claim {self.pk} ({self.fate})"
