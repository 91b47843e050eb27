"""Read-only REST endpoints of UN submissions, for an organisation's own tools: readiness of a case,
what is due, one submission's state. Writes stay on the pages and the command line for now. Every
read of a case is audited like the pages; persons are named by public id only."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from athar.accounts.api_permissions import capability_permission
from athar.accounts.roles import Capability
from athar.audit.models import Action, Outcome
from athar.audit.services import record_event
from athar.registry.access import visible_persons
from athar.registry.queries import find_person
from athar.un import config
from athar.un.choices import Mechanism
from athar.un.models import Submission
from athar.un.queries import assess, deadlines_of, due_items

ManagesSubmissions = capability_permission(Capability.MANAGE_SUBMISSIONS)


def _person(request: Request, public_id: str) -> Any:
    person = find_person(public_id)
    if person is not None and not visible_persons(request.user).filter(pk=person.pk).exists():
        record_event(actor=request.user, action=Action.VIEW, outcome=Outcome.DENIED, request=request,
                     target_type="person", target_id=person.public_id)
        person = None
    if person is None:
        raise Http404
    return person


class ReadinessView(APIView):
    permission_classes = [ManagesSubmissions]

    @extend_schema(responses=OpenApiTypes.OBJECT, summary="Readiness of a case for each mechanism")
    def get(self, request: Request, public_id: str) -> Response:
        person = _person(request, public_id)
        record_event(actor=request.user, action=Action.VIEW, request=request, target_type="person",
                     target_id=person.public_id, details={"api": "un_readiness"})
        result = {}
        for mechanism in Mechanism:
            _, ready = assess(person, mechanism.value, actor=request.user)
            result[mechanism.value] = {
                "is_ready": ready.is_ready,
                "consent_granted": ready.consent_granted,
                "elements": [{"element": i.element, "is_met": i.is_met, "label_en": i.label_en,
                              "label_ar": i.label_ar, "field": i.field, "is_unverified": i.is_unverified}
                             for i in ready.items],
            }
        return Response({"person_id": person.public_id, "mechanisms": result})


def _submission_dict(submission: Submission) -> dict[str, Any]:
    dates = ("sent_on", "acknowledged_on", "transmitted_on", "reply_received_on", "comments_due_on",
             "opinion_adopted_on", "closed_on")
    return {
        "id": submission.pk, "person_id": submission.person.public_id, "mechanism": submission.mechanism,
        "procedure": submission.procedure, "status": submission.status,
        "status_label_en": config.status_label(submission.mechanism, submission.status, "en"),
        "status_label_ar": config.status_label(submission.mechanism, submission.status, "ar"),
        "reference": submission.reference, "opinion_number": submission.opinion_number,
        **{d: (getattr(submission, d).isoformat() if getattr(submission, d) else None) for d in dates},
    }


class SubmissionView(APIView):
    permission_classes = [ManagesSubmissions]

    @extend_schema(responses=OpenApiTypes.OBJECT, summary="One submission: status, dates, deadlines, history")
    def get(self, request: Request, pk: int) -> Response:
        submission = Submission.objects.select_related("person").filter(pk=pk).first()
        if submission is None:
            raise Http404
        _person(request, submission.person.public_id)
        record_event(actor=request.user, action=Action.VIEW, request=request, target_type="person",
                     target_id=submission.person.public_id, details={"api": "un_submission",
                                                                      "submission": submission.pk})
        today = timezone.localdate()
        return Response({
            **_submission_dict(submission),
            "deadlines": [{"rule": d.rule, "due_on": d.due_on.isoformat(), "is_overdue": d.is_overdue,
                           "label_en": d.label_en, "label_ar": d.label_ar, "is_unverified": d.is_unverified}
                          for d in deadlines_of(submission, today)],
            "history": [{"from": c.from_status, "to": c.to_status, "on": c.occurred_on.isoformat()}
                        for c in submission.status_changes.order_by("recorded_at", "id")],
        })


# The shape DueView answers with: the deadlines in `results` (not paginated: a few dozen at most).
DUE_RESPONSE = inline_serializer("DueList", {"results": inline_serializer("DueItem", {
    "due_on": serializers.DateField(), "is_overdue": serializers.BooleanField(), "rule": serializers.CharField(),
    "label_en": serializers.CharField(), "label_ar": serializers.CharField(),
    "is_unverified": serializers.BooleanField(), "submission": serializers.DictField(),
}, many=True)})


class DueView(APIView):
    permission_classes = [ManagesSubmissions]

    @extend_schema(responses=DUE_RESPONSE, summary="Deadlines due within `days` (overdue included)",
                   parameters=[OpenApiParameter("days", int, description="0 to 366, default 7")])
    def get(self, request: Request) -> Response:
        try:
            days = int(request.query_params.get("days", "7"))
        except ValueError:
            days = -1
        if not 0 <= days <= 366:
            return Response({"error": {"code": "invalid", "message": "days must be a whole number from 0 to 366"}},
                            status=400)
        items = due_items(timezone.localdate(), days, persons=visible_persons(request.user))
        record_event(actor=request.user, action=Action.VIEW, request=request, details={"api": "un_due",
                                                                                      "items": len(items)})
        return Response({"results": [{"due_on": i.due_on.isoformat(), "is_overdue": i.is_overdue, "rule": i.rule,
                                      "label_en": i.label_en, "label_ar": i.label_ar,
                                      "is_unverified": i.is_unverified, "submission": _submission_dict(i.submission)}
                                     for i in items]})
