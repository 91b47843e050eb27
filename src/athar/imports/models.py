"""Quarantine: rows of an imported file that could not go into the registry, kept verbatim with
where they were (file, row, column) and why, until a corrected file brings them in."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from athar.encryption import EncryptedJSONField


class QuarantinedRow(models.Model):
    batch = models.ForeignKey("registry.ImportBatch", on_delete=models.PROTECT, related_name="quarantined_rows")
    file_name = models.CharField(max_length=255)
    row_number = models.PositiveIntegerField(help_text="As a spreadsheet shows it: the header is row 1.")
    column = models.CharField(max_length=100, blank=True, default="", help_text="Column of the first problem.")
    reason = models.CharField(max_length=500, help_text="Reason of the first problem (no personal data).")
    problems = models.JSONField(default=list, help_text="Every problem of the row: [{column, reason}].")
    raw = EncryptedJSONField(sort_keys=False, help_text="The row verbatim, every column as read (encrypted at rest).")
    source_name = models.CharField(max_length=100, blank=True, default="", help_text="As read, may be empty.")
    record_id = models.CharField(max_length=200, blank=True, default="", help_text="As read, may be empty.")
    resolved_by_batch = models.ForeignKey(
        "registry.ImportBatch", null=True, blank=True, on_delete=models.PROTECT, related_name="resolved_rows",
        help_text="A later batch that imported a corrected row with the same (source, record_id).")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["batch_id", "row_number"]
        indexes = [models.Index(fields=["source_name", "record_id"])]

    def __str__(self) -> str:
        return f"quarantined row {self.row_number} of batch {self.batch_id}"

    @property
    def is_resolved(self) -> bool:
        return self.resolved_by_batch_id is not None


class ColumnMapping(models.Model):
    """How a source's files name their columns: {"file's header cell": "athar field"} ("" keeps a
    column verbatim without reading it). Saved when an import is given a mapping, used by the next
    import of the same source that is given none."""

    source_name = models.CharField(max_length=100, unique=True)
    mapping = models.JSONField(help_text="Header cell as written -> field of the records format, or ''.")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["source_name"]

    def __str__(self) -> str:
        return f"column mapping of source {self.source_name}"
