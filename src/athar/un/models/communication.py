"""Generated communications. A communication is one version of what athar would send to one
mechanism about one person: its structured content (the JSON copy, encrypted) and the DOCX and PDF
rendered from it, each stored encrypted under the data directory with the SHA-256 of its bytes.

Nothing here is regenerated or overwritten: generating again makes version N+1, and downloads serve
the stored bytes, so what was sent can always be shown exactly as it was."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from athar.encryption import EncryptedJSONField
from athar.un.choices import DocumentFormat, Language, Mechanism


class Communication(models.Model):
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="un_communications")
    mechanism = models.CharField(max_length=8, choices=Mechanism.choices)
    version = models.PositiveIntegerField()
    language = models.CharField(max_length=2, choices=Language.choices)
    with_arabic_summary = models.BooleanField(default=False)
    payload = EncryptedJSONField(help_text="The structured copy every format is rendered from.")
    payload_sha256 = models.CharField(max_length=64)
    layout_version = models.CharField(max_length=40, help_text="Version of the mechanism's form layout used.")
    submission = models.ForeignKey(
        "un.Submission", null=True, blank=True, on_delete=models.PROTECT, related_name="communications")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["person_id", "mechanism", "version"]
        constraints = [
            models.UniqueConstraint(fields=["person", "mechanism", "version"], name="un_communication_version"),
        ]

    def __str__(self) -> str:
        return f"communication {self.pk} ({self.mechanism} v{self.version}) of person {self.person_id}"


class CommunicationFile(models.Model):
    communication = models.ForeignKey(Communication, on_delete=models.PROTECT, related_name="files")
    format = models.CharField(max_length=4, choices=DocumentFormat.choices)
    path = models.CharField(max_length=300, help_text="Relative to the data directory; encrypted bytes.")
    sha256 = models.CharField(max_length=64, help_text="SHA-256 of the document as delivered (not encrypted).")
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["communication_id", "format"]
        constraints = [
            models.UniqueConstraint(fields=["communication", "format"], name="un_communication_file_format"),
        ]

    def __str__(self) -> str:
        return f"{self.format} of communication {self.communication_id}"
