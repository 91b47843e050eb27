"""Reads of the review shared by the pages, the API and the person page: which pairs a user may
see (both records readable), the queue in the order a reviewer should take it, and the persons a
person may also be."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, F, FloatField, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Abs

from athar.registry.access import visible_records
from athar.registry.models import Person, Record
from athar.registry.services import derive_display_name
from athar.review.models import CandidatePair, Judgement, Verdict


class QueueState:
    PENDING = "pending"  # no open judgement
    UNSURE = "unsure"
    DECIDED = "decided"  # an open positive or negative judgement
    ALL = "all"
    CHOICES = (PENDING, UNSURE, DECIDED, ALL)


def visible_pairs(user: Any) -> QuerySet[CandidatePair]:
    """Pairs both of whose records `user` may read: a pair with one hidden record is not shown at all
    (its other record, its score and its explanation would say something about the hidden one)."""
    records = visible_records(user)
    return CandidatePair.objects.filter(left__in=records, right__in=records)


def queue(user: Any, state: str = QueueState.PENDING) -> QuerySet[CandidatePair]:
    """The current pairs in `state`, most uncertain first (a probability nearest 0.5 teaches the
    linker most, and is where a person's eye matters most); thin records that fit several persons
    before the rest at equal uncertainty."""
    open_judgements = Judgement.objects.filter(pair=OuterRef("pk"), ended_at__isnull=True)
    pairs = visible_pairs(user).filter(is_current=True)
    if state == QueueState.PENDING:
        pairs = pairs.filter(~Exists(open_judgements))
    elif state == QueueState.UNSURE:
        pairs = pairs.filter(Exists(open_judgements.filter(verdict=Verdict.UNSURE)))
    elif state == QueueState.DECIDED:
        pairs = pairs.filter(Exists(open_judgements.exclude(verdict=Verdict.UNSURE)))
    uncertainty = Abs(F("match_probability") - Value(0.5, output_field=FloatField()))
    return pairs.annotate(uncertainty=uncertainty).order_by("uncertainty", "kind", "id") \
        .select_related("left__source", "right__source")


def open_judgement(pair: CandidatePair) -> Judgement | None:
    return pair.judgements.filter(ended_at__isnull=True).select_related("actor").first()


def next_pending(user: Any, after: CandidatePair | None = None) -> CandidatePair | None:
    """The first pending pair, other than `after`."""
    pairs = queue(user)
    if after is not None:
        pairs = pairs.exclude(pk=after.pk)
    return pairs.first()


@dataclass(frozen=True)
class MayAlsoBe:
    person: Person
    name: str  # from the records the user may read only
    pair: CandidatePair
    probability: float


def may_also_be(user: Any, person: Person) -> list[MayAlsoBe]:
    """Other persons this one may be: current pairs not judged positive or negative that join one
    of the person's records to a record of another person, both readable by `user`. One line per
    other person, its most likely pair."""
    records = visible_records(user)
    mine = records.filter(person=person)
    settled = Judgement.objects.filter(pair=OuterRef("pk"), ended_at__isnull=True).exclude(verdict=Verdict.UNSURE)
    pairs = (visible_pairs(user).filter(is_current=True).filter(~Exists(settled))
             .filter(Q(left__in=mine) | Q(right__in=mine)).select_related("left", "right")
             .order_by("-match_probability", "id"))
    best: dict[int, CandidatePair] = {}
    for pair in pairs:
        other = pair.right if pair.left.person_id == person.pk else pair.left
        other_person = other.person_id
        if other_person is None or other_person == person.pk:
            continue
        best.setdefault(other_person, pair)
    if not best:
        return []
    persons = {p.pk: p for p in Person.objects.filter(pk__in=best)}
    names: dict[int, list[str]] = {}
    for record in records.filter(person_id__in=best):
        if record.person_id is not None:
            names.setdefault(record.person_id, []).append(record.name_as_written)
    return [MayAlsoBe(person=persons[pk], name=derive_display_name(names.get(pk, [])), pair=pair,
                      probability=pair.match_probability) for pk, pair in best.items()]


@dataclass(frozen=True)
class Rival:
    """Another current pair of one of a pair's records: the record it joins instead."""

    pair: CandidatePair
    other: Record
    verdict: str  # the open judgement's verdict, or "" when none


@dataclass(frozen=True)
class Rivals:
    """The other current pairs of one of a pair's two records, most likely first."""

    record: Record
    pairs: list[Rival]


RIVALS_SHOWN = 10


def rivals(user: Any, pair: CandidatePair) -> list[Rivals]:
    """For each record of `pair` that is in other current pairs `user` may read, those pairs, most
    likely first (at most `RIVALS_SHOWN`): a thin record's other candidate persons, or the other
    thin records a person's record may be. Whether this pair is the record's best fit is what a
    reviewer needs to know before saying "same person"."""
    out = []
    for record in (pair.left, pair.right):
        others = (visible_pairs(user).filter(is_current=True).exclude(pk=pair.pk)
                  .filter(Q(left=record) | Q(right=record))
                  .select_related("left__source", "right__source")
                  .order_by("-match_probability", "id")[:RIVALS_SHOWN])
        found = list(others)
        if not found:
            continue
        verdicts = dict(Judgement.objects.filter(pair__in=found, ended_at__isnull=True)
                        .values_list("pair_id", "verdict"))
        out.append(Rivals(record=record, pairs=[
            Rival(pair=p, other=p.right if p.left_id == record.pk else p.left, verdict=verdicts.get(p.pk, "")) for p in found]))
    return out


def record_for_display(record: Record) -> dict[str, Any]:
    """A record as the review shows it: every value as the source wrote it, with its source."""
    return {
        "id": record.pk,
        "source": record.source.name,
        "record_id": record.record_id,
        "person": record.person.public_id if record.person is not None else None,
        "name": record.name_as_written,
        "fields": {name: getattr(record, name) for name in (
            "first_name", "father_name", "grandfather_name", "family_name", "mother_name", "mother_family_name",
            "sex", "national_id", "birth_place", "governorate", "event_type", "event_place")
            if getattr(record, name)},
        "birth_date": str(record.birth_date) if record.birth_date else "",
        "age": record.age,
        "event_date": str(record.event_date) if record.event_date else "",
        "raw": {k: v for k, v in (record.raw or {}).items() if v not in ("", None)},
    }
