"""Roles and capabilities: the one permission table. Importable before Django's app registry is
ready (no models), so the CLI and settings can use it.

Least privilege: a capability is listed for a role only when that role's work needs it. The table is
tested as a matrix (tests/accounts/test_roles.py and every app's access tests)."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from django.db import models


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", "Administrator"
    DATA_MANAGER = "data_manager", "Data manager"
    CASEWORKER = "caseworker", "Caseworker"
    REVIEWER = "reviewer", "Reviewer"
    ANALYST = "analyst", "Analyst"


class Capability(StrEnum):
    VIEW_RECORDS = "view_records"  # names and record-level fields, of the sources the user may read
    EDIT_CASES = "edit_cases"  # create and edit cases: records typed in, events, fate claims, documents
    REVIEW_MATCHES = "review_matches"  # accept / reject / unsure on candidate pairs
    MERGE_PERSONS = "merge_persons"  # merges and splits outside the review queue
    IMPORT_RECORDS = "import_records"
    MANAGE_SOURCES = "manage_sources"  # sources, their sensitivity and who is granted them
    VIEW_AGGREGATES = "view_aggregates"  # counts, charts, estimates: never a name
    EXPORT_RECORDS = "export_records"  # request an export of personal data (needs a second person)
    APPROVE_EXPORTS = "approve_exports"  # approve someone else's export request
    MANAGE_TRACING = "manage_tracing"  # families' tracing requests and consent
    MANAGE_SUBMISSIONS = "manage_submissions"  # UN communications
    MANAGE_USERS = "manage_users"
    VIEW_AUDIT = "view_audit"


ROLE_CAPABILITIES: Mapping[str, frozenset[Capability]] = {
    Role.ADMINISTRATOR: frozenset(Capability),
    Role.DATA_MANAGER: frozenset({
        Capability.VIEW_RECORDS, Capability.IMPORT_RECORDS, Capability.MERGE_PERSONS,
        Capability.MANAGE_SOURCES, Capability.REVIEW_MATCHES, Capability.EXPORT_RECORDS,
        Capability.APPROVE_EXPORTS, Capability.VIEW_AGGREGATES,
    }),
    Role.CASEWORKER: frozenset({
        Capability.VIEW_RECORDS, Capability.EDIT_CASES, Capability.REVIEW_MATCHES,
        Capability.MANAGE_TRACING, Capability.MANAGE_SUBMISSIONS, Capability.EXPORT_RECORDS,
        Capability.VIEW_AGGREGATES,
    }),
    Role.REVIEWER: frozenset({Capability.VIEW_RECORDS, Capability.REVIEW_MATCHES}),
    Role.ANALYST: frozenset({Capability.VIEW_AGGREGATES}),
}
