"""DRF permission classes from the capability table; a refusal to a logged-in user is audited."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission

from athar.accounts.permissions import has_capability
from athar.accounts.roles import Capability
from athar.audit.models import Action, Outcome
from athar.audit.services import record_event


def capability_permission(capability: Capability) -> type[BasePermission]:
    """A permission class that lets through users holding `capability`."""

    class HasCapability(BasePermission):
        message = "Your role does not allow this."

        def has_permission(self, request: Any, view: Any) -> bool:
            if has_capability(request.user, capability):
                return True
            if getattr(request.user, "is_authenticated", False):
                record_event(actor=request.user, action=Action.DENIED, outcome=Outcome.DENIED,
                             request=request, details={"capability": str(capability)})
            return False

    HasCapability.__name__ = f"Has_{capability}"
    return HasCapability
