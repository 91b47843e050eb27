"""Submissions and what follows them: one submission per case × mechanism × procedure, its status
(the lifecycle of un-procedures.md §7.4, configured in mechanisms.toml and enforced by
`athar.un.services.change_status`), every status change with its date, and the letters received
(acknowledgements, government replies, opinions) as correspondence."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from athar.encryption import EncryptedTextField
from athar.registry.choices import Fate
from athar.registry.fields import PartialDateField
from athar.un.choices import CorrespondenceKind, Language, Mechanism


class Submission(models.Model):
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="un_submissions")
    mechanism = models.CharField(max_length=8, choices=Mechanism.choices)
    procedure = models.CharField(max_length=40, help_text="A procedure of the mechanism (mechanisms.toml).")
    status = models.CharField(max_length=40, default="DRAFT")
    language = models.CharField(max_length=2, choices=Language.choices, default=Language.EN)
    reference = models.CharField(max_length=100, blank=True, default="",
                                 help_text="The UN's reference, kept as an opaque string.")
    channel = models.CharField(max_length=40, blank=True, default="")
    address_used = models.CharField(max_length=200, blank=True, default="")
    sent_communication = models.ForeignKey(
        "un.Communication", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="The communication actually sent: frozen once the submission is sent.")

    sent_on = models.DateField(null=True, blank=True)
    acknowledged_on = models.DateField(null=True, blank=True)
    transmitted_on = models.DateField(null=True, blank=True, help_text="Transmitted to the State.")
    reply_received_on = models.DateField(null=True, blank=True, help_text="Government reply received by the source.")
    comments_due_on = models.DateField(null=True, blank=True, help_text="As set in the UN's covering letter.")
    opinion_number = models.CharField(max_length=40, blank=True, default="", help_text="WGAD: Opinion No. NN/YYYY.")
    opinion_adopted_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True, help_text="Clarified, discontinued, filed or closed.")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["person_id", "mechanism", "created_at", "id"]
        indexes = [models.Index(fields=["mechanism", "status"])]

    def __str__(self) -> str:
        return f"submission {self.pk} ({self.mechanism}) of person {self.person_id}"


class Correspondence(models.Model):
    """A letter or document received about a submission. A government reply that claims a fate is
    also entered in the registry as a record of the UN-correspondence source (`record`), so the claim
    stands beside every other with this letter as its evidence."""

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="correspondence")
    kind = models.CharField(max_length=32, choices=CorrespondenceKind.choices)
    received_on = models.DateField()
    reference = models.CharField(max_length=100, blank=True, default="")
    summary = EncryptedTextField(blank=True, default="")
    file_name = models.CharField(max_length=255, blank=True, default="")
    file_path = models.CharField(max_length=300, blank=True, default="", help_text="Relative; encrypted bytes.")
    file_sha256 = models.CharField(max_length=64, blank=True, default="")
    claimed_fate = models.CharField(max_length=16, choices=Fate.choices, blank=True, default="")
    claimed_on = PartialDateField(null=True, blank=True, help_text="The date the claimed fate is about.")
    record = models.OneToOneField(
        "registry.Record", null=True, blank=True, on_delete=models.PROTECT, related_name="un_correspondence")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submission_id", "received_on", "id"]
        verbose_name_plural = "correspondence"

    def __str__(self) -> str:
        return f"correspondence {self.pk} ({self.kind}) of submission {self.submission_id}"


class StatusChange(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="status_changes")
    from_status = models.CharField(max_length=40)
    to_status = models.CharField(max_length=40)
    occurred_on = models.DateField(help_text="When it happened (the UN letter's date), not when it was typed.")
    note = EncryptedTextField(blank=True, default="")
    correspondence = models.ForeignKey(
        Correspondence, null=True, blank=True, on_delete=models.PROTECT, related_name="status_changes")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submission_id", "recorded_at", "id"]

    def __str__(self) -> str:
        return f"status change {self.pk} of submission {self.submission_id}"
