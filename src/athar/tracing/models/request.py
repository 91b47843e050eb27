"""A family's tracing request: the missing person as the family describes them, who asked (stored
apart, encrypted), the photos they gave (encrypted), every change of state, and the task of
telling the family, which a caseworker does, never the software.

The person's description follows how Syrians give a name (given, father, grandfather, family,
mother's name and family) and keeps dates at the precision the family gave ("2013", "2013-04").
Free text (circumstances, detaining party) and everything about the requester is encrypted at
rest; names and dates stay readable to the database because the matcher reads them, as the
registry's records do."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models

from athar.encryption import EncryptedTextField
from athar.registry.choices import Sex
from athar.registry.fields import PartialDateField

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32, as person ids


def new_request_id() -> str:
    """Random, so a request id says nothing about how many families have asked."""
    return "TR-" + "".join(secrets.choice(_ALPHABET) for _ in range(10))


class Status(models.TextChoices):
    NEW = "new", "New"
    SEARCHING = "searching", "Searching"
    CANDIDATE_FOUND = "candidate_found", "Candidate found"
    VERIFIED = "verified", "Verified"
    REJECTED = "rejected", "Rejected"
    FAMILY_INFORMED = "family_informed", "Family informed"
    CLOSED = "closed", "Closed"


OPEN_STATUSES: frozenset[str] = frozenset({Status.NEW, Status.SEARCHING, Status.CANDIDATE_FOUND, Status.REJECTED})


class Origin(models.TextChoices):
    CASEWORKER = "caseworker", "Entered by a caseworker"
    PUBLIC_FORM = "public_form", "Public request form"


class Channel(models.TextChoices):
    PHONE = "phone", "Phone call"
    WHATSAPP = "whatsapp", "WhatsApp"
    SIGNAL = "signal", "Signal"
    EMAIL = "email", "Email"
    IN_PERSON = "in_person", "In person"


class Relationship(models.TextChoices):
    MOTHER = "mother", "Mother"
    FATHER = "father", "Father"
    SISTER = "sister", "Sister"
    BROTHER = "brother", "Brother"
    WIFE = "wife", "Wife"
    HUSBAND = "husband", "Husband"
    DAUGHTER = "daughter", "Daughter"
    SON = "son", "Son"
    OTHER_RELATIVE = "other_relative", "Other relative"
    REPRESENTATIVE = "representative", "Lawyer or representative"
    OTHER = "other", "Other"


class TracingRequest(models.Model):
    public_id = models.CharField(max_length=16, unique=True, default=new_request_id, editable=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    origin = models.CharField(max_length=20, choices=Origin.choices, default=Origin.CASEWORKER)

    given_name = models.CharField(max_length=100, blank=True, default="")
    father_name = models.CharField(max_length=100, blank=True, default="")
    grandfather_name = models.CharField(max_length=100, blank=True, default="")
    family_name = models.CharField(max_length=150, blank=True, default="")
    mother_name = models.CharField(max_length=100, blank=True, default="")
    mother_family_name = models.CharField(max_length=150, blank=True, default="")
    sex = models.CharField(max_length=1, choices=Sex.choices, blank=True, default="")
    birth_date = PartialDateField(null=True, blank=True)
    age = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Age when last seen.")
    birth_place = models.CharField(max_length=200, blank=True, default="",
                                   help_text="Place of birth or civil-registry place (qayd).")
    last_seen_on = PartialDateField(null=True, blank=True)
    last_seen_place = models.CharField(max_length=200, blank=True, default="")
    circumstances = EncryptedTextField(blank=True, default="")
    detaining_party = EncryptedTextField(blank=True, default="")

    preferred_language = models.CharField(max_length=8, choices=[("ar", "العربية"), ("en", "English")],
                                          default="ar")
    preferred_channel = models.CharField(max_length=16, choices=Channel.choices, default=Channel.PHONE)

    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="The caseworker who follows the request; with administrators, the only one who sees "
                  "the requester's contact details.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="None: the public request form.")
    person = models.ForeignKey(
        "registry.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="tracing_requests",
        help_text="The registry person a caseworker verified as the one asked about.")
    linked_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="linked_requests",
        help_text="An earlier request about the same person, by another relative.")
    unlinked_from = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="+",
        help_text="Requests a caseworker judged not to be about the same person: never linked again.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "id"]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return self.public_id

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def name_as_given(self) -> str:
        parts = (self.given_name, self.father_name, self.grandfather_name, self.family_name)
        return " ".join(p for p in parts if p)


class Requester(models.Model):
    """Who asked, kept in its own table and encrypted, so the case can be read, shared and matched
    without ever touching how to reach the family."""

    tracing_request = models.OneToOneField(TracingRequest, on_delete=models.PROTECT, related_name="requester")
    relationship = models.CharField(max_length=20, choices=Relationship.choices, blank=True, default="")
    name = EncryptedTextField(blank=True, default="")
    phone = EncryptedTextField(blank=True, default="")
    email = EncryptedTextField(blank=True, default="")
    other_contact = EncryptedTextField(blank=True, default="", help_text="A messenger handle, an address.")
    safety_notes = EncryptedTextField(blank=True, default="", help_text="When and how it is safe to call.")

    def __str__(self) -> str:
        return f"requester of request {self.tracing_request_id}"


class RequestPhoto(models.Model):
    tracing_request = models.ForeignKey(TracingRequest, on_delete=models.PROTECT, related_name="photos")
    data = models.BinaryField(help_text="The image, encrypted (athar.encryption.encrypt_bytes).")
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField(help_text="Bytes before encryption.")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"photo {self.pk} of request {self.tracing_request_id}"


class StatusChange(models.Model):
    """One transition: who, when, why. Never edited."""

    tracing_request = models.ForeignKey(TracingRequest, on_delete=models.PROTECT, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True, default="")
    to_status = models.CharField(max_length=20, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="None: the command line or the matcher.")
    changed_at = models.DateTimeField(auto_now_add=True)
    reason = EncryptedTextField(help_text="Why, in the caseworker's words.")

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"request {self.tracing_request_id}: {self.from_status or '-'} -> {self.to_status}"


class InformingTask(models.Model):
    """Telling the family: a caseworker's task with a script, opened when a match is verified and
    done when the caseworker records that they spoke to the family."""

    tracing_request = models.ForeignKey(TracingRequest, on_delete=models.PROTECT, related_name="informing_tasks")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    channel_used = models.CharField(max_length=16, choices=Channel.choices, blank=True, default="")
    notes = EncryptedTextField(blank=True, default="", help_text="What the family said, what was agreed.")

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"informing task {self.pk} of request {self.tracing_request_id}"

    @property
    def is_done(self) -> bool:
        return self.completed_at is not None
