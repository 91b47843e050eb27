"""Resolving the registry's records into persons with the linker (athar.registry.linking)."""

from __future__ import annotations

import csv
import json

import pytest
from click.testing import CliRunner
from django.contrib.auth import get_user_model
from tests.factories import make_record, make_source

from athar.cli import main
from athar.errors import AtharError
from athar.registry.linking import export_records_csv, link_registry
from athar.registry.models import Person, Record
from athar.registry.services import link_record

pytestmark = pytest.mark.django_db


def make_two_people() -> None:
    family, ngo = make_source("family_reports"), make_source("ngo_list")
    for record_id, source, names in [
        ("F-1", family, {"first_name": "محمد", "father_name": "أحمد", "grandfather_name": "خليل",
                         "family_name": "الحسن", "mother_name": "فاطمة"}),
        ("N-1", ngo, {"first_name": "Mohammad", "father_name": "Ahmad", "grandfather_name": "Khalil",
                      "family_name": "Al-Hasan", "mother_name": "Fatima"}),
        ("F-2", family, {"first_name": "ياسر", "father_name": "عمر", "grandfather_name": "سليم",
                         "family_name": "الشامي", "mother_name": "رنا"}),
    ]:
        make_record(record_id, source=source, sex="M", national_id="" if record_id != "F-2" else "0101",
                    event_type="arrest", event_date="2012-06", event_place="Saydnaya", **names)


def test_it_exports_every_record_with_its_parsed_fields(tmp_path):
    make_two_people()
    path = tmp_path / "records.csv"
    assert export_records_csv(path) == 3
    with path.open(encoding="utf-8") as handle:
        rows = {r["record_id"]: r for r in csv.DictReader(handle)}
    assert rows["F-1"]["source"] == "family_reports"
    assert rows["F-1"]["first_name"] == "محمد"
    assert rows["N-1"]["event_date"] == "2012-06"


def test_it_resolves_the_same_man_across_scripts_into_one_person(tmp_path):
    make_two_people()
    report = link_registry(tmp_path / "run", run_id="t1")
    arabic, latin, other = (Record.objects.get(record_id=r) for r in ("F-1", "N-1", "F-2"))
    assert arabic.person_id is not None
    assert arabic.person_id == latin.person_id
    assert other.person_id not in (None, arabic.person_id)
    assert report.n_records == 3
    assert report.clusters.persons_created == 2


def test_it_keeps_person_ids_and_human_judgements_on_a_second_run(tmp_path):
    make_two_people()
    link_registry(tmp_path / "run1", run_id="t1")
    before = dict(Record.objects.values_list("record_id", "person__public_id"))
    other = Record.objects.get(record_id="F-2")
    user = get_user_model().objects.create(username="omar")
    link_record(other, Person.objects.get(public_id=before["F-1"]), actor=user)

    report = link_registry(tmp_path / "run2", run_id="t2")

    after = dict(Record.objects.values_list("record_id", "person__public_id"))
    assert after["F-1"] == before["F-1"] and after["N-1"] == before["N-1"]
    assert after["F-2"] == before["F-1"], "a person's judgement is never overruled by the linker"
    assert report.clusters.records_held_by_human == 1


def test_the_resolve_command_prints_counts_only(tmp_path, settings):
    settings.DATA_DIR = tmp_path
    settings.KEEP_LINKAGE_RUNS = 1  # by default the run's working files are removed (tests/cli/test_resolve.py)
    make_two_people()
    result = CliRunner().invoke(main, ["resolve"])
    assert result.exit_code == 0, result.output
    assert "3 records" in result.output
    assert "2 created" in result.output
    assert "محمد" not in result.output and "Mohammad" not in result.output
    [run_dir] = (tmp_path / "linkage").iterdir()
    assert run_dir.stat().st_mode & 0o077 == 0, "working files hold personal data: private directory"


def _with_raw_column(record_id: str, header: str, value: str) -> None:
    record = Record.objects.get(record_id=record_id)
    record.raw = {**record.raw, header: value}
    record.save(update_fields=["raw"])


def test_it_exports_the_extra_columns_asked_for_from_the_verbatim_rows(tmp_path):
    make_two_people()
    _with_raw_column("F-1", "Detainee No ", "S-4471")  # headers as the sources wrote them
    _with_raw_column("N-1", "detainee no", "S4471")
    path = tmp_path / "records.csv"
    assert export_records_csv(path, compare=["Detainee No:id"]) == 3
    with path.open(encoding="utf-8") as handle:
        rows = {r["record_id"]: r for r in csv.DictReader(handle)}
    assert [rows[r]["Detainee No"] for r in ("F-1", "N-1", "F-2")] == ["S-4471", "S4471", ""]
    with path.open(encoding="utf-8") as handle:
        assert "Detainee No" not in next(csv.reader(handle))[:-1]  # after the spec's own columns
    with pytest.raises(AtharError, match="unknown kind"):
        export_records_csv(path, compare=["Detainee No:nonsense"])


def test_a_resolve_compares_the_registrys_extra_columns(tmp_path, settings):
    settings.LINK_COMPARE = ["Detainee No:id"]
    make_two_people()
    _with_raw_column("F-1", "Detainee No", "S-4471")
    _with_raw_column("N-1", "Detainee No", "S-4471")
    link_registry(tmp_path / "run", run_id="t1")
    model = json.loads((tmp_path / "run" / "link" / "model.json").read_text(encoding="utf-8"))
    assert model["training"]["compare"] == ["Detainee No:id"]
    compared = [c["output_column_name"] for c in model["splink_settings"]["comparisons"]]
    assert "extra_detainee_no" in compared
    link_registry(tmp_path / "run2", run_id="t2", compare=[])  # the caller may say otherwise
    model = json.loads((tmp_path / "run2" / "link" / "model.json").read_text(encoding="utf-8"))
    assert model["training"]["compare"] == []
