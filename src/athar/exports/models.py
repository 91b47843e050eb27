"""An export request and, once approved, its encrypted file.

The file lives in the database, encrypted (athar.encryption), so that it is covered by `athar
backup` and never sits as plaintext on disk; that bounds a practical export to what fits in memory
(tens of thousands of records, not millions)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from athar.tracing.models import Recipient


class Scope(models.TextChoices):
    PERSONS = "persons", "The records of these persons"
    SOURCE = "source", "The records of this source"


class FileFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX (Excel)"


class Status(models.TextChoices):
    PENDING = "pending", "Awaiting approval"
    APPROVED = "approved", "Approved"
    REFUSED = "refused", "Refused"


class ExportRequest(models.Model):
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    scope = models.CharField(max_length=16, choices=Scope.choices)
    source = models.ForeignKey("registry.Source", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    person_ids = models.JSONField(default=list, blank=True, help_text="Public ids of the persons (scope persons).")
    file_format = models.CharField(max_length=8, choices=FileFormat.choices, default=FileFormat.CSV)
    recipient = models.CharField(max_length=32, choices=Recipient.choices, default=Recipient.INTERNAL)
    purpose = models.CharField(max_length=200, help_text="Why the export is needed, for the approver.")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    record_count = models.PositiveIntegerField(null=True, blank=True)
    excluded_persons = models.PositiveIntegerField(null=True, blank=True,
                                                   help_text="Persons left out for want of consent.")
    content = models.BinaryField(null=True, blank=True, editable=False, help_text="The file, encrypted.")
    sha256 = models.CharField(max_length=64, blank=True, default="")
    expires_at = models.DateTimeField(null=True, blank=True)
    download_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"export request {self.pk}"

    @property
    def file_name(self) -> str:
        return f"athar-export-{self.pk}.{self.file_format}"
