"""REST API of tracing requests (under /api/tracing/), for an organisation's own tools: the same
rules as the pages (athar.tracing.views), through the same services, so the same checks and audit
rows.

- Every endpoint needs `manage_tracing` (a refusal is audited by the permission class).
- Requests are listed and read by every holder of the capability, as on the pages; candidates are
  shown only when the caller may see the person, named from the records the caller may read
  (the others are only counted); every read of a request is audited (`view`, `api: true`).
- How to reach the family (`.../requester/`) only for the assigned caseworker and administrators;
  every reading and every refusal is audited (athar.tracing.requesters). Nowhere else in the API.
- State changes through `change_status`, `verify_candidate`, `reject_candidate`,
  `complete_informing`, `match_request`: a refused step answers 409 with the service's code.
- Reading a request through the API does not mark its "new candidates" news read: only the
  caseworker opening the page does (a tool polling the API is not a person looking).

Persons and requests are named by public id only in URLs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404
from django.utils import translation
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import APIException
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from athar.accounts.api_permissions import capability_permission
from athar.accounts.api_schema import ErrorSerializer
from athar.accounts.roles import Capability
from athar.audit.models import Action
from athar.audit.services import record_event
from athar.errors import AtharError
from athar.registry.access import can_view_person
from athar.tracing.decisions import reject_candidate, verify_candidate
from athar.tracing.forms import RECIPIENT_LABELS, STATUS_LABELS
from athar.tracing.informing import complete_informing, open_task
from athar.tracing.matching import MatchSummary, match_request
from athar.tracing.models import (
    Candidate,
    CandidateDecision,
    Channel,
    Recipient,
    Status,
    TracingRequest,
)
from athar.tracing.queries import NewCandidates, candidate_rows, consent_rows, new_candidates_by_request
from athar.tracing.requesters import can_view_requester, view_requester
from athar.tracing.workflow import GUARDED, allowed_next, change_status

ManagesTracing = capability_permission(Capability.MANAGE_TRACING)
MAX_REASON = 2000


class StepRefused(APIException):
    """A step the workflow does not allow now (an illegal transition, no linkage run yet, nothing to
    tell the family): 409 with the service's code."""

    status_code = status.HTTP_409_CONFLICT

    def __init__(self, error: AtharError) -> None:
        super().__init__(detail=str(error), code=getattr(error, "code", "refused"))


class NothingToInform(AtharError):
    code = "nothing_to_inform"


ERRORS: dict[int, Any] = {400: ErrorSerializer, 401: ErrorSerializer, 403: ErrorSerializer,
                          404: ErrorSerializer, 409: ErrorSerializer}
LANG = OpenApiParameter("lang", str, enum=["ar", "en"], description="Language of labels and explanations.")


class NewCandidatesSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    since = serializers.DateTimeField()


class RequestSummarySerializer(serializers.Serializer[Any]):
    public_id = serializers.CharField()
    status = serializers.ChoiceField(choices=Status.choices)
    status_label = serializers.CharField(help_text="In the requested language.")
    origin = serializers.CharField()
    name_as_given = serializers.CharField()
    assigned_to = serializers.CharField(allow_null=True, help_text="Username of the caseworker following it.")
    linked_to = serializers.CharField(allow_null=True, help_text="An earlier request about the same person.")
    person_id = serializers.CharField(allow_null=True, help_text="The registry person verified as the one asked about.")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    new_candidates = NewCandidatesSerializer(
        allow_null=True, help_text="Candidates found since the caller (or, unassigned, any caseworker) last "
                                   "opened the request page.")


class EvidenceTermSerializer(serializers.Serializer[Any]):
    field = serializers.CharField()
    level = serializers.CharField()
    weight = serializers.FloatField(help_text="Bits of evidence: above zero for the match.")


class CandidateSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    rank = serializers.IntegerField()
    person_id = serializers.CharField()
    name = serializers.CharField(help_text="As written in the best record the caller may read.")
    source = serializers.CharField()  # type: ignore[assignment]  # the record's source, not DRF's Field.source
    record_id = serializers.CharField()
    match_probability = serializers.FloatField()
    decision = serializers.ChoiceField(choices=CandidateDecision.choices)
    decided_at = serializers.DateTimeField(allow_null=True)
    is_new = serializers.BooleanField()
    explanation = EvidenceTermSerializer(many=True)


class ConsentSerializer(serializers.Serializer[Any]):
    recipient = serializers.ChoiceField(choices=Recipient.choices)
    label = serializers.CharField()  # type: ignore[assignment]  # the recipient's name, not DRF's Field.label
    answer = serializers.ChoiceField(choices=["granted", "refused", "not_asked"])
    given_on = serializers.DateField(allow_null=True)
    consent_id = serializers.IntegerField(allow_null=True)


class StatusChangeSerializer(serializers.Serializer[Any]):
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    actor = serializers.CharField(allow_null=True, help_text="Username; null for the command line or the matcher.")
    changed_at = serializers.DateTimeField()
    reason = serializers.CharField()


class DescriptionSerializer(serializers.Serializer[Any]):
    given_name = serializers.CharField()
    father_name = serializers.CharField()
    grandfather_name = serializers.CharField()
    family_name = serializers.CharField()
    mother_name = serializers.CharField()
    mother_family_name = serializers.CharField()
    sex = serializers.CharField()
    birth_date = serializers.CharField(allow_null=True, help_text="At the precision given: 1985, 1985-04, ...")
    age = serializers.IntegerField(allow_null=True)
    birth_place = serializers.CharField()
    last_seen_on = serializers.CharField(allow_null=True)
    last_seen_place = serializers.CharField()
    circumstances = serializers.CharField()
    detaining_party = serializers.CharField()
    preferred_language = serializers.CharField()
    preferred_channel = serializers.CharField()


DESCRIPTION_FIELDS: tuple[str, ...] = tuple(DescriptionSerializer._declared_fields)


class RequestDetailSerializer(RequestSummarySerializer):
    description = DescriptionSerializer()
    candidates = CandidateSerializer(many=True)
    hidden_candidates = serializers.IntegerField(help_text="Candidates in sources the caller cannot read.")
    consents = ConsentSerializer(many=True)
    history = StatusChangeSerializer(many=True)
    allowed_next = serializers.ListField(child=serializers.CharField(),
                                         help_text="States `.../status/` accepts now.")
    informing_task_open = serializers.BooleanField(help_text="A family is waiting to be told (`.../inform/`).")
    linked_requests = serializers.ListField(child=serializers.CharField())
    can_see_requester = serializers.BooleanField()


class RequesterSerializer(serializers.Serializer[Any]):
    relationship = serializers.CharField()
    name = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()
    other_contact = serializers.CharField()
    safety_notes = serializers.CharField()


class StatusInSerializer(serializers.Serializer[Any]):
    to_status = serializers.ChoiceField(choices=[s for s in Status.values if s not in GUARDED],
                                        help_text="'verified' and 'family_informed' have their own endpoints.")
    reason = serializers.CharField(max_length=MAX_REASON)


class ReasonInSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=MAX_REASON)


class InformInSerializer(serializers.Serializer[Any]):
    channel = serializers.ChoiceField(choices=Channel.choices)
    notes = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    confirmed = serializers.BooleanField(help_text="The caseworker spoke to the family themselves, following the "
                                                   "script: must be true.")

    def validate_confirmed(self, value: bool) -> bool:
        if not value:
            raise serializers.ValidationError("only the caseworker who spoke to the family records it")
        return value


class MatchSummarySerializer(serializers.Serializer[Any]):
    requests = serializers.IntegerField()
    candidates = serializers.IntegerField()
    new_candidates = serializers.IntegerField()
    run_id = serializers.CharField()
    linked_requests = serializers.ListField(child=serializers.ListField(child=serializers.CharField()),
                                            help_text="(later request, earlier request) pairs linked.")


def _lang(request: Request) -> str:
    lang = request.query_params.get("lang") or getattr(request, "LANGUAGE_CODE", "ar") or "ar"
    return "en" if lang.startswith("en") else "ar"


def _news(news: NewCandidates | None) -> dict[str, Any] | None:
    return {"count": news.count, "since": news.since} if news else None


def _summary(t: TracingRequest, lang: str, news: NewCandidates | None) -> dict[str, Any]:
    with translation.override(lang):
        label = str(STATUS_LABELS[Status(t.status)])
    return {"public_id": t.public_id, "status": t.status, "status_label": label, "origin": t.origin,
            "name_as_given": t.name_as_given, "assigned_to": t.assigned_to.get_username() if t.assigned_to else None,
            "linked_to": t.linked_to.public_id if t.linked_to else None,
            "person_id": t.person.public_id if t.person else None, "created_at": t.created_at,
            "updated_at": t.updated_at, "new_candidates": _news(news)}


def _partial(value: Any) -> str | None:
    return str(value) if value else None


def _detail(request: Request, t: TracingRequest) -> dict[str, Any]:
    lang = _lang(request)
    news = new_candidates_by_request(request.user, [t.pk]).get(t.pk)
    with translation.override(lang):
        rows, hidden = candidate_rows(request.user, t, lang, new_since=news.since if news else None)
        consents = [{"recipient": row["recipient"], "label": str(RECIPIENT_LABELS[Recipient(row["recipient"])]),
                     "answer": ("not_asked" if row["consent"] is None
                                else "granted" if row["consent"].is_granted else "refused"),
                     "given_on": row["consent"].given_on if row["consent"] else None,
                     "consent_id": row["consent"].pk if row["consent"] else None}
                    for row in consent_rows(t)]
    description = {name: getattr(t, name) for name in DESCRIPTION_FIELDS}
    description["birth_date"], description["last_seen_on"] = _partial(t.birth_date), _partial(t.last_seen_on)
    return {
        **_summary(t, lang, news),
        "description": description,
        "candidates": [{"id": r["candidate"].pk, "rank": r["candidate"].rank,
                        "person_id": r["candidate"].person.public_id, "name": r["name"], "source": r["source"],
                        "record_id": r["record_id"], "match_probability": r["candidate"].match_probability,
                        "decision": r["candidate"].decision, "decided_at": r["candidate"].decided_at,
                        "is_new": r["is_new"],
                        "explanation": [{"field": e.field, "level": e.level, "weight": e.weight}
                                        for e in r["explanation"]]}
                       for r in rows],
        "hidden_candidates": hidden,
        "consents": consents,
        "history": [{"from_status": c.from_status, "to_status": c.to_status,
                     "actor": c.actor.get_username() if c.actor else None, "changed_at": c.changed_at,
                     "reason": c.reason} for c in t.status_changes.select_related("actor")],
        "allowed_next": allowed_next(t.status),
        "informing_task_open": open_task(t) is not None,
        "linked_requests": [o.public_id for o in t.linked_requests.order_by("created_at", "pk")],
        "can_see_requester": can_view_requester(request.user, t),
    }


def _request_for(public_id: str) -> TracingRequest:
    t = (TracingRequest.objects.select_related("assigned_to", "linked_to", "person")
         .filter(public_id=public_id).first())
    if t is None:
        raise Http404
    return t


def _open_candidate(request: Request, t: TracingRequest, pk: int) -> Candidate:
    """An open candidate of this request that the caller may see (else 404, as on the pages)."""
    candidate = (Candidate.objects.select_related("person", "tracing_request")
                 .filter(pk=pk, tracing_request=t, decision=CandidateDecision.OPEN).first())
    if candidate is None or not can_view_person(request.user, candidate.person):
        raise Http404
    return candidate


def _after_step(request: Request, public_id: str) -> Response:
    t = _request_for(public_id)
    return Response(RequestDetailSerializer(_detail(request, t)).data)


class RequestList(GenericAPIView):
    permission_classes = [ManagesTracing]
    serializer_class = RequestSummarySerializer

    @extend_schema(parameters=[OpenApiParameter("status", str, enum=Status.values),
                               OpenApiParameter("assigned", str, enum=["me", "nobody"]), LANG],
                   responses={200: RequestSummarySerializer(many=True), **ERRORS},
                   summary="Tracing requests, newest first")
    def get(self, request: Request) -> Response:
        requests = TracingRequest.objects.select_related("assigned_to", "linked_to", "person").order_by(
            "-created_at", "pk")
        wanted = request.query_params.get("status")
        if wanted is not None:
            if wanted not in Status.values:
                raise serializers.ValidationError({"status": ["unknown state"]})
            requests = requests.filter(status=wanted)
        assigned = request.query_params.get("assigned")
        if assigned == "me":
            requests = requests.filter(assigned_to_id=request.user.pk)
        elif assigned == "nobody":
            requests = requests.filter(assigned_to__isnull=True)
        elif assigned is not None:
            raise serializers.ValidationError({"assigned": ["'me' or 'nobody'"]})
        page = self.paginate_queryset(requests)
        assert page is not None  # noqa: S101 — pagination is configured project-wide
        news = new_candidates_by_request(request.user, [t.pk for t in page])
        record_event(actor=request.user, action=Action.VIEW, target_type="tracing_request_list", request=request,
                     details={"shown": len(page), "flagged": len(news), "api": True})
        lang = _lang(request)
        return self.get_paginated_response(
            RequestSummarySerializer([_summary(t, lang, news.get(t.pk)) for t in page], many=True).data)


class RequestDetail(GenericAPIView):
    permission_classes = [ManagesTracing]
    serializer_class = RequestDetailSerializer

    @extend_schema(parameters=[LANG], responses={200: RequestDetailSerializer, **ERRORS},
                   summary="One request: the family's description, state, ranked candidates, consent, history")
    def get(self, request: Request, public_id: str) -> Response:
        t = _request_for(public_id)
        record_event(actor=request.user, action=Action.VIEW, target_type="tracing_request", target_id=t.public_id,
                     request=request, details={"api": True})
        return Response(RequestDetailSerializer(_detail(request, t)).data)


class RequesterDetail(GenericAPIView):
    permission_classes = [ManagesTracing]
    serializer_class = RequesterSerializer

    @extend_schema(responses={200: RequesterSerializer, **ERRORS},
                   summary="How to reach the family: the assigned caseworker and administrators only (audited)")
    def get(self, request: Request, public_id: str) -> Response:
        t = _request_for(public_id)
        person = view_requester(t, actor=request.user, request=request)
        response = Response(RequesterSerializer({
            "relationship": person.relationship, "name": person.name, "phone": person.phone, "email": person.email,
            "other_contact": person.other_contact, "safety_notes": person.safety_notes}).data)
        response["Cache-Control"] = "no-store"
        return response


class StatusChange(GenericAPIView):
    permission_classes = [ManagesTracing]
    serializer_class = StatusInSerializer

    @extend_schema(request=StatusInSerializer, parameters=[LANG], responses={200: RequestDetailSerializer, **ERRORS},
                   summary="Move the request to another state, with a reason")
    def post(self, request: Request, public_id: str) -> Response:
        t = _request_for(public_id)
        form = StatusInSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            change_status(t, form.validated_data["to_status"], actor=request.user,
                          reason=form.validated_data["reason"], request=request)
        except AtharError as error:
            raise StepRefused(error) from error
        return _after_step(request, public_id)


class Match(GenericAPIView):
    permission_classes = [ManagesTracing]
    serializer_class = MatchSummarySerializer

    @extend_schema(request=None, responses={200: MatchSummarySerializer, **ERRORS},
                   summary="Search the registry for this request (the linker's incremental path)")
    def post(self, request: Request, public_id: str) -> Response:
        t = _request_for(public_id)
        try:
            summary: MatchSummary = match_request(t, actor=request.user, request=request)
        except AtharError as error:
            raise StepRefused(error) from error
        return Response(MatchSummarySerializer({
            "requests": summary.requests, "candidates": summary.candidates,
            "new_candidates": summary.new_candidates, "run_id": summary.run_id,
            "linked_requests": [list(pair) for pair in summary.linked_requests]}).data)


def _decide_candidate(request: Request, public_id: str, pk: int, decide: Callable[..., Any]) -> Response:
    """Verify or reject one open candidate of a request, with the caseworker's reason."""
    candidate = _open_candidate(request, _request_for(public_id), pk)
    form = ReasonInSerializer(data=request.data)
    form.is_valid(raise_exception=True)
    try:
        decide(candidate, actor=request.user, reason=form.validated_data["reason"], request=request)
    except AtharError as error:
        raise StepRefused(error) from error
    return _after_step(request, public_id)


class Verify(GenericAPIView):
    permission_classes = [ManagesTracing]
    serializer_class = ReasonInSerializer

    @extend_schema(request=ReasonInSerializer, parameters=[LANG], responses={200: RequestDetailSerializer, **ERRORS},
                   summary="Verified: this candidate is the person asked about (opens the informing task)")
    def post(self, request: Request, public_id: str, pk: int) -> Response:
        return _decide_candidate(request, public_id, pk, verify_candidate)


class Reject(GenericAPIView):
    permission_classes = [ManagesTracing]
    serializer_class = ReasonInSerializer

    @extend_schema(request=ReasonInSerializer, parameters=[LANG], responses={200: RequestDetailSerializer, **ERRORS},
                   summary="Not the person: reject this candidate")
    def post(self, request: Request, public_id: str, pk: int) -> Response:
        return _decide_candidate(request, public_id, pk, reject_candidate)


class Inform(GenericAPIView):
    permission_classes = [ManagesTracing]
    serializer_class = InformInSerializer

    @extend_schema(request=InformInSerializer, parameters=[LANG], responses={200: RequestDetailSerializer, **ERRORS},
                   summary="Record that the caseworker told the family (never a message sent by athar)")
    def post(self, request: Request, public_id: str) -> Response:
        t = _request_for(public_id)
        form = InformInSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        task = open_task(t)
        try:
            if task is None or t.person is None:
                raise NothingToInform("there is nothing to tell the family yet")
            complete_informing(task, actor=request.user, channel=form.validated_data["channel"],
                               notes=form.validated_data["notes"], request=request)
        except AtharError as error:
            raise StepRefused(error) from error
        return _after_step(request, public_id)
