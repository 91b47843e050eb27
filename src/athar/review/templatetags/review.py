"""`{% may_also_be person %}`: the person page's "may also be" section (persons this one may be,
from the review queue), shown to users who may review and read both records."""

from __future__ import annotations

from typing import Any

from django import template

from athar.accounts.permissions import has_capability
from athar.accounts.roles import Capability
from athar.registry.models import Person
from athar.review.queries import may_also_be as may_also_be_query

register = template.Library()


@register.inclusion_tag("review/may_also_be.html", takes_context=True)
def may_also_be(context: dict[str, Any], person: Person) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not has_capability(user, Capability.REVIEW_MATCHES):
        return {"lines": None}
    return {"lines": may_also_be_query(user, person), "person": person}
