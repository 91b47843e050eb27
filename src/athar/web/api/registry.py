"""REST API for persons, records (with their history) and search: the same reads, permissions,
visibility and audit rows as the pages (athar.web.views), for other programs.

It lives in the web layer, not in `athar.registry`: it needs the search engine and the API's
permission classes, both of which sit above the registry in the import layers.

- `GET /api/persons/` — persons the user may see; filters as query parameters (ids and codes only:
  governorate, facility, year, fate, source, sex). Names never go in a URL, hence:
- `POST /api/search/` — `{"query": "...", "limit": 10, ...filters}`; ranked like the person list.
- `GET /api/persons/{public_id}/` — names, records, timeline and fate claims from visible records only.
- `GET /api/records/{id}/` — one visible record: its fields, the verbatim row and its history.
A person or record the user may not see is "not found" (404), and that refusal is audited."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from athar.accounts.api_permissions import capability_permission
from athar.accounts.roles import Capability
from athar.audit.models import Action, Outcome
from athar.audit.services import record_event
from athar.registry.access import visible_person_records, visible_persons, visible_records
from athar.registry.filters import PersonFilters, filter_records, filtered_person_ids
from athar.registry.history import record_history
from athar.registry.models import FateClaim, Person, Record
from athar.registry.queries import FateSummary, find_conflicts, find_person, person_timeline
from athar.registry.revisions import record_fields
from athar.registry.services import derive_display_name
from athar.search.engine import search_persons
from athar.web.person_order import in_visible_reading_order

CanViewRecords = capability_permission(Capability.VIEW_RECORDS)
MAX_SEARCH_LIMIT = 200


def _date(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


# --- response shapes (for the OpenAPI schema; the views build plain dicts) -------------------------

class PersonSummarySerializer(serializers.Serializer):
    id = serializers.CharField(help_text="The person's public id (P-...).")
    display_name = serializers.CharField(help_text="From the records the caller may read only.")
    record_count = serializers.IntegerField()
    fates = serializers.ListField(child=serializers.CharField(), help_text="Fates claimed (visible records).")
    is_conflicting = serializers.BooleanField()


class FilterSerializer(serializers.Serializer):
    governorate = serializers.CharField(required=False, allow_blank=True)
    facility = serializers.CharField(required=False, allow_blank=True)
    year = serializers.IntegerField(required=False, allow_null=True, min_value=1800, max_value=2100)
    fate = serializers.ChoiceField(choices=["alive", "detained", "released", "deceased", "unknown"],
                                   required=False, allow_blank=True)
    source = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=2**63 - 1)  # type: ignore[assignment]
    sex = serializers.ChoiceField(choices=["M", "F"], required=False, allow_blank=True)

    def to_filters(self) -> PersonFilters:
        return PersonFilters.from_dict({k: v for k, v in self.validated_data.items() if v not in ("", None)})


class SearchRequestSerializer(FilterSerializer):
    query = serializers.CharField(max_length=200, help_text="A name in any script, a record id or a national ID.")
    limit = serializers.IntegerField(required=False, default=10, min_value=1, max_value=MAX_SEARCH_LIMIT)


class RecordHitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    source = serializers.CharField()  # type: ignore[assignment]
    record_id = serializers.CharField()
    score = serializers.FloatField()


class PersonHitSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    score = serializers.FloatField()
    person_id = serializers.CharField(allow_null=True, help_text="Null for a record not yet in a person.")
    records = RecordHitSerializer(many=True)


class SearchResponseSerializer(serializers.Serializer):
    hits = PersonHitSerializer(many=True)
    truncated = serializers.BooleanField()


class RecordSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    source = serializers.CharField()  # type: ignore[assignment]
    record_id = serializers.CharField()
    person_id = serializers.CharField(allow_null=True)
    fields = serializers.DictField()  # type: ignore[assignment]
    raw = serializers.DictField(help_text="The row verbatim, as the source gave it.")


class HistoryChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    earlier = serializers.JSONField()
    later = serializers.JSONField()


class HistoryEntrySerializer(serializers.Serializer):
    version = serializers.IntegerField()
    replaced_at = serializers.DateTimeField()
    replaced_by = serializers.CharField()
    reason = serializers.CharField()
    import_batch = serializers.IntegerField(allow_null=True)
    raw_changed = serializers.BooleanField()
    changes = HistoryChangeSerializer(many=True)


class RecordDetailSerializer(RecordSerializer):
    history = HistoryEntrySerializer(many=True)


class EventSerializer(serializers.Serializer):
    event_type = serializers.CharField()
    date = serializers.CharField(allow_null=True)
    place_text = serializers.CharField()
    place_id = serializers.CharField(allow_null=True)
    description = serializers.CharField()
    source = serializers.CharField()  # type: ignore[assignment]
    record_id = serializers.CharField()


class FateClaimSerializer(serializers.Serializer):
    fate = serializers.CharField()
    claimed_on = serializers.CharField(allow_null=True)
    evidence = serializers.CharField()
    source = serializers.CharField()  # type: ignore[assignment]
    record_id = serializers.CharField()


class PersonDetailSerializer(PersonSummarySerializer):
    records = RecordSerializer(many=True)
    timeline = EventSerializer(many=True)
    fate_claims = FateClaimSerializer(many=True)


# --- helpers -----------------------------------------------------------------------------------------

def _record_dict(record: Record, person_public_id: str | None) -> dict[str, Any]:
    return {"id": record.pk, "source": record.source.name, "record_id": record.record_id,
            "person_id": person_public_id, "fields": record_fields(record), "raw": record.raw}


def _summaries(user: Any, persons: list[Person]) -> list[dict[str, Any]]:
    ids = [p.pk for p in persons]
    visible = visible_records(user).filter(person_id__in=ids)
    names: dict[int, list[str]] = {}
    for record in visible.only("person_id", "full_name", "first_name", "father_name", "grandfather_name",
                               "family_name"):
        if record.person_id is not None:
            names.setdefault(record.person_id, []).append(record.name_as_written)
    counts = dict(visible.values("person_id").annotate(n=Count("pk")).values_list("person_id", "n"))
    claims: dict[int, list[FateClaim]] = {}
    for claim in FateClaim.objects.filter(person_id__in=ids, record__in=visible).order_by("claimed_on", "id"):
        if claim.person_id is not None:
            claims.setdefault(claim.person_id, []).append(claim)
    return [{"id": p.public_id, "display_name": derive_display_name(names.get(p.pk, [])),
             "record_count": counts.get(p.pk, 0), "fates": sorted({c.fate for c in claims.get(p.pk, [])}),
             "is_conflicting": bool(find_conflicts(claims.get(p.pk, [])))} for p in persons]


# --- views -------------------------------------------------------------------------------------------

class PersonListView(APIView):
    permission_classes = [CanViewRecords]
    # Declared on the view (not only used inside get) so that the schema shows the paginated envelope
    # (count, next, previous, results) the endpoint answers with, not a bare array.
    pagination_class = PageNumberPagination

    @extend_schema(parameters=[FilterSerializer], responses=PersonSummarySerializer(many=True),
                   summary="Persons the caller may see, by name (Arabic script first)")
    def get(self, request: Request) -> Response:
        params = FilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        filters = params.to_filters()
        persons = visible_persons(request.user).filter(retired_at__isnull=True, merged_into__isnull=True)
        if not filters.is_empty:
            records = filter_records(visible_records(request.user), filters)
            persons = persons.filter(pk__in=filtered_person_ids(records, filters))
        paginator = self.pagination_class()
        ordered = in_visible_reading_order(request.user, persons, "ar")
        page = paginator.paginate_queryset(ordered, request, view=self)
        rows = _summaries(request.user, list(page or []))
        record_event(actor=request.user, action=Action.VIEW, request=request, target_type="person_list",
                     details={"persons": len(rows), "filters": sorted(filters.as_dict())})
        return paginator.get_paginated_response(rows)


class PersonDetailView(APIView):
    permission_classes = [CanViewRecords]

    @extend_schema(responses=PersonDetailSerializer, summary="One person, from the records the caller may read")
    def get(self, request: Request, public_id: str) -> Response:
        person = find_person(public_id)
        if person is not None and not visible_persons(request.user).filter(pk=person.pk).exists():
            record_event(actor=request.user, action=Action.VIEW, outcome=Outcome.DENIED, request=request,
                         target_type="person", target_id=person.public_id)
            person = None
        if person is None:
            raise NotFound
        records = list(visible_person_records(request.user, person).select_related("source").order_by("pk"))
        visible_ids = {r.pk for r in records}
        record_event(actor=request.user, action=Action.VIEW, request=request, target_type="person",
                     target_id=person.public_id, details={"records": sorted(visible_ids)[:50]})
        claims = [c for c in FateClaim.objects.filter(person=person).select_related("source", "record")
                  if c.record_id in visible_ids]
        summary = FateSummary(claims=claims, conflicts=find_conflicts(claims))
        body = _summaries(request.user, [person])[0]
        body.update(
            records=[_record_dict(r, person.public_id) for r in records],
            timeline=[{"event_type": e.event.event_type, "date": _date(e.event.date), "place_text": e.event.place_text,
                       "place_id": e.event.place_id, "description": e.event.description, "source": e.source_name,
                       "record_id": e.record.record_id}
                      for e in person_timeline(person) if e.record.pk in visible_ids],
            fate_claims=[{"fate": c.fate, "claimed_on": _date(c.claimed_on), "evidence": c.evidence,
                          "source": c.source.name, "record_id": c.record.record_id if c.record else ""}
                         for c in summary.claims])
        return Response(body)


class RecordDetailView(APIView):
    permission_classes = [CanViewRecords]

    @extend_schema(responses=RecordDetailSerializer, summary="One record: fields, verbatim row and history")
    def get(self, request: Request, pk: int) -> Response:
        record = Record.objects.select_related("source", "person").filter(pk=pk).first()
        if record is not None and not visible_records(request.user).filter(pk=record.pk).exists():
            record_event(actor=request.user, action=Action.VIEW, outcome=Outcome.DENIED, request=request,
                         target_type="record", target_id=record.pk)
            record = None
        if record is None:
            raise NotFound
        record_event(actor=request.user, action=Action.VIEW, request=request, target_type="record",
                     target_id=record.pk)
        body = _record_dict(record, record.person.public_id if record.person else None)
        body["history"] = [
            {"version": e.version, "replaced_at": e.replaced_at.isoformat(), "replaced_by": e.replaced_by,
             "reason": e.reason, "import_batch": e.import_batch, "raw_changed": e.raw_changed,
             "changes": [{"field": c.field, "earlier": c.earlier, "later": c.later} for c in e.changes]}
            for e in record_history(record)]
        return Response(body)


class SearchView(APIView):
    permission_classes = [CanViewRecords]

    @extend_schema(request=SearchRequestSerializer, responses=SearchResponseSerializer,
                   parameters=[OpenApiParameter("format", exclude=True)],
                   summary="Search persons by name in Arabic or Latin script (the person list's engine)")
    def post(self, request: Request) -> Response:
        body = SearchRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        filters = body.to_filters()
        records = filter_records(visible_records(request.user), filters)
        result = search_persons(body.validated_data["query"], limit=body.validated_data["limit"], records=records,
                                narrow_candidates=not filters.is_empty)
        record_event(actor=request.user, action=Action.SEARCH, request=request,
                     details={"persons": len(result.hits), "truncated": result.is_truncated,
                              "filters": sorted(filters.as_dict()), "api": True})
        return Response({
            "hits": [{"rank": h.rank, "score": h.score, "person_id": h.public_id,
                      "records": [{"id": r.record_pk, "source": r.source, "record_id": r.record_id,
                                   "score": r.score} for r in h.records]} for h in result.hits],
            "truncated": result.is_truncated,
        })
