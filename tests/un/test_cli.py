"""`athar un check`, `athar un generate`, `athar un due` and `athar un check-config`."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from tests.un.conftest import build_case
from tests.un.documents import docx_text

from athar.cli import main
from athar.interchange import PartialDate
from athar.registry.models import Event, Person
from athar.tracing.consent import current_consent, withdraw_consent
from athar.un.services import update_case, withdraw_step


def _remove_identity(person: Person) -> None:
    update_case(person.un_case, values={"name_latin": ""}, actor=None)


def _remove_date(person: Person) -> None:
    # Only the year known: the WGEID needs at least the month.
    Event.objects.filter(person=person, event_type="arrest").update(date=PartialDate(2012))


def _remove_place(person: Person) -> None:
    Event.objects.filter(person=person, event_type="arrest").update(place_text="", place=None)


def _remove_forces(person: Person) -> None:
    update_case(person.un_case, values={"forces_responsible": ""}, actor=None)


def _remove_steps(person: Person) -> None:
    for step in person.un_case.steps.all():
        withdraw_step(step, actor=None)


def _remove_submitter(person: Person) -> None:
    update_case(person.un_case, values={"source_relation": ""}, actor=None)


REMOVALS: dict[str, Callable[[Person], None]] = {
    "identity": _remove_identity,
    "disappearance_date": _remove_date,
    "disappearance_place": _remove_place,
    "forces": _remove_forces,
    "steps": _remove_steps,
    "submitter": _remove_submitter,
}


def test_check_passes_for_the_complete_case(case_person: Person) -> None:
    result = CliRunner().invoke(main, ["un", "check", case_person.public_id, "--mechanism", "wgeid"])
    assert result.exit_code == 0, result.output
    assert f"{case_person.public_id}: ready for wgeid" in result.output
    assert "MISSING" not in result.output


@pytest.mark.parametrize("element", sorted(REMOVALS))
def test_check_fails_naming_the_one_element_removed(case_person: Person, element: str) -> None:
    REMOVALS[element](case_person)
    result = CliRunner(mix_stderr=False).invoke(main, ["un", "check", case_person.public_id, "--mechanism", "wgeid"])
    assert result.exit_code == 1
    missing_lines = [line for line in result.stdout.splitlines() if line.startswith("MISSING")]
    assert len(missing_lines) == 1 and missing_lines[0].startswith(f"MISSING {element}:")
    assert f"missing {element}" in result.stderr
    # Named in both languages, with the field that fills it.
    assert "[field: " in missing_lines[0] and any("\u0600" <= ch <= "\u06ff" for ch in missing_lines[0])


def test_check_fails_without_consent(case_person: Person) -> None:
    withdraw_consent(current_consent(case_person, "wgeid"), actor=None)
    result = CliRunner(mix_stderr=False).invoke(main, ["un", "check", case_person.public_id, "--mechanism", "wgeid"])
    assert result.exit_code == 1
    assert "missing consent" in result.stderr


def test_check_names_the_wgad_sections_missing(case_person: Person) -> None:
    result = CliRunner(mix_stderr=False).invoke(main, ["un", "check", case_person.public_id, "--mechanism", "wgad"])
    assert result.exit_code == 1
    assert "missing detention, circumstances" in result.stderr


def test_check_refuses_an_unknown_person(db: None) -> None:
    result = CliRunner(mix_stderr=False).invoke(main, ["un", "check", "P-NOPE", "--mechanism", "wgeid"])
    assert result.exit_code == 2 and "no person P-NOPE" in result.stderr


@pytest.mark.parametrize("fmt", ["docx", "pdf", "json"])
def test_generate_writes_the_requested_format(case_person: Person, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"c.{fmt}"
    result = CliRunner().invoke(main, ["un", "generate", case_person.public_id, "--mechanism", "wgeid",
                                       "--format", fmt, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "version 1" in result.output and "Hasan" not in result.output
    data = out.read_bytes()
    if fmt == "json":
        assert json.loads(data)["mechanism"] == "wgeid"
    elif fmt == "docx":
        assert "Military Intelligence Directorate" in docx_text(data)
    else:
        assert data.startswith(b"%PDF")


def test_generate_refuses_a_case_that_is_not_ready(case_person: Person, tmp_path: Path) -> None:
    _remove_forces(case_person)
    out = tmp_path / "c.pdf"
    result = CliRunner(mix_stderr=False).invoke(main, ["un", "generate", case_person.public_id, "--mechanism",
                                                       "wgeid", "--format", "pdf", "--out", str(out)])
    assert result.exit_code == 1 and "missing forces" in result.stderr
    assert not out.exists()


def test_due_lists_what_falls_due_by_person_id_only(case_person: Person) -> None:
    from athar.un.services import change_status, generate_communication, mark_sent

    communication = generate_communication(case_person, "wgeid", actor=None)
    submission = communication.submission
    mark_sent(submission, communication=communication, sent_on=datetime.date(2026, 11, 10), channel="email",
              address_used="wgeid@example.org", actor=None)
    result = CliRunner().invoke(main, ["un", "due", "--today", "2026-12-06"])
    assert result.exit_code == 0
    assert f"due     2026-12-10 {case_person.public_id} wgeid submission {submission.pk} [SENT]" in result.output
    assert "Hasan" not in result.output and "محمد" not in result.output
    result = CliRunner().invoke(main, ["un", "due", "--today", "2026-12-12"])
    assert "OVERDUE 2026-12-10" in result.output
    change_status(submission, "ACCEPTED_STANDARD_PENDING_SESSION", occurred_on=datetime.date(2026, 11, 20), actor=None)
    result = CliRunner().invoke(main, ["un", "due", "--today", "2026-12-12"])
    assert "nothing due by 2026-12-19" in result.output


def test_check_config_validates_the_file(db: None, tmp_path: Path, settings: Any) -> None:
    from athar.un.config import DEFAULT_FILE, clear_config_cache

    result = CliRunner().invoke(main, ["un", "check-config"])
    assert result.exit_code == 0 and "mechanisms file valid" in result.output
    broken = tmp_path / "m.toml"
    broken.write_text(DEFAULT_FILE.read_text(encoding="utf-8").replace(
        'OUTSTANDING = { next = ["GOV_REPLY_RECEIVED"', 'OUTSTANDING = { next = ["GOV_REPLIED"'), encoding="utf-8")
    settings.UN_MECHANISMS_FILE = str(broken)
    clear_config_cache()
    result = CliRunner(mix_stderr=False).invoke(main, ["un", "check-config"])
    assert result.exit_code == 1
    assert "wgeid: status OUTSTANDING leads to unknown status GOV_REPLIED" in result.stderr


def test_build_case_without_consent_is_not_ready(db: None) -> None:
    person = build_case(consent=False)
    result = CliRunner().invoke(main, ["un", "check", person.public_id, "--mechanism", "srt"])
    assert result.exit_code == 1


def test_due_lists_open_submissions_whose_consent_was_withdrawn(case_person: Person) -> None:
    from athar.un.services import generate_communication, mark_sent

    communication = generate_communication(case_person, "wgeid", actor=None)
    mark_sent(communication.submission, communication=communication, sent_on=datetime.date(2026, 11, 10),
              channel="email", address_used="wgeid@example.org", actor=None)
    assert "CONSENT" not in CliRunner().invoke(main, ["un", "due", "--today", "2026-11-11"]).output
    withdraw_consent(current_consent(case_person, "wgeid"), actor=None)
    output = CliRunner().invoke(main, ["un", "due", "--today", "2026-11-11"]).output
    assert f"CONSENT {case_person.public_id} wgeid submission {communication.submission.pk} [SENT]" in output


def test_verify_files_names_a_missing_or_changed_file(case_person: Person, settings: Any) -> None:
    from athar.un.services import generate_communication

    communication = generate_communication(case_person, "wgeid", actor=None)
    result = CliRunner().invoke(main, ["un", "verify-files"])
    assert result.exit_code == 0 and "3 of 3 stored files intact" in result.output
    pdf = communication.files.get(format="pdf")
    (Path(settings.DATA_DIR) / pdf.path).unlink()
    docx = communication.files.get(format="docx")
    (Path(settings.DATA_DIR) / docx.path).write_bytes(b"not the file")
    result = CliRunner(mix_stderr=False).invoke(main, ["un", "verify-files"])
    assert result.exit_code == 1
    assert f"communication {communication.pk} pdf: missing" in result.stderr
    assert f"communication {communication.pk} docx: InvalidToken" in result.stderr
    assert "1 of 3 stored files intact" in result.stdout
