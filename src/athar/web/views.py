"""Pages of the web app: the person list (with name search) and the person page. Thin: read through
`athar.registry.queries` and `athar.search`, render.

Names never travel in URLs: a URL ends up in server logs, browser history and Referer headers. The
search box therefore POSTs; the query is kept in the session (server side, ended at logout) and the
list redirects to a plain URL whose only parameter is the page number."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, F
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from athar.accounts.permissions import require_capability
from athar.accounts.roles import Capability
from athar.audit.models import Action, Outcome
from athar.audit.services import record_event
from athar.interchange import PartialDate
from athar.registry.access import (
    show_visible_names,
    visible_person_records,
    visible_persons,
    visible_records,
    visible_sources,
)
from athar.registry.filters import PersonFilters, filter_records, filtered_person_ids
from athar.registry.history import record_history
from athar.registry.labels import EVENT_TYPE_LABELS, FATE_LABELS, NAME_FIELD_LABELS, SEX_LABELS, label
from athar.registry.models import CaseDocument, CaseNote, Event, FateClaim, Person, Record, SourceKind
from athar.registry.queries import (
    FateSummary,
    fate_summary,
    find_conflicts,
    find_person,
    person_records,
    person_timeline,
)
from athar.search.engine import search_persons
from athar.web.case_forms import SearchFiltersForm
from athar.web.person_order import in_visible_reading_order

PAGE_SIZE = 25
# Persons ranked for one web search. The page says when the cap was reached: never a silent cut.
WEB_SEARCH_LIMIT = 200
SESSION_QUERY_KEY = "athar.person_query"
SESSION_FILTERS_KEY = "athar.person_filters"
MAX_QUERY_LENGTH = 200


@dataclass(frozen=True)
class PersonRow:
    """One line of the person list."""

    person: Person | None
    record_count: int
    fate: FateSummary | None
    rank: int | None = None
    score: float | None = None
    unlinked_records: tuple[tuple[str, str], ...] = ()  # (source, record_id) of records with no person

    @property
    def fate_labels(self) -> list[str]:
        """The fates to show: every fate claimed when claims conflict, else the latest one."""
        if self.fate is None or not self.fate.claims:
            return []
        if self.fate.is_conflicting:
            return sorted({label(FATE_LABELS, c.fate) for c in self.fate.claims})
        latest = self.fate.latest or self.fate.claims[-1]
        return [label(FATE_LABELS, latest.fate)]


def _fate_summaries(person_ids: list[int], records: object) -> dict[int, FateSummary]:
    """Fate summaries for a page of persons in one query (same conflict rules as `fate_summary`),
    from the claims of the given (visible) records only."""
    claims: dict[int, list[FateClaim]] = defaultdict(list)
    for claim in (FateClaim.objects.filter(person_id__in=person_ids, record__in=records)
                  .order_by(F("claimed_on").asc(nulls_last=True), "id")):
        claims[claim.person_id].append(claim)
    return {pk: FateSummary(claims=claims[pk], conflicts=find_conflicts(claims[pk])) for pk in person_ids}


def _visible_names(request: HttpRequest, persons: list[Person]) -> None:
    show_visible_names(request.user, persons)


def _rows_for_persons(request: HttpRequest, persons: list[Person]) -> list[PersonRow]:
    ids = [p.pk for p in persons]
    _visible_names(request, persons)
    visible = visible_records(request.user).filter(person_id__in=ids)
    counts = dict(visible.values("person_id").annotate(n=Count("pk")).values_list("person_id", "n"))
    fates = _fate_summaries(ids, visible)
    return [PersonRow(person=p, record_count=counts.get(p.pk, 0), fate=fates[p.pk]) for p in persons]


def _page_number(request: HttpRequest) -> str:
    return request.GET.get("page", "1")


def _filters_from_post(request: HttpRequest) -> PersonFilters:
    form = SearchFiltersForm(request.POST, sources=visible_sources(request.user),
                             language=getattr(request, "LANGUAGE_CODE", "ar"))
    if not form.is_valid():  # an unknown choice (a stale page): drop that filter, keep the others
        data = {k: v for k, v in form.cleaned_data.items() if k not in form.errors}
    else:
        data = form.cleaned_data
    return PersonFilters.from_dict({k: v for k, v in data.items() if v not in ("", None)})


@require_http_methods(["GET", "POST"])
@require_capability(Capability.VIEW_RECORDS)
def person_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        query = request.POST.get("q", "").strip()[:MAX_QUERY_LENGTH]
        filters = _filters_from_post(request)
        if "clear" in request.POST:
            query, filters = "", PersonFilters()
        if query:
            request.session[SESSION_QUERY_KEY] = query
        else:
            request.session.pop(SESSION_QUERY_KEY, None)
        request.session[SESSION_FILTERS_KEY] = filters.as_dict()
        return HttpResponseRedirect(reverse("web:person_list"), status=303)

    query = request.session.get(SESSION_QUERY_KEY, "")
    filters = PersonFilters.from_dict(request.session.get(SESSION_FILTERS_KEY))
    language = getattr(request, "LANGUAGE_CODE", "ar")
    filter_form = SearchFiltersForm(initial=filters.as_dict(), sources=visible_sources(request.user),
                                    language=language)
    context: dict[str, object] = {"query": query, "filter_form": filter_form, "has_filters": not filters.is_empty}
    records = filter_records(visible_records(request.user), filters)
    audit_search = _page_number(request) == "1"  # one audit row per search, not per page turned
    if query:
        result = search_persons(query, limit=WEB_SEARCH_LIMIT, records=records,
                                narrow_candidates=not filters.is_empty)
        page = Paginator(result.hits, PAGE_SIZE).get_page(_page_number(request))
        if audit_search:  # the query itself is not kept: it is a name
            record_event(actor=request.user, action=Action.SEARCH, request=request,
                         details={"persons": len(result.hits), "truncated": result.is_truncated,
                                  "filters": sorted(filters.as_dict())})
        persons = {p.pk: p for p in Person.objects.filter(pk__in=[h.person_pk for h in page if h.person_pk])}
        base = {row.person.pk: row for row in _rows_for_persons(request, list(persons.values())) if row.person}
        rows = []
        for hit in page:
            if hit.person_pk is not None and hit.person_pk in base:
                row = base[hit.person_pk]
                rows.append(PersonRow(person=row.person, record_count=row.record_count, fate=row.fate,
                                      rank=hit.rank, score=hit.score))
            else:
                rows.append(PersonRow(person=None, record_count=len(hit.records), fate=None, rank=hit.rank,
                                      score=hit.score,
                                      unlinked_records=tuple((r.source, r.record_id) for r in hit.records)))
        context.update(page=page, rows=rows, is_truncated=result.is_truncated, limit=WEB_SEARCH_LIMIT)
    else:
        persons_qs = visible_persons(request.user).filter(retired_at__isnull=True, merged_into__isnull=True)
        if not filters.is_empty:
            persons_qs = persons_qs.filter(pk__in=filtered_person_ids(records, filters))
        page = Paginator(in_visible_reading_order(request.user, persons_qs, language), PAGE_SIZE).get_page(_page_number(request))
        if audit_search and not filters.is_empty:
            record_event(actor=request.user, action=Action.SEARCH, request=request,
                         details={"persons": page.paginator.count, "filters": sorted(filters.as_dict())})
        context.update(page=page, rows=_rows_for_persons(request, list(page)), total=page.paginator.count)
    return render(request, "web/person_list.html", context)


@dataclass(frozen=True)
class TimelineRow:
    date: PartialDate | None
    event_type: str
    place_written: str
    place_resolved: str  # the gazetteer's name in the page's language, when it says something new
    source: str
    record_id: str
    description: str = ""
    added_by: str = ""


@require_capability(Capability.VIEW_RECORDS)
def person_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    person = find_person(public_id)
    if person is not None and not visible_persons(request.user).filter(pk=person.pk).exists():
        # Not found, not forbidden: a restricted person's existence is itself information.
        record_event(actor=request.user, action=Action.VIEW, outcome=Outcome.DENIED, request=request,
                     target_type="person", target_id=person.public_id)
        person = None
    if person is None:
        raise Http404
    if person.public_id != public_id:
        # A merged person's old id still leads to the person its records went to.
        return redirect("web:person_detail", public_id=person.public_id)
    visible_ids = set(visible_person_records(request.user, person).values_list("pk", flat=True))
    records = [r for r in person_records(person) if r.pk in visible_ids]
    _visible_names(request, [person])
    record_event(actor=request.user, action=Action.VIEW, request=request, target_type="person",
                 target_id=person.public_id, details={"records": sorted(visible_ids)[:50]})
    timeline = [
        TimelineRow(date=entry.event.date, event_type=label(EVENT_TYPE_LABELS, entry.event.event_type),
                    place_written=entry.event.place_text, place_resolved=_resolved_place(entry.event, request),
                    source=entry.source_name, record_id=entry.record.record_id,
                    description=entry.event.description,
                    added_by=entry.event.created_by.get_username() if entry.event.created_by else "")
        for entry in person_timeline(person) if entry.record.pk in visible_ids
    ]
    full_summary = fate_summary(person)
    visible_claims = [c for c in full_summary.claims if c.record_id in visible_ids]
    summary = FateSummary(claims=visible_claims, conflicts=find_conflicts(visible_claims))
    return render(request, "web/person_detail.html", {
        "person": person,
        "records": [_record_view(r) for r in records],
        "timeline": timeline,
        "fate": summary,
        "claims": [_claim_view(c) for c in summary.claims],
        "conflicts": [{"first": _claim_view(c.first), "second": _claim_view(c.second)} for c in summary.conflicts],
    })


def _resolved_place(event: Event, request: HttpRequest) -> str:
    """The gazetteer's name of the event's place in the page's language; "" when the place is not
    resolved or the source already wrote exactly that."""
    if event.place is None:
        return ""
    resolved = event.place.display_name(getattr(request, "LANGUAGE_CODE", "ar"))
    return "" if resolved == event.place_text else resolved


def _record_view(record: Record) -> dict[str, object]:
    return {
        "source": record.source.name,
        "record_id": record.record_id,
        "is_case": record.source.kind == SourceKind.CASE_FILE,
        "names": [(label(NAME_FIELD_LABELS, field), getattr(record, field))
                  for field in NAME_FIELD_LABELS if getattr(record, field)],
        "sex": label(SEX_LABELS, record.sex) if record.sex else "",
        "birth_date": record.birth_date,
        # Verbatim: every column as the source gave it, in the source's own column order.
        "raw": [(k, v) for k, v in (record.raw or {}).items() if v not in ("", None)],
        "history": record_history(record),
        "notes": list(CaseNote.objects.filter(record=record).select_related("created_by")),
        "documents": list(CaseDocument.objects.filter(record=record).select_related("created_by")),
    }


def _claim_view(claim: FateClaim) -> dict[str, object]:
    return {
        "fate": label(FATE_LABELS, claim.fate),
        "fate_value": claim.fate,
        "date": claim.claimed_on,
        "source": claim.source.name,
        "record_id": claim.record.record_id if claim.record_id else "",
        "evidence": claim.evidence,
    }
