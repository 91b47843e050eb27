"""Matching tracing requests against the registry's persons, now and whenever new records arrive.

- `match_request`: one request against everything (the linker's incremental path, with the model
  of the last `athar resolve`), the other requests scored in the same batch so that a second
  relative asking about the same person is linked to the first request, not duplicated.
- `rematch_open_requests`: every open request at once, after every `athar resolve` (called by
  athar.tracing.after_resolve; `athar trace rematch` by hand); new candidates go to the
  caseworker's queue (Notification) and are flagged on the request list and page; nothing goes
  to a family.
- `match_rows`: rows of a records CSV ranked against the registry for `athar trace match`
  (spec §6): nothing is written.

The linker's run is the one the last `athar resolve` kept for matching (athar.registry.kept_run):
the saved model, features and clusters. A candidate's person is the
registry's current person for the matching record, so merges and human links since the run are
respected; records imported after the run are not scored until the next `athar resolve`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from athar.accounts.permissions import check_capability
from athar.accounts.roles import Capability
from athar.audit.services import record_event
from athar.errors import AtharError
from athar.interchange import EventType, PartialDate, RecordRow, Sex
from athar.linkage import IncrementalMatcher
from athar.linkage import wording as linkage_wording
from athar.names import blocking_keys
from athar.registry.kept_run import latest_run_dir, run_id_of
from athar.registry.models import Person, Record
from athar.tracing.models import (
    Candidate,
    CandidateDecision,
    Notification,
    NotificationKind,
    Status,
    TracingRequest,
)
from athar.tracing.models.request import OPEN_STATUSES
from athar.tracing.ranking import Key, Pair, RankedCandidate, rank_pairs, record_keys, score_requests
from athar.tracing.workflow import change_status

REQUEST_SOURCE = "athar-tracing-request"  # the source name request rows carry inside the matcher
CANDIDATE_PROBABILITY = 0.5  # at and above: "candidate found", and the caseworker is told
RELATED_PROBABILITY = 0.9  # at and above: two requests are about the same person
DEFAULT_TOP = 5


class NoLinkageRun(AtharError):
    code = "no_linkage_run"

    def __init__(self) -> None:
        super().__init__("the registry has not been linked yet: run `athar resolve` first")




def _work_parent() -> Path:
    return Path(settings.DATA_DIR) / "tracing" / "work"


def _partial(value: Any) -> PartialDate | None:
    return value if isinstance(value, PartialDate) else None


def request_row(tracing_request: TracingRequest) -> RecordRow:
    """The request as a records-CSV row, as a family report would be: the last sighting is the event."""
    t = tracing_request
    return RecordRow(
        file="tracing", row=0, raw={}, source=REQUEST_SOURCE, record_id=t.public_id,
        first_name=t.given_name or None, father_name=t.father_name or None,
        grandfather_name=t.grandfather_name or None, family_name=t.family_name or None,
        mother_name=t.mother_name or None, mother_family_name=t.mother_family_name or None,
        sex=Sex(t.sex) if t.sex else None, birth_date=_partial(t.birth_date), age=t.age,
        birth_place=t.birth_place or None, event_type=EventType.MISSING_REPORT,
        event_date=_partial(t.last_seen_on), event_place=t.last_seen_place or None)


def registry_persons(keys: set[Key]) -> dict[Key, str]:
    """(source, record_id) → the public id of the record's current person (records with no person
    are left out)."""
    found: dict[Key, str] = {}
    ids = sorted({k[1] for k in keys})
    for start in range(0, len(ids), 500):
        for source, record_id, person in (Record.objects.filter(record_id__in=ids[start:start + 500],
                                                                person__isnull=False)
                                          .values_list("source__name", "record_id", "person__public_id")):
            if (source, record_id) in keys:
                found[(source, record_id)] = person
    return found


def _score(rows: Sequence[RecordRow], run_dir: Path | None = None) -> tuple[list[Pair], str]:
    run_dir = run_dir or latest_run_dir()
    if run_dir is None:
        raise NoLinkageRun
    with IncrementalMatcher(run_dir) as matcher:
        return score_requests(matcher, rows, work_parent=_work_parent()), run_id_of(run_dir)


def match_rows(rows: Sequence[RecordRow], *, top: int = DEFAULT_TOP) -> dict[str, list[RankedCandidate]]:
    """Rank the registry's persons for each row (`athar trace match`), keyed by the row's
    record_id (the request id). Writes nothing to the registry.

    The rows are renamed into the requests' own source while they are scored, so a request file
    that reuses a registry source's name and ids cannot be taken for registry records."""
    renamed = [replace(r, source=REQUEST_SOURCE, record_id=str(i)) for i, r in enumerate(rows)]
    pairs, _run = _score(renamed)
    requests = {r.key for r in renamed}
    persons = registry_persons(record_keys(pairs, requests))
    ranked = rank_pairs(pairs, requests, persons.get, top).candidates
    return {rows[int(key[1])].record_id: found for key, found in ranked.items()}


@dataclass
class MatchSummary:
    """Counts and ids only: safe to show and to audit."""

    requests: int = 0
    candidates: int = 0
    new_candidates: int = 0
    notified: int = 0  # requests whose caseworker was told of new candidates
    linked_requests: list[tuple[str, str]] = field(default_factory=list)  # (later, earlier) public ids
    run_id: str = ""


def _store(tracing_request: TracingRequest, ranked: list[RankedCandidate], run_id: str, now: Any) -> int:
    """Save the ranking; return how many candidates are new and worth a caseworker's look: a
    person proposed for the first time at or above CANDIDATE_PROBABILITY, or a person proposed
    before below it who now reaches it (new records joined them). Those are flagged (`flagged_at`).
    A candidate a caseworker already decided on is never flagged again."""
    persons = {p.public_id: p for p in Person.objects.filter(public_id__in=[c.person_id for c in ranked])}
    fresh = 0
    for c in ranked:
        person = persons.get(c.person_id)
        if person is None:
            continue
        record = Record.objects.filter(source__name=c.source, record_id=c.record_id).first()
        values = {"record": record, "match_probability": c.match_probability, "rank": c.rank,
                  "explanation": c.explanation[:1000], "run_id": run_id}
        candidate, created = Candidate.objects.get_or_create(tracing_request=tracing_request, person=person,
                                                             defaults=values)
        was_below = created or candidate.match_probability < CANDIDATE_PROBABILITY
        if not created:
            for name, value in values.items():
                setattr(candidate, name, value)
        if (was_below and c.match_probability >= CANDIDATE_PROBABILITY
                and candidate.decision == CandidateDecision.OPEN):
            candidate.flagged_at = now
            fresh += 1
        candidate.save()
    return fresh


def _tell_caseworker(t: TracingRequest, fresh: int, since: Any, *, actor: Any, request: Any) -> None:
    """Put the new candidates in the assigned caseworker's queue (everyone's while unassigned);
    the request list and page flag them until the caseworker opens the request. Audited."""
    note = Notification.objects.create(user=t.assigned_to, tracing_request=t, kind=NotificationKind.NEW_CANDIDATES,
                                       count=fresh, since=since)
    record_event(actor=actor, action="notify", target_type="tracing_request", target_id=t.public_id,
                 request=request, details={"notification": note.pk, "kind": NotificationKind.NEW_CANDIDATES,
                                           "count": fresh, "user": t.assigned_to_id})


def _link_related(pairs: list[Pair], by_key: dict[Key, TracingRequest], *, actor: Any,
                  request: Any) -> list[tuple[str, str]]:
    """Link a later request to the earlier one about the same person (the earliest of a group)."""
    linked = []
    for left, right, probability, _expl in sorted(pairs, key=lambda p: -p[2]):
        if probability < RELATED_PROBABILITY or left not in by_key or right not in by_key:
            continue
        a, b = sorted((by_key[left], by_key[right]), key=lambda t: (t.created_at, t.pk))
        a.refresh_from_db()
        b.refresh_from_db()
        root = a.linked_to or a
        if b.linked_to_id is not None or b.pk == root.pk or b.unlinked_from.filter(pk=root.pk).exists():
            continue
        b.linked_to = root
        b.save(update_fields=["linked_to", "updated_at"])
        for t in (root, b):
            Notification.objects.create(user=t.assigned_to, tracing_request=t, kind=NotificationKind.RELATED_REQUEST)
        record_event(actor=actor, action="link_request", target_type="tracing_request", target_id=b.public_id,
                     request=request, details={"linked_to": root.public_id, "probability": round(probability, 4)})
        linked.append((b.public_id, root.public_id))
    return linked


def _apply(targets: list[TracingRequest], others: list[TracingRequest], *, actor: Any, request: Any,
           top: int, run_dir: Path | None = None,
           progress: Callable[[str, int, int], None] | None = None) -> MatchSummary:
    everyone = targets + others
    rows = [request_row(t) for t in everyone]
    by_key = {(REQUEST_SOURCE, t.public_id): t for t in everyone}
    if progress is not None:
        progress("scoring the requests against the registry", 0, 1)
    pairs, run_id = _score(rows, run_dir)
    if progress is not None:
        progress("scoring the requests against the registry", 1, 1)
    persons = registry_persons(record_keys(pairs, set(by_key)))
    ranking = rank_pairs(pairs, set(by_key), persons.get, top)
    summary = MatchSummary(requests=len(targets), run_id=run_id)
    target_keys = {(REQUEST_SOURCE, t.public_id) for t in targets}
    now = timezone.now()
    with transaction.atomic():
        for done, t in enumerate(targets, start=1):
            ranked = ranking.candidates.get((REQUEST_SOURCE, t.public_id), [])
            fresh = _store(t, ranked, run_id, now)
            summary.candidates += len(ranked)
            summary.new_candidates += fresh
            if fresh:
                _tell_caseworker(t, fresh, now, actor=actor, request=request)
                summary.notified += 1
            t.refresh_from_db()
            if fresh and t.status in (Status.SEARCHING, Status.REJECTED):
                change_status(t, Status.CANDIDATE_FOUND, actor=actor, request=request,
                              reason=f"the linker proposed {fresh} new candidate(s) to check")
            record_event(actor=actor, action="match", target_type="tracing_request", target_id=t.public_id,
                         request=request, details={"candidates": len(ranked), "new": fresh, "run": run_id})
            if progress is not None:
                progress("storing candidates", done, len(targets))
        related = [p for p in ranking.related_requests if p[0] in target_keys or p[1] in target_keys]
        summary.linked_requests = _link_related([(a, b, p, "") for a, b, p in related], by_key,
                                                actor=actor, request=request)
    return summary


def _name_keys(tracing_request: TracingRequest) -> set[str]:
    parts = (tracing_request.given_name, tracing_request.father_name, tracing_request.grandfather_name,
             tracing_request.family_name)
    return set(blocking_keys(" ".join(p for p in parts if p)))


def possible_repeats(tracing_request: TracingRequest) -> list[TracingRequest]:
    """The other requests that share a name blocking key with this one (athar.names, across
    scripts): the only ones worth scoring against it. Scoring every request against every other
    at each click would grow with the square of the requests (15,555 requests in one batch: 300 s)."""
    keys = _name_keys(tracing_request)
    others = TracingRequest.objects.exclude(pk=tracing_request.pk).exclude(status=Status.CLOSED)
    return [o for o in others if keys & _name_keys(o)]


def unlink_request(tracing_request: TracingRequest, *, actor: Any, reason: str, request: Any = None) -> None:
    """Undo a link between two requests (they are not about the same person). The matcher never
    links the two again."""
    check_capability(actor, Capability.MANAGE_TRACING, request=request, target_type="tracing_request",
                     target_id=tracing_request.public_id)
    earlier = tracing_request.linked_to
    if earlier is None:
        return
    if not reason.strip():
        raise ValueError("a reason is required")
    with transaction.atomic():
        tracing_request.unlinked_from.add(earlier)
        tracing_request.linked_to = None
        tracing_request.save(update_fields=["linked_to", "updated_at"])
        record_event(actor=actor, action="unlink_request", target_type="tracing_request",
                     target_id=tracing_request.public_id, request=request,
                     details={"was_linked_to": earlier.public_id})


def match_request(tracing_request: TracingRequest, *, actor: Any, request: Any = None,
                  top: int = DEFAULT_TOP) -> MatchSummary:
    """Match one request against the registry (and the requests that may be about the same
    person, to find repeats)."""
    check_capability(actor, Capability.MANAGE_TRACING, request=request, target_type="tracing_request",
                     target_id=tracing_request.public_id)
    return _apply([tracing_request], possible_repeats(tracing_request), actor=actor, request=request, top=top)


def rematch_open_requests(*, actor: Any = None, top: int = DEFAULT_TOP, run_dir: Path | None = None,
                          progress: Callable[[str, int, int], None] | None = None) -> MatchSummary:
    """Match every open request again (after every `athar resolve`, with the run it kept: see
    athar.tracing.after_resolve); new candidates are put in the caseworkers' queue and flagged.
    `progress(stage, done, total)`: a command's bar."""
    check_capability(actor, Capability.MANAGE_TRACING, target_type="tracing_request")
    targets = list(TracingRequest.objects.filter(status__in=OPEN_STATUSES).order_by("created_at", "pk"))
    if not targets:
        return MatchSummary()
    others = list(TracingRequest.objects.exclude(status__in=OPEN_STATUSES).exclude(status=Status.CLOSED))
    return _apply(targets, others, actor=actor, request=None, top=top, run_dir=run_dir, progress=progress)


@dataclass(frozen=True)
class ExplanationLine:
    field: str
    level: str
    weight: float


def explanation_lines(compact: str, language: str) -> list[ExplanationLine]:
    """The linker's compact explanation (`given=exact +3.2; family=close, rare name +2.1`) field by
    field, in the caseworker's language."""
    lines = []
    for part in compact.split("; "):
        name, sep, rest = part.partition("=")
        level, _space, weight = rest.rpartition(" ")
        if not sep or not level:
            continue
        try:
            value = float(weight)
        except ValueError:
            continue
        lines.append(ExplanationLine(linkage_wording.field_name(name, language),
                                     linkage_wording.level_name(level, language), value))
    return lines


def open_candidates(tracing_request: TracingRequest) -> list[Candidate]:
    return list(tracing_request.candidates.filter(decision=CandidateDecision.OPEN)
                .select_related("person", "record__source").order_by("rank", "id"))
