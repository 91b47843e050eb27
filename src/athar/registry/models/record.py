"""A record: one row of one source, kept verbatim, with the fields of the records CSV
(shared/spec/interchange.md) parsed and normalised beside it.

`raw` holds every column exactly as read, unknown columns included, encrypted at rest: a free
column may hold a testimony, the circumstances of an arrest or a family's phone number, and athar
cannot tell which column does, so the whole row is sealed (docs/security.md). The parsed fields
beside it stay in plain columns, because linkage, search and sorting read them in the database; they
are a convenience that can be recomputed from `raw`. `person` is the identity the record is currently
resolved to (None: not yet linked); the history of how it got there is in `PersonRecordLink`."""

from __future__ import annotations

from django.db import models

from athar.encryption import EncryptedJSONField
from athar.registry.choices import EventType, Sex
from athar.registry.fields import PartialDateField


class Record(models.Model):
    source = models.ForeignKey("registry.Source", on_delete=models.PROTECT, related_name="records")
    record_id = models.CharField(max_length=200, help_text="Identifier of the row inside its source.")
    raw = EncryptedJSONField(sort_keys=False, help_text=(
        "The row verbatim: every column as read, unknown columns included, in the file's order "
        "(encrypted at rest)."))

    full_name = models.CharField(max_length=300, blank=True, default="")
    first_name = models.CharField(max_length=100, blank=True, default="")
    father_name = models.CharField(max_length=100, blank=True, default="")
    grandfather_name = models.CharField(max_length=100, blank=True, default="")
    family_name = models.CharField(max_length=150, blank=True, default="")
    mother_name = models.CharField(max_length=200, blank=True, default="")
    mother_family_name = models.CharField(max_length=150, blank=True, default="")
    sex = models.CharField(max_length=1, choices=Sex.choices, blank=True, default="")
    birth_date = PartialDateField(null=True, blank=True)
    age = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Age in years at event_date.")
    birth_place = models.CharField(max_length=200, blank=True, default="", help_text="As written.")
    resolved_birth_place = models.ForeignKey(
        "registry.Place", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    national_id = models.CharField(max_length=50, blank=True, default="")
    governorate = models.CharField(max_length=100, blank=True, default="", help_text="As written.")
    resolved_governorate = models.ForeignKey(
        "registry.Place", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    event_type = models.CharField(max_length=32, choices=EventType.choices, blank=True, default="")
    event_date = PartialDateField(null=True, blank=True)
    event_place = models.CharField(max_length=200, blank=True, default="", help_text="As written.")

    import_batch = models.ForeignKey(
        "registry.ImportBatch", null=True, blank=True, on_delete=models.PROTECT, related_name="records")
    person = models.ForeignKey(
        "registry.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="records")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["source_id", "record_id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "record_id"], name="registry_record_unique_key"),
        ]
        indexes = [
            models.Index(fields=["national_id"]),
            models.Index(fields=["person"]),
        ]

    def __str__(self) -> str:
        # Ids only: a record's string may reach a log.
        return f"record {self.record_id} of source {self.source_id}"

    @property
    def key(self) -> tuple[str, str]:
        """(source name, record_id): the interchange key (costs a query if source is not loaded)."""
        return (self.source.name, self.record_id)

    @property
    def name_as_written(self) -> str:
        """The full name, or the name parts in Syrian order (first, father, grandfather, family)."""
        if self.full_name:
            return self.full_name
        parts = (self.first_name, self.father_name, self.grandfather_name, self.family_name)
        return " ".join(p for p in parts if p)
