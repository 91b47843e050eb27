"""Audit rows and the head of their hash chain."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Action(models.TextChoices):
    """The vocabulary of audited actions. Apps may record other action strings (the column has no
    choices constraint, so a new app needs no migration here), but should add them here first."""

    LOGIN = "login", "Logged in"
    LOGIN_FAILED = "login_failed", "Failed login"
    LOGOUT = "logout", "Logged out"
    VIEW = "view", "Viewed"
    SEARCH = "search", "Searched"
    CREATE = "create", "Created"
    EDIT = "edit", "Edited"
    IMPORT = "import", "Imported"
    EXPORT = "export", "Exported"
    EXPORT_REQUEST = "export_request", "Requested an export"
    EXPORT_APPROVE = "export_approve", "Approved an export"
    MERGE = "merge", "Merged"
    SPLIT = "split", "Split"
    REVIEW = "review", "Review decision"
    GRANT = "grant", "Granted access"
    REVOKE = "revoke", "Revoked access"
    USER_ADMIN = "user_admin", "Account change"
    CONSENT = "consent", "Consent recorded"
    CONSENT_CHECK = "consent_check", "Consent checked"
    GENERATE = "generate", "Generated a document"
    BACKUP = "backup", "Backup or restore"
    DENIED = "denied", "Access denied"


class Outcome(models.TextChoices):
    OK = "ok", "Done"
    DENIED = "denied", "Denied"
    FAILED = "failed", "Failed"


class AuditEvent(models.Model):
    """One audited action. `sequence` numbers the chain without gaps; `hash` covers every field and
    the previous row's hash, so editing, inserting or deleting a row breaks the chain."""

    sequence = models.PositiveBigIntegerField(unique=True)
    occurred_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    actor_label = models.CharField(
        max_length=150, blank=True, default="",
        help_text="The account name at the time, or 'command line' / 'system' when no user acted.")
    action = models.CharField(max_length=64, db_index=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.OK)
    target_type = models.CharField(max_length=64, blank=True, default="")
    target_id = models.CharField(max_length=100, blank=True, default="")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    path = models.CharField(max_length=300, blank=True, default="", help_text="URL path (ids only).")
    details = models.JSONField(default=dict, blank=True, help_text="Ids and counts, never personal data.")
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["sequence"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"audit event {self.sequence} ({self.action})"


class AuditChainHead(models.Model):
    """A single row holding the chain's last sequence and hash. Writers update it first, which takes
    the database's write lock (SQLite) or the row lock (PostgreSQL): two transactions can never
    append after the same row. It also reveals a deleted tail of the chain."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_sequence = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="")

    def __str__(self) -> str:
        return f"audit chain head at {self.last_sequence}"
