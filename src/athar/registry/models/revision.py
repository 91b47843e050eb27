"""The history of a record. Before a record changes (a corrected row re-imported, a caseworker's
edit), its whole previous state is kept here: the verbatim row and the parsed fields, who changed it,
when, why, and through which import. A record's history is its revisions in `version` order followed
by the record itself. Everything a revision keeps of the record is encrypted at rest, like the
record's verbatim row."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from athar.encryption import EncryptedJSONField, EncryptedTextField


class RecordRevision(models.Model):
    record = models.ForeignKey("registry.Record", on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField(help_text="1 for the record as first written, then 2, 3, ...")
    raw = EncryptedJSONField(sort_keys=False,
                             help_text="The verbatim row as it was before the change (encrypted at rest).")
    fields = EncryptedJSONField(help_text="The parsed fields as they were before the change (encrypted at rest).")
    replaced_at = models.DateTimeField(auto_now_add=True)
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="Who made the change that replaced this version (None: the command line).")
    import_batch = models.ForeignKey(
        "registry.ImportBatch", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="The import that brought the replacing version, if any.")
    reason = EncryptedTextField(blank=True, default="", help_text="Why, in the editor's words (encrypted at rest).")

    class Meta:
        ordering = ["record_id", "version"]
        constraints = [
            models.UniqueConstraint(fields=["record", "version"], name="registry_revision_unique_version"),
        ]

    def __str__(self) -> str:
        return f"revision {self.version} of record {self.record_id}"
