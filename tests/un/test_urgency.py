"""The WGEID's urgent procedure (un-procedures.md §2.4): open while the disappearance is within three
calendar months, counted from the earliest day a partial date allows; an imprecise date that might
still be in time is flagged for a person to check."""

from __future__ import annotations

import datetime

from click.testing import CliRunner
from django.utils import timezone

from athar.cli import main
from athar.interchange import PartialDate
from athar.registry.models import Event, Person
from athar.un.queries import assess, wgeid_urgency

D = datetime.date


def _set_date(person: Person, date: PartialDate) -> None:
    Event.objects.filter(person=person, event_type="arrest").update(date=date)


def test_a_recent_day_is_urgent_until_three_months_later(case_person: Person) -> None:
    _set_date(case_person, PartialDate(2026, 10, 20))
    facts, _ = assess(case_person, "wgeid", actor=None)
    urgency = wgeid_urgency(facts, D(2026, 12, 6))
    assert (urgency.is_open, urgency.cutoff, urgency.needs_review) == (True, D(2027, 1, 20), False)
    assert not wgeid_urgency(facts, D(2027, 1, 21)).is_open


def test_a_month_is_counted_from_its_first_day_and_flagged_when_undecidable(case_person: Person) -> None:
    _set_date(case_person, PartialDate(2026, 9))
    facts, _ = assess(case_person, "wgeid", actor=None)
    urgency = wgeid_urgency(facts, D(2026, 12, 15))
    assert (urgency.is_open, urgency.cutoff, urgency.needs_review) == (False, D(2026, 12, 1), True)


def test_an_old_case_is_not_urgent(case_person: Person) -> None:
    facts, _ = assess(case_person, "wgeid", actor=None)
    urgency = wgeid_urgency(facts, D(2026, 12, 6))
    assert (urgency.is_open, urgency.needs_review) == (False, False)


def test_the_check_command_and_the_case_page_say_so(case_person: Person, client) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import make_user

    today = timezone.localdate()
    _set_date(case_person, PartialDate(today.year, today.month, today.day))
    result = CliRunner().invoke(main, ["un", "check", case_person.public_id, "--mechanism", "wgeid"])
    assert result.exit_code == 0 and result.output.startswith("URGENT  the WGEID's urgent procedure is open until")
    client.force_login(make_user("rima", "caseworker"))
    assert 'id="urgency"' in client.get(f"/un/persons/{case_person.public_id}/").content.decode()
