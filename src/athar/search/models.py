"""The name-key index: for each record, the script-independent keys of its names.

Keys are derived data (a record's names can always re-create them), so the index can be dropped and
rebuilt at any time. `IndexedRecord` says which records have keys, and with which version of the
key function (`fingerprint`), so that a better name engine re-indexes what it changed."""

from __future__ import annotations

from django.db import models


class IndexedRecord(models.Model):
    record = models.OneToOneField("registry.Record", on_delete=models.CASCADE, primary_key=True,
                                  related_name="+")
    fingerprint = models.CharField(max_length=16, help_text="Version of the key function that indexed it.")

    class Meta:
        indexes = [
            # Every search first asks whether any entry has another fingerprint: without this index
            # that reads the whole table (about 50 ms of CPU a search at a million records).
            models.Index(fields=["fingerprint"], name="search_indexed_fingerprint"),
        ]

    def __str__(self) -> str:
        return f"index entry of record {self.record_id}"


class NameKey(models.Model):
    record = models.ForeignKey("registry.Record", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64)

    class Meta:
        constraints = [
            # Also the index that answers "which records have this key".
            models.UniqueConstraint(fields=["key", "record"], name="search_name_key_unique"),
        ]

    def __str__(self) -> str:
        return f"name key of record {self.record_id}"
