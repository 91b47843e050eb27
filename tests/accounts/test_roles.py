"""The permission table: what each role may do, checked on the server and audited when denied."""

from __future__ import annotations

from typing import Any

import pytest
from tests.factories import make_cast, make_user

from athar.accounts.permissions import CapabilityDenied, check_capability, has_capability, role_of
from athar.accounts.roles import ROLE_CAPABILITIES, Capability, Role
from athar.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

# The matrix, written out so that a change to the table is a change to this test.
EXPECTED = {
    Role.ADMINISTRATOR: set(Capability),
    Role.DATA_MANAGER: {"view_records", "import_records", "merge_persons", "manage_sources", "review_matches",
                        "export_records", "approve_exports", "view_aggregates"},
    Role.CASEWORKER: {"view_records", "edit_cases", "review_matches", "manage_tracing", "manage_submissions",
                      "export_records", "view_aggregates"},
    Role.REVIEWER: {"view_records", "review_matches"},
    Role.ANALYST: {"view_aggregates"},
}


@pytest.mark.parametrize("role", list(Role))
def test_each_role_has_exactly_its_capabilities(role: Role) -> None:
    assert {str(c) for c in ROLE_CAPABILITIES[role]} == {str(c) for c in EXPECTED[role]}


def test_an_analyst_never_reads_records() -> None:
    assert Capability.VIEW_RECORDS not in ROLE_CAPABILITIES[Role.ANALYST]


def test_a_user_without_an_account_has_no_role(django_user_model: Any) -> None:
    user = django_user_model.objects.create_user(username="nobody", password="x" * 16)
    assert role_of(user) is None
    assert not has_capability(user, Capability.VIEW_RECORDS)


def test_a_superuser_without_an_account_is_an_administrator(django_user_model: Any) -> None:
    root = django_user_model.objects.create_superuser(username="root", password="x" * 16)
    assert role_of(root) == Role.ADMINISTRATOR


def test_a_disabled_user_has_no_role() -> None:
    user = make_user("gone", "caseworker", is_active=False)
    assert role_of(user) is None


def test_a_denial_is_audited() -> None:
    sami = make_cast()["sami"]
    with pytest.raises(CapabilityDenied):
        check_capability(sami, Capability.VIEW_RECORDS, target_type="person", target_id="P-1")
    event = AuditEvent.objects.get()
    assert (event.action, event.outcome, event.actor_id, event.details) == (
        "denied", "denied", sami.pk, {"capability": "view_records"})


def test_the_command_line_acts_with_full_rights() -> None:
    check_capability(None, Capability.MANAGE_USERS)
    assert not AuditEvent.objects.exists()
