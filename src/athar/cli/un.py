"""`athar un`: UN communications from the command line (readiness, generation, what is due).

Output names persons by public id only, never by name: it may end up in a terminal log."""

from __future__ import annotations

import datetime
from pathlib import Path

import click

from athar.cli.django_setup import setup_django
from athar.cli.errors import fail

MECHANISMS = click.Choice(["wgeid", "wgad", "srt"])


@click.group("un")
def command() -> None:
    """UN communications (WGEID, WGAD, SR Torture): readiness, generation, deadlines."""


def _person(public_id: str):  # type: ignore[no-untyped-def]
    from athar.registry.queries import find_person

    person = find_person(public_id)
    if person is None:
        fail(f"no person {public_id}")
    return person


@command.command("check")
@click.argument("person_id")
@click.option("--mechanism", type=MECHANISMS, required=True)
def check(person_id: str, mechanism: str) -> None:
    """Print which required elements the case has and which are missing (exit 1 when not ready)."""
    setup_django()
    from django.utils import timezone

    from athar.un.queries import assess, wgeid_urgency

    person = _person(person_id)
    facts, ready = assess(person, mechanism, actor=None)
    urgency = wgeid_urgency(facts, timezone.localdate()) if mechanism == "wgeid" else None
    if urgency is not None and urgency.is_open:
        click.echo(f"URGENT  the WGEID's urgent procedure is open until {urgency.cutoff} (unverified rule)")
    elif urgency is not None and urgency.needs_review:
        click.echo(f"CHECK   the date is too imprecise to tell whether the urgent procedure is open "
                   f"(cut-off {urgency.cutoff} at the earliest)")
    for item in ready.items:
        mark = "ok     " if item.is_met else "MISSING"
        unverified = " (unverified rule)" if item.is_unverified else ""
        click.echo(f"{mark} {item.element}: {item.label_en}{unverified} / {item.label_ar} [field: {item.field}]")
    click.echo(f"{'ok     ' if ready.consent_granted else 'MISSING'} consent: the family's consent for "
               f"{mechanism} / موافقة العائلة")
    if ready.is_ready:
        click.echo(f"{person.public_id}: ready for {mechanism}")
        return
    missing = [i.element for i in ready.missing] + ([] if ready.consent_granted else ["consent"])
    click.echo(f"athar: {person.public_id} is not ready for {mechanism}: missing {', '.join(missing)}", err=True)
    raise SystemExit(1)


@command.command("generate")
@click.argument("person_id")
@click.option("--mechanism", type=MECHANISMS, required=True)
@click.option("--format", "fmt", type=click.Choice(["docx", "pdf", "json"]), required=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--language", type=click.Choice(["en", "fr"]), default="en", show_default=True)
@click.option("--arabic-summary", is_flag=True, help="Append the case's Arabic summary.")
def generate(person_id: str, mechanism: str, fmt: str, out: Path, language: str, arabic_summary: bool) -> None:
    """Generate a new version of the communication (all formats are stored, encrypted) and write FORMAT to OUT."""
    setup_django()
    from athar.un.errors import SubmissionError
    from athar.un.services import file_of, generate_communication

    person = _person(person_id)
    try:
        communication = generate_communication(person, mechanism, language=language,
                                               with_arabic_summary=arabic_summary, actor=None)
    except SubmissionError as exc:
        click.echo(f"athar: error: {exc}", err=True)
        raise SystemExit(1) from None
    data, stored = file_of(communication, fmt)
    out.write_bytes(data)
    out.chmod(0o600)
    click.echo(f"{person.public_id}: {mechanism} communication version {communication.version} "
               f"({fmt}, {stored.size} bytes, sha256 {stored.sha256}) written to {out.name}")


@command.command("fill")
@click.argument("person_id")
def fill(person_id: str) -> None:
    """Fill the case file's empty fields from the un_* columns of the person's records."""
    setup_django()
    from athar.un.services import fill_case_from_records

    person = _person(person_id)
    report = fill_case_from_records(person, actor=None)
    click.echo(f"{person.public_id}: filled {', '.join(report.filled) or 'nothing'}; "
               f"{report.steps_added} step(s) added")
    if report.conflicts:
        click.echo(f"records disagree on (left for a person to decide): {', '.join(sorted(report.conflicts))}")
    for problem in report.problems:
        click.echo(f"athar: {problem}", err=True)


@command.command("due")
@click.option("--days", type=click.IntRange(0, 366), default=7, show_default=True,
              help="Show what falls due within this many days (overdue items always show).")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Count from this day instead of today.")
def due(days: int, today: datetime.datetime | None) -> None:
    """Deadlines and reminders of open submissions (exit 0 even when some are overdue)."""
    setup_django()
    from django.utils import timezone

    from athar.un.queries import due_items, without_consent

    day = today.date() if today else timezone.localdate()
    for s in without_consent():
        click.echo(f"CONSENT {s.person.public_id} {s.mechanism} submission {s.pk} [{s.status}] "
                   "consent no longer in force: tell the mechanism")
    items = due_items(day, days)
    if not items:
        click.echo(f"nothing due by {day + datetime.timedelta(days=days)}")
        return
    for item in items:
        flag = "OVERDUE" if item.is_overdue else "due    "
        unverified = " (unverified rule)" if item.is_unverified else ""
        s = item.submission
        click.echo(f"{flag} {item.due_on} {s.person.public_id} {s.mechanism} submission {s.pk} [{s.status}] "
                   f"{item.label_en}{unverified}")


@command.command("verify-files")
def verify_files() -> None:
    """Check that every stored communication and letter scan is present under the data directory and
    matches its recorded SHA-256 (after a restore, or a disk problem). Exit 1 naming the bad ones by id."""
    setup_django()
    from athar.un import storage
    from athar.un.models import CommunicationFile, Correspondence

    stored = [(f"communication {f.communication_id} {f.format}", f.path, f.sha256)
              for f in CommunicationFile.objects.order_by("id")]
    stored += [(f"letter {c.pk}", c.file_path, c.file_sha256)
               for c in Correspondence.objects.exclude(file_path="").order_by("id")]
    bad = []
    for label, path, sha256 in stored:
        try:
            storage.load(path, sha256=sha256)
        except FileNotFoundError:
            bad.append(f"{label}: missing")
        except Exception as exc:  # a wrong key (InvalidToken) or a changed file
            bad.append(f"{label}: {type(exc).__name__}")
    for line in bad:
        click.echo(f"athar: {line}", err=True)
    click.echo(f"{len(stored) - len(bad)} of {len(stored)} stored files intact")
    if bad:
        raise SystemExit(1)


@command.command("check-config")
def check_config() -> None:
    """Validate the mechanisms file (ATHAR_UN_MECHANISMS_CONFIG or the packaged one)."""
    setup_django()
    from athar.un.config import ConfigError, config_path, load_config

    try:
        load_config()
    except ConfigError as exc:
        fail(exc, status=1)
    click.echo(f"mechanisms file valid: {config_path().name}")
