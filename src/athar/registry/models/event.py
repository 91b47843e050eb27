"""Events: what a record says happened to a person (arrest, sighting in detention, transfer, trial,
release, death certificate, ...), when (a partial date, at its precision) and where (the place as
written, and the gazetteer place or facility it resolved to). Every event points at the record it
comes from: it is evidence, not a conclusion."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from athar.encryption import EncryptedTextField
from athar.registry.choices import EventType
from athar.registry.fields import PartialDateField


class Event(models.Model):
    event_type = models.CharField(max_length=32, choices=EventType.choices)
    date = PartialDateField(null=True, blank=True)
    place = models.ForeignKey(
        "registry.Place", null=True, blank=True, on_delete=models.SET_NULL, related_name="events")
    place_text = models.CharField(max_length=200, blank=True, default="", help_text="As written.")
    person = models.ForeignKey(
        "registry.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="events",
        help_text="Mirrors record.person; kept in step by services.")
    record = models.ForeignKey("registry.Record", on_delete=models.CASCADE, related_name="events")
    description = EncryptedTextField(
        blank=True, default="", help_text="What a caseworker wrote about the event (encrypted at rest).")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="Who added the event in a case; None for events derived from an imported row.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]
        indexes = [models.Index(fields=["event_type", "date"])]

    def __str__(self) -> str:
        return f"event {self.pk} ({self.event_type}) of record {self.record_id}"
