"""API tokens (Django REST framework's). One per user; replacing it ends the old one at once. The
key is shown once, when made; afterwards only its creation date is shown. Audited."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from rest_framework.authtoken.models import Token

from athar.audit.models import Action
from athar.audit.services import record_event


@transaction.atomic
def replace_token(user: Any, *, request: Any = None) -> str:
    Token.objects.filter(user=user).delete()
    token = Token.objects.create(user=user)
    record_event(actor=user, action=Action.USER_ADMIN, target_type="user", target_id=user.pk, request=request,
                 details={"change": "api_token"})
    return str(token.key)


def token_created_at(user: Any) -> datetime.datetime | None:
    return Token.objects.filter(user=user).values_list("created", flat=True).first()
