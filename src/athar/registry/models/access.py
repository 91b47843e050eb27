"""Who may read a source beyond what its sensitivity allows everyone with `VIEW_RECORDS`.

A grant names either one user or one role. Grants are never deleted: revoking one sets `revoked_at`,
so the question "who could read this list in March?" keeps an answer."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from athar.accounts.roles import Role


class SourceGrant(models.Model):
    source = models.ForeignKey("registry.Source", on_delete=models.PROTECT, related_name="grants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="source_grants")
    role = models.CharField(max_length=32, choices=Role.choices, blank=True, default="")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["source_id", "granted_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(user__isnull=False, role="") | models.Q(user__isnull=True) & ~models.Q(role="")),
                name="registry_grant_names_user_or_role"),
        ]

    def __str__(self) -> str:
        who = f"user {self.user_id}" if self.user_id else f"role {self.role}"
        return f"grant of source {self.source_id} to {who}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
