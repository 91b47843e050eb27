"""REST API of the review: list the queue, read a pair, decide, undo. The same rules as the pages:
REVIEW_MATCHES, a pair shown only when the caller may read both records (else 404), every read of
record values audited, every write through `athar.review.services`."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from athar.accounts.api_permissions import capability_permission
from athar.accounts.roles import Capability
from athar.audit.models import Action
from athar.audit.services import record_event
from athar.review.explanation import parse_terms
from athar.review.models import CandidatePair, Judgement, Verdict
from athar.review.queries import QueueState, open_judgement, queue, record_for_display, visible_pairs
from athar.review.services import MAX_REASON_LENGTH, ReviewConflict, decide, undo

MayReview = capability_permission(Capability.REVIEW_MATCHES)


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The judgement has already been ended."
    default_code = "review_conflict"


class PairRecordSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    source = serializers.CharField()  # type: ignore[assignment]  # the record's source, not DRF's Field.source
    record_id = serializers.CharField()
    person = serializers.CharField(allow_null=True, help_text="Public id of the record's person.")
    name = serializers.CharField(help_text="The name as the source wrote it.")
    fields = serializers.DictField(child=serializers.CharField())  # type: ignore[assignment]  # the record's fields
    birth_date = serializers.CharField()
    age = serializers.IntegerField(allow_null=True)
    event_date = serializers.CharField()
    raw = serializers.DictField(help_text="The row verbatim, as the source gave it.")


class TermSerializer(serializers.Serializer):
    field = serializers.CharField()
    level = serializers.CharField()
    weight = serializers.FloatField(help_text="Bits of evidence: above zero for the match.")
    field_label = serializers.CharField(help_text="In the requested language.")
    level_label = serializers.CharField(help_text="In the requested language.")


class JudgementSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    pair = serializers.IntegerField(source="pair_id")
    verdict = serializers.ChoiceField(choices=Verdict.choices)
    reason = serializers.CharField()
    actor = serializers.CharField(source="actor.username", allow_null=True, default=None)
    created_at = serializers.DateTimeField()
    ended_at = serializers.DateTimeField(allow_null=True)
    ended_by = serializers.CharField(source="ended_by.username", allow_null=True, default=None)
    end_reason = serializers.CharField()


class PairSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    match_probability = serializers.FloatField()
    match_weight = serializers.FloatField(allow_null=True)
    run_id = serializers.CharField()
    is_current = serializers.BooleanField()
    left = PairRecordSerializer()
    right = PairRecordSerializer()
    explanation = TermSerializer(many=True)
    judgement = JudgementSerializer(allow_null=True, help_text="The open judgement, if any.")


class DecideSerializer(serializers.Serializer):
    verdict = serializers.ChoiceField(choices=Verdict.choices)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=MAX_REASON_LENGTH, default="")


class UndoSerializer(serializers.Serializer):
    judgement = serializers.IntegerField()
    restored = serializers.IntegerField(help_text="Records put back where they were.")
    kept_moved_since = serializers.IntegerField(help_text="Records left alone: something moved them since.")


def _lang(request: Request) -> str:
    lang = request.query_params.get("lang") or getattr(request, "LANGUAGE_CODE", "ar") or "ar"
    return "en" if lang.startswith("en") else "ar"


def _pair_data(pair: CandidatePair, lang: str) -> dict[str, Any]:
    return {
        "id": pair.pk, "kind": pair.kind, "match_probability": pair.match_probability,
        "match_weight": pair.match_weight, "run_id": pair.run_id, "is_current": pair.is_current,
        "left": record_for_display(pair.left), "right": record_for_display(pair.right),
        "explanation": [t.__dict__ for t in parse_terms(pair.explanation, lang)],
        "judgement": open_judgement(pair),
    }


def _visible_pair(request: Request, pk: int) -> CandidatePair:
    pair = visible_pairs(request.user).select_related("left__source", "right__source", "left__person",
                                                      "right__person").filter(pk=pk).first()
    if pair is None:
        raise NotFound()
    return pair


LANG = OpenApiParameter("lang", str, enum=["ar", "en"], description="Language of the explanation's words.")


class PairList(GenericAPIView):
    permission_classes = [IsAuthenticated, MayReview]
    serializer_class = PairSerializer

    @extend_schema(parameters=[OpenApiParameter("state", str, enum=list(QueueState.CHOICES)), LANG],
                   responses=PairSerializer(many=True))
    def get(self, request: Request) -> Response:
        state = request.query_params.get("state", QueueState.PENDING)
        if state not in QueueState.CHOICES:
            raise serializers.ValidationError({"state": ["unknown state"]})
        pairs = queue(request.user, state).select_related("left__person", "right__person")
        page = self.paginate_queryset(pairs)
        assert page is not None  # noqa: S101 — pagination is configured project-wide
        record_event(actor=request.user, action=Action.VIEW, request=request, target_type="review_queue",
                     target_id=state, details={"pairs": [p.pk for p in page], "api": True})
        lang = _lang(request)
        return self.get_paginated_response(PairSerializer([_pair_data(p, lang) for p in page], many=True).data)


class PairDetail(GenericAPIView):
    permission_classes = [IsAuthenticated, MayReview]
    serializer_class = PairSerializer

    @extend_schema(parameters=[LANG], responses=PairSerializer)
    def get(self, request: Request, pk: int) -> Response:
        pair = _visible_pair(request, pk)
        record_event(actor=request.user, action=Action.VIEW, request=request, target_type="review_pair",
                     target_id=pair.pk, details={"records": [pair.left_id, pair.right_id], "api": True})
        return Response(PairSerializer(_pair_data(pair, _lang(request))).data)


class PairDecide(GenericAPIView):
    permission_classes = [IsAuthenticated, MayReview]
    serializer_class = DecideSerializer

    @extend_schema(request=DecideSerializer, responses={201: JudgementSerializer})
    def post(self, request: Request, pk: int) -> Response:
        pair = _visible_pair(request, pk)
        form = DecideSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        judgement = decide(pair, form.validated_data["verdict"], actor=request.user,
                           reason=form.validated_data.get("reason", ""), request=request)
        return Response(JudgementSerializer(judgement).data, status=status.HTTP_201_CREATED)


class JudgementUndo(GenericAPIView):
    permission_classes = [IsAuthenticated, MayReview]
    serializer_class = UndoSerializer

    @extend_schema(request=None, responses=UndoSerializer)
    def post(self, request: Request, pk: int) -> Response:
        judgement = Judgement.objects.filter(pk=pk).first()
        if judgement is None:
            raise NotFound()
        _visible_pair(request, judgement.pair_id)
        try:
            report = undo(judgement, actor=request.user, request=request)
        except ReviewConflict as error:
            raise Conflict() from error
        return Response(UndoSerializer(report.__dict__).data)
