"""Audit rows for logging in and out. A failed login names the account only if it exists (by id):
what someone typed as a user name may be anything, a person's name included, and is not kept."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from athar.audit.models import Action, Outcome
from athar.audit.services import record_event


def on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record_event(actor=user, action=Action.LOGIN, request=request, details={"second_factor": False})


def on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record_event(actor=user, action=Action.LOGOUT, request=request)


def on_login_failed(sender: Any, credentials: Any, request: Any = None, **kwargs: Any) -> None:
    username = (credentials or {}).get("username", "")
    known = get_user_model().objects.filter(username=username).values_list("pk", flat=True).first()
    record_event(actor=None, action=Action.LOGIN_FAILED, outcome=Outcome.DENIED, request=request,
                 target_type="user" if known else "", target_id=known or "",
                 details={"known_account": known is not None})
