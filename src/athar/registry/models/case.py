"""What a caseworker adds to a case beyond the record's fields: notes and documents (photos, scans,
PDFs). Both hang off the record they support, and so off the person that record belongs to, whoever
that is after later merges or splits: evidence follows the record, never a copy of a person.

Notes and documents are append-only: a wrong note is answered by another note, never edited away.
Document bytes are not in the database: they are encrypted into a file under the data directory
(`athar.registry.documents`); the row keeps the SHA-256 of the original bytes."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from athar.encryption import EncryptedTextField


class CaseNote(models.Model):
    record = models.ForeignKey("registry.Record", on_delete=models.PROTECT, related_name="case_notes")
    text = EncryptedTextField(help_text="Encrypted at rest.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"note {self.pk} on record {self.record_id}"


class CaseDocument(models.Model):
    public_id = models.CharField(
        max_length=32, unique=True, help_text="Random id used in URLs and as the stored file's name.")
    record = models.ForeignKey("registry.Record", on_delete=models.PROTECT, related_name="case_documents")
    file_name = EncryptedTextField(help_text="The name the file was uploaded with (may hold a name).")
    description = EncryptedTextField(blank=True, default="")
    content_type = models.CharField(max_length=64, help_text="Detected from the bytes, not the upload.")
    size = models.PositiveIntegerField(help_text="Bytes of the original file.")
    sha256 = models.CharField(max_length=64, help_text="SHA-256 of the original bytes, before encryption.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"document {self.public_id} on record {self.record_id}"

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
