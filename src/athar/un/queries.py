"""Reads shared by the pages, the API and the CLI. Nothing here writes.

- `case_of(person)`: the person's case file, or an unsaved empty one (a case with nothing entered yet).
- `assess(person, mechanism, *, actor)`: the case facts and the mechanism's readiness.
- `due_items(today, within_days)`: what is due (or overdue) across open submissions, from the
  deadline rules of mechanisms.toml."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from typing import Any

from athar.registry.models import Person
from athar.un import config
from athar.un.facts import CaseFacts, case_facts
from athar.un.models import CaseFile, Submission
from athar.un.readiness import Readiness, readiness


def case_of(person: Person) -> CaseFile:
    existing = CaseFile.objects.filter(person=person).first()
    return existing if existing is not None else CaseFile(person=person)


def assess(person: Person, mechanism: str, *, actor: Any) -> tuple[CaseFacts, Readiness]:
    facts = case_facts(person, case_of(person), actor=actor)
    return facts, readiness(facts, mechanism)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Calendar months (31 August + 6 months = 28/29 February), as the UN counts them."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class DueItem:
    submission: Submission
    rule: str
    due_on: datetime.date
    label_en: str
    label_ar: str
    is_unverified: bool
    is_overdue: bool


def deadlines_of(submission: Submission, today: datetime.date) -> list[DueItem]:
    """Every deadline rule that applies to the submission in its current status."""
    items = []
    for rule in config.load_config().get("deadlines", []):
        if rule["mechanism"] not in ("*", submission.mechanism) or submission.status not in rule["statuses"]:
            continue
        if rule.get("unless") and getattr(submission, rule["unless"]):
            continue
        if "field" in rule:
            due = getattr(submission, rule["field"])
        else:
            start = getattr(submission, rule["from"])
            if start is None:
                continue
            due = add_months(start, rule["months"]) if "months" in rule else start + datetime.timedelta(days=rule["days"])
        if due is None:
            continue
        items.append(DueItem(submission=submission, rule=rule["id"], due_on=due, label_en=rule["en"],
                             label_ar=rule["ar"], is_unverified=bool(rule.get("unverified")),
                             is_overdue=due < today))
    return items


def due_items(today: datetime.date, within_days: int = 7, persons: Any = None) -> list[DueItem]:
    """Deadlines falling on or before today + within_days (overdue ones included), soonest first.
    `persons` (a queryset) limits them to the persons a user may see."""
    horizon = today + datetime.timedelta(days=within_days)
    submissions = Submission.objects.select_related("person").exclude(status__in=["DRAFT", "READY"])
    if persons is not None:
        submissions = submissions.filter(person__in=persons)
    items = [item for s in submissions for item in deadlines_of(s, today) if item.due_on <= horizon]
    return sorted(items, key=lambda i: (i.due_on, i.submission.pk, i.rule))


def without_consent(persons: Any = None) -> list[Submission]:
    """Sent, still-open submissions whose family consent is no longer in force: the mechanism must be
    told (un-procedures.md §7.5). Read without auditing: nothing leaves the organisation here."""
    from athar.tracing.consent import current_consent

    submissions = (Submission.objects.select_related("person").filter(closed_on__isnull=True)
                   .exclude(status__in=["DRAFT", "READY"]))
    if persons is not None:
        submissions = submissions.filter(person__in=persons)
    result = []
    for submission in submissions.order_by("id"):
        consent = current_consent(submission.person, submission.mechanism)
        if consent is None or not consent.is_granted:
            result.append(submission)
    return result


@dataclass(frozen=True)
class Urgency:
    """Whether the WGEID's urgent procedure is still open for the case, and until when."""

    is_open: bool
    cutoff: datetime.date
    needs_review: bool  # the date's precision leaves the answer open: a person checks


def wgeid_urgency(facts: CaseFacts, today: datetime.date) -> Urgency | None:
    """None when the disappearance date is unknown. The cut-off is counted from the earliest day the
    partial date allows (the worst case); when the latest day would still be in time, the case is
    flagged for review rather than decided."""
    months = config.mechanism("wgeid").get("urgent_within_months")
    event = facts.disappearance
    if not months or event is None or event.date is None:
        return None
    cutoff = add_months(event.date.earliest(), int(months))
    latest_cutoff = add_months(event.date.latest(), int(months))
    return Urgency(is_open=today <= cutoff, cutoff=cutoff, needs_review=cutoff < today <= latest_cutoff)
