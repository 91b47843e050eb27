"""Every write of the review: a judgement on a pair, and its undo. Atomic and audited; the actor's
capability (REVIEW_MATCHES) and sight of both records are checked before the transaction opens, so
a refusal's audit row is kept.

What a judgement does to the registry (kept in `Judgement.effects`, ids only, for the undo). It acts
on what the judgement is about (the two records of the pair) and on what the reviewer may read:
- positive: the two records get human links to one person (the left record's; else the right's;
  else a new one), which later linker runs never move. The other records of the right record's
  person that the reviewer may read follow it, each keeping its own kind of link (a linker's link
  stays a linker's link: the reviewer judged the pair, not them). Records the reviewer may not read
  stay where they are; a person left without records is retired and points at the other.
- negative: if one person holds both records, one of them moves to a new person by a human link:
  the one a human did not place there (the right record when both or neither were), so that no
  earlier human judgement is overruled; either way the pair is a cannot-link for every later run.
- unsure: nothing moves.
An undo (or a new judgement on the same pair) ends the judgement and puts each record it moved
back on its earlier person with its earlier kind of link (method, probability, run, who), unless
something has moved that record since (then it stays, and the count says so). Nothing is deleted.

Limits: a "same person" judgement by a reviewer who may not read every record of the right
record's person leaves those records on it (the next `athar resolve`, which sees everything,
settles them with the judgement as a must-link); the other records of a split person stay where
the linker put them until the next run re-clusters them around the new cannot-link."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from athar.accounts.permissions import check_capability
from athar.accounts.roles import Capability
from athar.audit.models import Action, Outcome
from athar.audit.services import record_event
from athar.registry.access import visible_records
from athar.registry.models import Event, FateClaim, LinkMethod, Person, PersonRecordLink, Record
from athar.registry.services import refresh_display_names
from athar.review.models import CandidatePair, EndReason, Judgement, Verdict

MAX_REASON_LENGTH = 2000


class PairNotVisible(Http404):
    """One of the pair's records is in a source the actor may not read: to them the pair does not
    exist (404, as for a person they may not see)."""


class ReviewConflict(Exception):
    """The request does not fit the pair's state (e.g. undoing a judgement already ended). The
    message is a fixed sentence with ids at most."""

    code = "review_conflict"


@dataclass(frozen=True)
class UndoReport:
    """Counts only."""

    judgement: int
    restored: int
    kept_moved_since: int


def _user_or_none(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def can_see_pair(actor: Any, pair: CandidatePair) -> bool:
    return visible_records(actor).filter(pk__in=[pair.left_id, pair.right_id]).count() == 2


def _check(actor: Any, pair: CandidatePair, request: Any) -> None:
    check_capability(actor, Capability.REVIEW_MATCHES, request=request, target_type="review_pair",
                     target_id=pair.pk)
    if not can_see_pair(actor, pair):
        record_event(actor=actor, action=Action.REVIEW, outcome=Outcome.DENIED, request=request,
                     target_type="review_pair", target_id=pair.pk, details={"reason": "record_not_visible"})
        raise PairNotVisible("no such pair")


def _relink(record: Record, person_id: int | None, *, method: str, actor: Any = None,
            probability: float | None = None, run_id: str = "") -> int | None:
    """End the record's open link and open one to `person_id` (None: unlinked); keep the record's
    events and fate claims with it. Returns the new link's id."""
    now = timezone.now()
    PersonRecordLink.objects.filter(record_id=record.pk, ended_at__isnull=True).update(ended_at=now)
    link_id = None
    if person_id is not None:
        link_id = PersonRecordLink.objects.create(
            record_id=record.pk, person_id=person_id, method=method, match_probability=probability,
            run_id=run_id, actor=_user_or_none(actor) if method == LinkMethod.HUMAN else None).pk
        Person.objects.filter(pk=person_id).update(retired_at=None, merged_into=None)
    Record.objects.filter(pk=record.pk).update(person_id=person_id)
    Event.objects.filter(record_id=record.pk).update(person_id=person_id)
    FateClaim.objects.filter(record_id=record.pk).update(person_id=person_id)
    record.person_id = person_id
    return link_id


def _move(record: Record, to_person: int, *, actor: Any, keep_kind: bool = False) -> dict[str, Any]:
    """Link `record` to `to_person`, by a human judgement or (`keep_kind`: a record following the
    pair's record) with the kind of link it had; return the move as an effect."""
    link = PersonRecordLink.objects.filter(record_id=record.pk, ended_at__isnull=True).first()
    effect = {"record": record.pk, "from_person": record.person_id, "to_person": to_person,
              "from_method": link.method if link else "", "from_probability": link.match_probability if link else None,
              "from_run": link.run_id if link else "", "from_actor": link.actor_id if link else None}
    if keep_kind and link is not None:
        effect["link"] = _relink(record, to_person, method=link.method, probability=link.match_probability,
                                 run_id=link.run_id, actor=link.actor)
    else:
        effect["link"] = _relink(record, to_person, method=LinkMethod.HUMAN, actor=actor)
    return effect


def _human_placed(record: Record) -> bool:
    return PersonRecordLink.objects.filter(record_id=record.pk, ended_at__isnull=True,
                                           method=LinkMethod.HUMAN).exists()


def _retire_emptied(person_ids: set[int], *, towards: Counter[tuple[int, int]]) -> list[int]:
    """Retire the persons of `person_ids` left without records, each pointing at the person that
    received most of its records (`towards[(from, to)]` counts moves)."""
    now = timezone.now()
    retired = []
    for pk in sorted(person_ids):
        if Record.objects.filter(person_id=pk).exists():
            continue
        targets = [(n, to) for (frm, to), n in towards.items() if frm == pk]
        into = max(targets)[1] if targets else None
        Person.objects.filter(pk=pk).update(retired_at=now, merged_into_id=into)
        retired.append(pk)
    return retired


def _merge(left: Record, right: Record, *, actor: Any) -> dict[str, Any]:
    if left.person_id is not None:
        target = left.person_id
    elif right.person_id is not None:
        target = right.person_id
    else:
        target = Person.objects.create().pk
    persons = {p for p in (left.person_id, right.person_id) if p is not None}
    moves = []
    # The judgement's own records: pinned to the target by a human link (unless they already are).
    for record in sorted((left, right), key=lambda r: r.pk):
        if record.person_id != target or not _human_placed(record):
            moves.append(_move(record, target, actor=actor))
    # The rest of the other person, as far as the reviewer may read it, follows with its own links.
    followers = (visible_records(actor).filter(person_id__in=persons - {target})
                 .exclude(pk__in=[left.pk, right.pk]).order_by("pk"))
    moves += [_move(record, target, actor=actor, keep_kind=True) for record in followers]
    towards = Counter((m["from_person"], m["to_person"]) for m in moves if m["from_person"] is not None)
    retired = _retire_emptied(persons - {target}, towards=towards)
    refresh_display_names(persons | {target})
    return {"moves": moves, "target": target, "retired": retired}


def _split(left: Record, right: Record, *, actor: Any) -> dict[str, Any]:
    if left.person_id is None or left.person_id != right.person_id:
        return {"moves": []}
    # Move the record a human did not place; when both or neither were, the right one.
    leaving = left if _human_placed(right) and not _human_placed(left) else right
    person = left.person_id
    new_person = Person.objects.create()
    moves = [_move(leaving, new_person.pk, actor=actor)]
    refresh_display_names({person, new_person.pk})
    return {"moves": moves, "new_person": new_person.pk}


def _revert(judgement: Judgement, *, actor: Any, end_reason: str, request: Any) -> UndoReport:
    """Put back what `judgement` moved (where nothing moved the records since); end it."""
    moves = judgement.effects.get("moves", [])
    restored = kept = 0
    touched: set[int] = set()
    towards: Counter[tuple[int, int]] = Counter()
    for move in reversed(moves):
        record = Record.objects.filter(pk=move["record"]).first()
        current = PersonRecordLink.objects.filter(record_id=move["record"], ended_at__isnull=True).first()
        if record is None or current is None or current.pk != move["link"]:
            kept += 1  # a later judgement or run moved it: that decision stands
            continue
        method = move["from_method"] or LinkMethod.LINKER
        actor_then = move.get("from_actor")
        _relink(record, move["from_person"], method=method, probability=move["from_probability"],
                run_id=move["from_run"], actor=_user_by_id(actor_then) if method == LinkMethod.HUMAN else None)
        restored += 1
        touched.update(p for p in (move["from_person"], move["to_person"]) if p is not None)
        if move["from_person"] is not None:
            towards[(move["to_person"], move["from_person"])] += 1
    emptied = {m["to_person"] for m in moves}
    _retire_emptied(emptied, towards=towards)
    if touched:
        refresh_display_names(touched)
    judgement.ended_at = timezone.now()
    judgement.ended_by = _user_or_none(actor)
    judgement.end_reason = end_reason
    judgement.save(update_fields=["ended_at", "ended_by", "end_reason"])
    if restored:
        # Undoing a merge splits the person again; undoing a split merges the records back.
        action = Action.SPLIT if judgement.verdict == Verdict.POSITIVE else Action.MERGE
        record_event(actor=actor, action=action, request=request, target_type="review_judgement",
                     target_id=judgement.pk, details={"undo": True, "records": [m["record"] for m in moves][:50],
                                                      "restored": restored, "kept_moved_since": kept})
    return UndoReport(judgement=judgement.pk, restored=restored, kept_moved_since=kept)


def _user_by_id(pk: int | None) -> Any:
    if pk is None:
        return None
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(pk=pk).first()


def _public_ids(person_ids: Any) -> list[str]:
    return list(Person.objects.filter(pk__in=list(person_ids)).order_by("public_id")
                .values_list("public_id", flat=True))


def decide(pair: CandidatePair, verdict: str, *, actor: Any, reason: str = "", request: Any = None) -> Judgement:
    """Record `actor`'s judgement on `pair` and apply it to the registry (module docstring). A pair
    with an open judgement has it ended (superseded) and undone first."""
    verdict = Verdict(verdict)
    reason = (reason or "").strip()[:MAX_REASON_LENGTH]
    _check(actor, pair, request)
    with transaction.atomic():
        pair = CandidatePair.objects.select_for_update().get(pk=pair.pk)
        previous = pair.judgements.filter(ended_at__isnull=True).first()
        if previous is not None:
            _revert(previous, actor=actor, end_reason=EndReason.SUPERSEDED, request=request)
        left = Record.objects.get(pk=pair.left_id)
        right = Record.objects.get(pk=pair.right_id)
        persons_before = {p for p in (left.person_id, right.person_id) if p is not None}
        if verdict == Verdict.POSITIVE:
            effects = _merge(left, right, actor=actor)
        elif verdict == Verdict.NEGATIVE:
            effects = _split(left, right, actor=actor)
        else:
            effects = {"moves": []}
        judgement = Judgement.objects.create(pair=pair, verdict=verdict, reason=reason,
                                             actor=_user_or_none(actor), effects=effects)
        moved = [m["record"] for m in effects["moves"]]
        record_event(actor=actor, action=Action.REVIEW, request=request, target_type="review_pair",
                     target_id=pair.pk, details={"judgement": judgement.pk, "verdict": str(verdict),
                                                 "replaces": previous.pk if previous else None,
                                                 "records_moved": len(moved), "has_reason": bool(reason)})
        if verdict == Verdict.POSITIVE and len(persons_before) > 1:
            record_event(actor=actor, action=Action.MERGE, request=request, target_type="person",
                         target_id=_public_ids([effects["target"]])[0],
                         details={"merged": _public_ids(persons_before - {effects["target"]}),
                                  "records": moved[:50], "judgement": judgement.pk})
        if verdict == Verdict.NEGATIVE and moved:
            record_event(actor=actor, action=Action.SPLIT, request=request, target_type="person",
                         target_id=_public_ids(persons_before)[0],
                         details={"new_person": _public_ids([effects["new_person"]])[0], "records": moved,
                                  "judgement": judgement.pk})
        return judgement


def undo(judgement: Judgement, *, actor: Any, request: Any = None) -> UndoReport:
    """End an open judgement and put back what it moved; the pair returns to the queue."""
    _check(actor, judgement.pair, request)
    with transaction.atomic():
        judgement = Judgement.objects.select_for_update().get(pk=judgement.pk)
        if judgement.ended_at is not None:
            raise ReviewConflict(f"judgement {judgement.pk} has already been ended")
        report = _revert(judgement, actor=actor, end_reason=EndReason.UNDONE, request=request)
        record_event(actor=actor, action=Action.REVIEW, request=request, target_type="review_pair",
                     target_id=judgement.pair_id, details={"undone": judgement.pk, "restored": report.restored,
                                                           "kept_moved_since": report.kept_moved_since})
        return report
