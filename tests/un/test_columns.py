"""The optional un_* columns of the records CSV (docs/interchange-extensions.md): kept verbatim by
the import in Record.raw, read from there into the case file; disagreements are reported, not
decided; bad cells are reported by source, record and column."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from click.testing import CliRunner
from tests.web.conftest import write_records_csv

from athar.cli import main
from athar.imports.services import import_records
from athar.interchange import PartialDate
from athar.registry.models import Person, Record
from athar.registry.services import link_record
from athar.un.columns import parse_steps
from athar.un.models import CaseFile
from athar.un.services import fill_case_from_records, update_case

ROWS = [
    {"source": "ngo_cases", "record_id": "C-1", "full_name": "محمد أحمد الحسن", "event_type": "arrest",
     "event_date": "2012-06", "event_place": "Damascus", "un_name_latin": "Mohammad Ahmad Al-Hasan",
     "un_forces_responsible": "Air Force Intelligence", "un_perpetrator_type": "state",
     "un_wgad_categories": "I, iii", "un_source_relation": "Brother",
     "un_steps_taken": "2012-07 | inquiry | mother | Military Police | denied holding him\n"
                       "2013 | complaint | father | Attorney General | no answer"},
    {"source": "ngo_cases_2", "record_id": "C-9", "full_name": "Mohammad Al-Hasan",
     "un_forces_responsible": "Military Intelligence", "un_source_relation": "Brother",
     "un_perpetrator_type": "army", "un_treatment": "Beaten during interrogation"},
]


def _imported_person(tmp_path: Path) -> Person:
    path = tmp_path / "cases.csv"
    write_records_csv(path, ROWS)
    import_records(path)
    person = Person.objects.create()
    for record in Record.objects.all():
        link_record(record, person, actor=None)
    return person


def test_the_import_keeps_the_columns_verbatim(db: None, tmp_path: Path) -> None:
    _imported_person(tmp_path)
    raw = Record.objects.get(record_id="C-1").raw
    assert raw["un_forces_responsible"] == "Air Force Intelligence"
    assert raw["un_steps_taken"].count("\n") == 1


def test_agreed_values_fill_empty_fields_and_disagreements_are_left(db: None, tmp_path: Path) -> None:
    person = _imported_person(tmp_path)
    report = fill_case_from_records(person, actor=None)
    case = CaseFile.objects.get(person=person)
    assert case.name_latin == "Mohammad Ahmad Al-Hasan"
    assert case.source_relation == "Brother"
    assert case.treatment == "Beaten during interrogation"
    assert case.wgad_categories == ["I", "III"]
    assert case.perpetrator_type == "state"
    assert case.forces_responsible == ""  # two records disagree: nobody decided
    assert report.conflicts == ["forces_responsible"]
    assert report.problems == ["ngo_cases_2 / C-9, column un_perpetrator_type: expected one of "
                               "non_state, state, state_affiliated, unknown"]
    assert [(s.step_type, s.taken_on) for s in case.steps.order_by("taken_on")] == [
        ("inquiry", PartialDate(2012, 7)), ("complaint", PartialDate(2013))]


def test_filling_never_overwrites_and_never_repeats_steps(db: None, tmp_path: Path) -> None:
    person = _imported_person(tmp_path)
    case = CaseFile.objects.create(person=person)
    update_case(case, values={"name_latin": "Muhammad al-Hasan"}, actor=None)
    fill_case_from_records(person, actor=None)
    report = fill_case_from_records(person, actor=None)
    case.refresh_from_db()
    assert case.name_latin == "Muhammad al-Hasan"
    assert report.steps_added == 0 and case.steps.count() == 2


def test_the_cli_reports_what_it_filled(db: None, tmp_path: Path) -> None:
    person = _imported_person(tmp_path)
    result = CliRunner(mix_stderr=False).invoke(main, ["un", "fill", person.public_id])
    assert result.exit_code == 0
    assert "2 step(s) added" in result.stdout and "forces_responsible" in result.stdout
    assert "C-9, column un_perpetrator_type" in result.stderr
    assert "Air Force" not in result.stdout + result.stderr


def test_parse_steps_names_the_line_not_the_text() -> None:
    assert parse_steps("2012 | habeas_corpus | lawyer | Court of Cassation | rejected")[0].step_type == "habeas_corpus"
    try:
        parse_steps("2012-07 | inquiry\nsummer 2012 | inquiry | mother")
    except ValueError as exc:
        assert str(exc).startswith("step on line 2:") and "mother" not in str(exc)
    else:
        raise AssertionError("a step with an unreadable date was accepted")


def test_the_page_button_fills_from_records(db: None, tmp_path: Path, client: Any) -> None:
    from tests.factories import make_user

    from athar.registry.models import Sensitivity, Source

    person = _imported_person(tmp_path)
    Source.objects.update(sensitivity=Sensitivity.INTERNAL)
    client.force_login(make_user("rima", "caseworker"))
    response = client.post(f"/un/persons/{person.public_id}/fill/", follow=True)
    assert response.status_code == 200
    assert CaseFile.objects.get(person=person).name_latin == "Mohammad Ahmad Al-Hasan"
