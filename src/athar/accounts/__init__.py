"""Accounts: each user's role, and the one table that says what each role may do.

Roles (docs/users.md): administrator; data manager (imports, merges, sources); caseworker (cases,
review, tracing, UN submissions); reviewer (review only); analyst (aggregates only, never a name or a
record-level field). Permissions are checked on the server through `has_capability` /
`require_capability`, never by hiding a link. Which *sources* a user may read is the registry's
business (`athar.registry.access`), built on the capability `VIEW_RECORDS`.

Public API: `Role`, `Capability`, `ROLE_CAPABILITIES`, `role_of`, `has_capability`,
`require_capability`, `CapabilityDenied`."""

from __future__ import annotations

from athar.accounts.roles import ROLE_CAPABILITIES, Capability, Role

__all__ = [
    "ROLE_CAPABILITIES",
    "Capability",
    "CapabilityDenied",
    "Role",
    "has_capability",
    "require_capability",
    "role_of",
]


def __getattr__(name: str) -> object:
    if name in {"role_of", "has_capability", "require_capability", "CapabilityDenied"}:
        from athar.accounts import permissions
        return getattr(permissions, name)
    raise AttributeError(name)
