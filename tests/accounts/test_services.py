"""Creating users, giving roles, disabling accounts: each needs MANAGE_USERS and is audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from tests.factories import make_cast

from athar.accounts.permissions import CapabilityDenied, role_of
from athar.accounts.services import create_user, reset_password, set_active, set_role
from athar.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_an_administrator_creates_a_caseworker() -> None:
    yusuf = make_cast()["yusuf"]
    user = create_user("hiba", role="caseworker", password="long enough passphrase 7", actor=yusuf)
    assert role_of(user) == "caseworker"
    event = AuditEvent.objects.filter(action="user_admin").get()
    assert event.actor_id == yusuf.pk and event.details == {"change": "created", "role": "caseworker"}


def test_it_refuses_a_weak_password() -> None:
    with pytest.raises(ValidationError):
        create_user("hiba", role="caseworker", password="short", actor=None)


def test_a_caseworker_cannot_give_herself_a_role() -> None:
    cast = make_cast()
    with pytest.raises(CapabilityDenied):
        set_role(cast["rima"], "administrator", actor=cast["rima"])
    assert role_of(cast["rima"]) == "caseworker"


def test_it_disables_and_re_enables_an_account() -> None:
    cast = make_cast()
    set_active(cast["nour"], False, actor=cast["yusuf"])
    assert role_of(cast["nour"]) is None
    set_active(cast["nour"], True, actor=cast["yusuf"])
    assert role_of(cast["nour"]) == "caseworker"


def test_it_resets_a_password() -> None:
    cast = make_cast()
    reset_password(cast["nour"], "another long passphrase 9", actor=cast["yusuf"])
    cast["nour"].refresh_from_db()
    assert cast["nour"].check_password("another long passphrase 9")
