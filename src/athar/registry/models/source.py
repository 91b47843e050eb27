"""Sources (a list, register, report or file the registry's records come from) and import batches
(one file loaded into the registry: which bytes, when, by whom).

`ImportBatch` lives here and not in `athar.imports` because every `Record` points at the batch that
brought it in (provenance is the registry's business) while `imports` sits above `registry` in the
layering: the import pipeline and its quarantine live in `athar.imports`."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from athar.encryption import EncryptedTextField
from athar.registry.choices import Sensitivity, SourceKind


class Source(models.Model):
    name = models.CharField(
        max_length=100, unique=True,
        help_text="Short name, as in the `source` column of a records CSV (e.g. family_reports_2024).")
    kind = models.CharField(max_length=32, choices=SourceKind.choices, default=SourceKind.OTHER)
    organisation = models.CharField(max_length=200, blank=True, default="")
    acquired_on = models.DateField(null=True, blank=True)
    sha256 = models.CharField(
        max_length=64, blank=True, default="",
        help_text="SHA-256 of the original file as received (before any typing-up or conversion).")
    custody_notes = EncryptedTextField(
        blank=True, default="",
        help_text="Chain of custody: who handed it over, how, to whom, when (encrypted at rest: it names people).")
    sensitivity = models.CharField(max_length=16, choices=Sensitivity.choices, default=Sensitivity.RESTRICTED)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ImportBatch(models.Model):
    """One file imported into the registry. The file's SHA-256 is unique: the same bytes are imported
    once, so importing a file again adds nothing."""

    file_name = models.CharField(max_length=255, help_text="Base name of the file (no directories).")
    sha256 = models.CharField(max_length=64, unique=True)
    default_source = models.CharField(
        max_length=100, blank=True, default="", help_text="--source given for rows without a source.")
    row_count = models.PositiveIntegerField(default=0)
    imported_count = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(
        default=0, help_text="Rows whose (source, record_id) was already in the registry.")
    quarantined_count = models.PositiveIntegerField(default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "import batches"

    def __str__(self) -> str:
        return f"import batch {self.pk}"
