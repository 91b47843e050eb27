"""Pages of the review: the queue, one pair side by side, a decision, an undo. Thin: read through
`athar.review.queries`, write through `athar.review.services`, render.

A decision posted through HTMX (the page's forms carry `hx-post`) is answered with the next pair's
fragment and its address in `HX-Push-Url`, so the reviewer moves on without a full reload; at the
end of the queue, `HX-Redirect` to the queue. Without JavaScript the same form posts and redirects."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect, push_url

from athar.accounts.permissions import require_capability
from athar.accounts.roles import Capability
from athar.audit.models import Action
from athar.audit.services import record_event
from athar.review.explanation import parse_terms
from athar.review.labels import END_LABELS, KIND_LABELS, VERDICT_LABELS, side_by_side
from athar.review.models import CandidatePair, Judgement, Verdict
from athar.review.queries import QueueState, next_pending, queue, record_for_display, rivals, visible_pairs
from athar.review.services import ReviewConflict, decide, undo

PAGE_SIZE = 50


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))  # set by django-htmx's middleware


def _visible_pair(request: HttpRequest, pk: int) -> CandidatePair:
    pair = visible_pairs(request.user).select_related("left__source", "right__source", "left__person",
                                                      "right__person").filter(pk=pk).first()
    if pair is None:
        raise Http404
    return pair


@require_GET
@require_capability(Capability.REVIEW_MATCHES)
def index(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", QueueState.PENDING)
    if state not in QueueState.CHOICES:
        state = QueueState.PENDING
    pairs = queue(request.user, state)
    page = Paginator(pairs, PAGE_SIZE).get_page(request.GET.get("page", "1"))
    record_event(actor=request.user, action=Action.VIEW, request=request, target_type="review_queue",
                 target_id=state, details={"pairs": [p.pk for p in page]})
    counts = {s: queue(request.user, s).count() for s in (QueueState.PENDING, QueueState.UNSURE, QueueState.DECIDED)}
    rows = [{"pair": p, "kind": KIND_LABELS.get(p.kind, p.kind), "left": p.left.name_as_written,
             "right": p.right.name_as_written} for p in page]
    return render(request, "review/index.html", {"page": page, "rows": rows, "state": state, "counts": counts,
                                                 "first": next_pending(request.user)})


def _item_context(request: HttpRequest, pair: CandidatePair) -> dict[str, Any]:
    lang = getattr(request, "LANGUAGE_CODE", "ar") or "ar"
    terms = parse_terms(pair.explanation, lang)
    judgements = list(Judgement.objects.filter(pair=pair).select_related("actor", "ended_by").order_by("-created_at", "-id"))
    left, right = record_for_display(pair.left), record_for_display(pair.right)
    for judgement in judgements:
        judgement.verdict_label = VERDICT_LABELS.get(judgement.verdict, judgement.verdict)  # type: ignore[attr-defined]
        judgement.end_label = END_LABELS.get(judgement.end_reason, "")  # type: ignore[attr-defined]
    return {
        "pair": pair,
        "kind_label": KIND_LABELS.get(pair.kind, pair.kind),
        "left": left,
        "right": right,
        "rows": side_by_side(left, right),
        "terms_for": [t for t in terms if t.is_for],
        "terms_against": [t for t in terms if t.is_against],
        "terms_neutral": [t for t in terms if not t.is_for and not t.is_against],
        "current": next((j for j in judgements if j.is_open), None),
        "judgements": judgements,
        "verdicts": Verdict,
        "next": next_pending(request.user, after=pair),
        "rivals": [{"record": r.record, "name": r.record.name_as_written,
                    "pairs": [{"pair": x.pair, "name": x.other.name_as_written, "source": x.other.source.name,
                               "probability": x.pair.match_probability, "verdict": VERDICT_LABELS.get(x.verdict, "")}
                              for x in r.pairs]} for r in rivals(request.user, pair)],
    }


def _render_item(request: HttpRequest, pair: CandidatePair, template: str) -> HttpResponse:
    """A pair's page (or fragment), its view audited with every record it names: the pair's two and
    those of the other pairs it lists."""
    context = _item_context(request, pair)
    shown = [p["pair"] for group in context["rivals"] for p in group["pairs"]]
    record_event(actor=request.user, action=Action.VIEW, request=request, target_type="review_pair",
                 target_id=pair.pk, details={"records": [pair.left_id, pair.right_id],
                                             "other_pairs": [p.pk for p in shown]})
    return render(request, template, context)


@require_GET
@require_capability(Capability.REVIEW_MATCHES)
def item(request: HttpRequest, pk: int) -> HttpResponse:
    pair = _visible_pair(request, pk)
    return _render_item(request, pair, "review/_item.html" if _is_htmx(request) else "review/item.html")


def _after_decision(request: HttpRequest, pair: CandidatePair) -> HttpResponse:
    """The next pending pair (its fragment for the script, else a redirect), or the queue."""
    following = next_pending(request.user, after=pair)
    if following is None:
        url = reverse("review:index")
        return HttpResponseClientRedirect(url) if _is_htmx(request) else redirect(url)
    url = reverse("review:item", args=[following.pk])
    if not _is_htmx(request):
        return redirect(url)
    response = _render_item(request, _visible_pair(request, following.pk), "review/_item.html")
    return push_url(response, url)


@require_POST
@require_capability(Capability.REVIEW_MATCHES)
def decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    pair = _visible_pair(request, pk)
    verdict = request.POST.get("verdict", "")
    if verdict not in Verdict.values:
        return HttpResponse(status=400)
    decide(pair, verdict, actor=request.user, reason=request.POST.get("reason", ""), request=request)
    return _after_decision(request, pair)


@require_POST
@require_capability(Capability.REVIEW_MATCHES)
def undo_view(request: HttpRequest, pk: int) -> HttpResponse:
    judgement = Judgement.objects.filter(pk=pk).first()
    if judgement is None:
        raise Http404
    pair = _visible_pair(request, judgement.pair_id)
    try:
        undo(judgement, actor=request.user, request=request)
    except ReviewConflict:
        return HttpResponse(status=409)
    url = reverse("review:item", args=[pair.pk])
    if _is_htmx(request):
        return push_url(_render_item(request, _visible_pair(request, pair.pk), "review/_item.html"), url)
    return redirect(url)
