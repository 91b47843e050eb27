"""`athar demo --no-serve`: a registry of synthetic people, linked, indexed, with a demo account whose
password is printed once and stored only as a hash; a second run reuses everything."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.contrib.auth import get_user_model

from athar.cli import main
from athar.registry.models import Event, FateClaim, Person, Record
from athar.search.index import pending_count

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
N_RECORDS = 120


def _run_demo() -> tuple[str, str]:
    result = CliRunner().invoke(main, ["demo", "--no-serve", "--records", str(N_RECORDS)])
    assert result.exit_code == 0, result.output
    match = re.search(r"username 'demo', password '([^']+)'", result.output)
    assert match, result.output
    return result.output, match.group(1)


@pytest.fixture
def data_dir(settings: Any, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path
    return tmp_path


def test_it_builds_a_linked_searchable_registry_and_a_demo_account(data_dir: Path) -> None:
    output, password = _run_demo()
    assert (data_dir / "demo" / "records.csv").exists()
    records = Record.objects.count()
    assert N_RECORDS - 5 <= records <= N_RECORDS  # a few synthetic rows are quarantined on purpose
    assert not Record.objects.filter(person__isnull=True).exists()
    assert 0 < Person.objects.filter(retired_at__isnull=True).count() <= records
    assert Event.objects.count() > 0 and FateClaim.objects.count() > 0
    assert pending_count() == 0
    user = get_user_model().objects.get(username="demo")
    assert user.check_password(password)
    assert password not in user.password  # only the hash is stored
    assert password not in (data_dir / "demo" / "records.csv").read_text(encoding="utf-8")


def test_it_reuses_the_database_and_only_resets_the_password(data_dir: Path) -> None:
    _, first_password = _run_demo()
    counts = (Record.objects.count(), Person.objects.count(), Event.objects.count(), FateClaim.objects.count())
    public_ids = set(Person.objects.values_list("public_id", flat=True))
    output, second_password = _run_demo()
    assert (Record.objects.count(), Person.objects.count(), Event.objects.count(),
            FateClaim.objects.count()) == counts
    assert set(Person.objects.values_list("public_id", flat=True)) == public_ids
    assert "linking skipped" in output
    assert second_password != first_password
    user = get_user_model().objects.get(username="demo")
    assert not user.check_password(first_password)
    assert user.check_password(second_password)
    assert get_user_model().objects.filter(username="demo").count() == 1


def _refused_demo() -> str:
    result = CliRunner().invoke(main, ["demo", "--no-serve", "--records", str(N_RECORDS)])
    assert result.exit_code != 0
    assert Record.objects.count() == 0
    assert not get_user_model().objects.filter(username="demo").exists()
    return result.output


def test_it_marks_the_registry_it_creates_as_a_demo_one(data_dir: Path) -> None:
    _run_demo()
    marker = json.loads((data_dir / "registry.json").read_text(encoding="utf-8"))
    assert marker["kind"] == "demo"


def test_it_refuses_a_registry_made_by_init(data_dir: Path) -> None:
    from athar.cli.init import write_marker

    write_marker("registry")
    output = _refused_demo()
    assert "refusing to add synthetic people to a real registry" in output
    assert "ATHAR_DATA_DIR" in output


def test_it_refuses_an_unmarked_registry_that_holds_data(data_dir: Path, django_user_model: Any) -> None:
    django_user_model.objects.create_user(username="omar", password="a long enough passphrase")
    output = _refused_demo()
    assert "holds data and is not a demo registry" in output
    assert not (data_dir / "registry.json").exists()


def test_it_refuses_a_marker_written_for_another_database(data_dir: Path, django_user_model: Any) -> None:
    (data_dir / "registry.json").write_text(json.dumps(
        {"kind": "demo", "database": "sqlite:/elsewhere/athar.sqlite3", "created_at": "2026-01-01T00:00:00+00:00"}),
        encoding="utf-8")
    django_user_model.objects.create_user(username="omar", password="a long enough passphrase")
    assert "holds data and is not a demo registry" in _refused_demo()


def test_it_recognises_a_demo_registry_made_before_the_mark(data_dir: Path, django_user_model: Any) -> None:
    from tests.factories import make_record, make_source

    from athar.cli.demo import claim_demo_registry

    django_user_model.objects.create_user(username="demo", password="a long enough passphrase")
    make_record("FR-1", source=make_source("family_reports"), full_name="محمد الحسن")
    claim_demo_registry()  # no exit: it is taken for the demo registry it is
    assert json.loads((data_dir / "registry.json").read_text(encoding="utf-8"))["kind"] == "demo"


def test_it_does_not_take_a_registry_with_real_sources_for_an_earlier_demo(data_dir: Path,
                                                                          django_user_model: Any) -> None:
    from tests.factories import make_record, make_source

    django_user_model.objects.create_user(username="demo", password="a long enough passphrase")
    make_record("FR-1", source=make_source("family_reports"), full_name="محمد الحسن")
    make_record("L-1", source=make_source("snhr_list_2024"), full_name="محمد الحسن")
    assert "holds data and is not a demo registry" in CliRunner().invoke(
        main, ["demo", "--no-serve", "--records", str(N_RECORDS)]).output
