"""Checking capabilities on the server. Every denial is audited."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, ParamSpec

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import HttpRequest, HttpResponse

from athar.accounts.roles import ROLE_CAPABILITIES, Capability, Role
from athar.audit.models import Action, Outcome
from athar.audit.services import record_event

P = ParamSpec("P")


class CapabilityDenied(PermissionDenied):
    """Raised by services when the actor lacks a capability (Django turns it into a 403)."""

    def __init__(self, capability: Capability) -> None:
        super().__init__(f"missing capability {capability}")
        self.capability = capability


def role_of(user: Any) -> Role | None:
    """The user's role; None for anonymous, inactive and role-less users. A superuser without an
    account is an administrator (the first account, created by `athar users add` or Django)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    try:
        return Role(user.account.role)
    except ObjectDoesNotExist:
        return Role.ADMINISTRATOR if user.is_superuser else None


def has_capability(user: Any, capability: Capability) -> bool:
    role = role_of(user)
    return role is not None and capability in ROLE_CAPABILITIES[role]


def check_capability(user: Any, capability: Capability, *, request: HttpRequest | None = None,
                     target_type: str = "", target_id: str | int = "") -> None:
    """Raise CapabilityDenied (after auditing the denial) unless `user` has `capability`. `user` None
    means the command line, which acts with the operator's full rights (it already holds the
    database file) and is audited as such."""
    if user is None or has_capability(user, capability):
        return
    record_event(actor=user, action=Action.DENIED, outcome=Outcome.DENIED, request=request,
                 target_type=target_type, target_id=target_id, details={"capability": str(capability)})
    raise CapabilityDenied(capability)


def require_capability(capability: Capability) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """View decorator: 403 (audited) unless the logged-in user has `capability`."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            check_capability(request.user, capability, request=request)
            return view(request, *args, **kwargs)

        wrapped.required_capability = capability  # type: ignore[attr-defined]  # read by the access matrix test
        return wrapped

    return decorate
