"""Writes on accounts: creating users, giving roles, disabling, resetting passwords. Atomic and
audited; the actor needs MANAGE_USERS (None: the command line, run by the operator)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from athar.accounts.models import Account
from athar.accounts.permissions import check_capability
from athar.accounts.roles import Capability, Role
from athar.audit.models import Action
from athar.audit.services import record_event


def create_user(username: str, *, role: str, password: str, actor: Any, request: Any = None) -> Any:
    """A new active account with `role`. The password must pass the installation's validators
    (raises django.core.exceptions.ValidationError with every problem)."""
    Role(role)
    check_capability(actor, Capability.MANAGE_USERS, request=request)
    user_model: Any = get_user_model()
    candidate = user_model(username=username)
    validate_password(password, user=candidate)
    with transaction.atomic():
        user = user_model.objects.create_user(username=username, password=password)
        Account.objects.create(user=user, role=role)
        record_event(actor=actor, action=Action.USER_ADMIN, target_type="user", target_id=user.pk,
                     request=request, details={"change": "created", "role": role})
        return user


def set_role(user: Any, role: str, *, actor: Any, request: Any = None) -> Account:
    Role(role)
    check_capability(actor, Capability.MANAGE_USERS, request=request, target_type="user", target_id=user.pk)
    with transaction.atomic():
        account, created = Account.objects.get_or_create(user=user, defaults={"role": role})
        before = None if created else account.role
        if not created and account.role != role:
            account.role = role
            account.save(update_fields=["role", "updated_at"])
        if before != role:
            record_event(actor=actor, action=Action.USER_ADMIN, target_type="user", target_id=user.pk,
                         request=request, details={"change": "role", "from": before, "to": role})
        return account


def set_active(user: Any, is_active: bool, *, actor: Any, request: Any = None) -> Any:
    """Disable (or re-enable) an account. Disabled accounts cannot log in; their history stays."""
    check_capability(actor, Capability.MANAGE_USERS, request=request, target_type="user", target_id=user.pk)
    with transaction.atomic():
        if user.is_active != is_active:
            user.is_active = is_active
            user.save(update_fields=["is_active"])
            record_event(actor=actor, action=Action.USER_ADMIN, target_type="user", target_id=user.pk,
                         request=request, details={"change": "enabled" if is_active else "disabled"})
        return user


def reset_password(user: Any, password: str, *, actor: Any, request: Any = None) -> Any:
    check_capability(actor, Capability.MANAGE_USERS, request=request, target_type="user", target_id=user.pk)
    validate_password(password, user=user)
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        record_event(actor=actor, action=Action.USER_ADMIN, target_type="user", target_id=user.pk,
                     request=request, details={"change": "password"})
        return user
