"""Persons: resolved identities. A person is a cluster of records together with the judgements that
formed it; the judgements are kept (`PersonRecordLink`, never deleted, only ended) so that a wrong
merge can be undone and every link explained later (review, merges and splits hang off this).

The public id (`P-7K3M9Q2XDA`) is random, not a counter: it is stable across re-linking (the linker
keeps it for the cluster that holds most of the person's records) and reveals nothing about how many
people the registry holds."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models

from athar.registry.choices import LinkMethod

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U to misread on a phone


def new_public_id() -> str:
    return "P-" + "".join(secrets.choice(_ALPHABET) for _ in range(10))


class Person(models.Model):
    public_id = models.CharField(max_length=16, unique=True, default=new_public_id, editable=False)
    display_name = models.CharField(
        max_length=300, blank=True, default="",
        help_text="Derived from the person's records, Arabic script preferred; kept up to date by services.")
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from",
        help_text="Set when this person's records all moved to another person: old ids keep resolving.")
    retired_at = models.DateTimeField(null=True, blank=True, help_text="When the person lost its last record.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["public_id"]

    def __str__(self) -> str:
        return self.public_id

    @property
    def is_active(self) -> bool:
        return self.retired_at is None


class PersonRecordLink(models.Model):
    """One judgement that a record belongs to a person, open until `ended_at`. A record has at most
    one open link; its `Record.person` mirrors that link."""

    record = models.ForeignKey("registry.Record", on_delete=models.CASCADE, related_name="person_links")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="record_links")
    method = models.CharField(max_length=16, choices=LinkMethod.choices)
    match_probability = models.FloatField(null=True, blank=True)
    run_id = models.CharField(max_length=100, blank=True, default="", help_text="Linker run or model id.")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="Who judged, for human links.")
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by_run_id = models.CharField(max_length=100, blank=True, default="")

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["record"], condition=models.Q(ended_at__isnull=True),
                name="registry_one_open_link_per_record"),
        ]

    def __str__(self) -> str:
        return f"link of record {self.record_id} to person {self.person_id}"
