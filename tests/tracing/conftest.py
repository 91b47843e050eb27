"""A small linked registry for the tracing tests: Hala's brother in three sources (an NGO list in
Latin letters, a death certificate, a witness who saw him in Saydnaya in 2021), and two other men.
Linked by the real linker into the test's data directory, as `athar resolve` would."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.factories import make_cast, make_record, make_source

from athar.registry.linking import link_registry
from athar.registry.models import Person, Record, Sensitivity, Source

RUN_ID = "link-20260101T000000Z"

BROTHER = {"given_name": "محمد", "father_name": "أحمد", "grandfather_name": "خليل", "family_name": "الحسن",
           "mother_name": "فاطمة", "sex": "M", "birth_date": "1985", "last_seen_on": "2013-04",
           "last_seen_place": "حرستا"}
STRANGER = {"given_name": "سامر", "father_name": "خالد", "grandfather_name": "حسن", "family_name": "إبراهيم",
            "mother_name": "مريم", "sex": "M", "birth_date": "1990", "last_seen_on": "2015-02",
            "last_seen_place": "اللاذقية"}


def make_registry() -> None:
    ngo, deaths, witnesses = make_source("ngo_list"), make_source("death_certificates"), make_source("testimonies")
    make_record("N-1", source=ngo, first_name="Mohammad", father_name="Ahmad", grandfather_name="Khalil",
                family_name="Al-Hasan", mother_name="Fatima", sex="M", event_type="arrest", event_date="2013-04",
                event_place="Harasta")
    make_record("DC-7", source=deaths, first_name="محمد", father_name="أحمد", grandfather_name="خليل",
                family_name="الحسن", mother_name="فاطمة", sex="M", event_type="death_certificate",
                event_date="2019-02-11")
    make_record("T-3", source=witnesses, first_name="محمد", father_name="أحمد", grandfather_name="خليل",
                family_name="الحسن", sex="M", event_type="detention_sighting", event_date="2021",
                event_place="صيدنايا")
    make_record("N-2", source=ngo, first_name="Yasser", father_name="Omar", grandfather_name="Salim",
                family_name="Al-Shami", mother_name="Rana", sex="M", event_type="arrest", event_date="2012-06",
                event_place="Saydnaya")
    make_record("N-3", source=ngo, first_name="Fatima", father_name="Khalil", family_name="Al-Zoubi", sex="F",
                event_type="arrest", event_date="2013", event_place="Daraa")
    Source.objects.update(sensitivity=Sensitivity.INTERNAL)


@pytest.fixture
def cast(db: None) -> dict[str, Any]:
    return make_cast()


@pytest.fixture
def linked_registry(db: None, settings: Any, tmp_path: Path) -> dict[str, Person]:
    settings.DATA_DIR = tmp_path / "data"
    make_registry()
    link_registry(Path(settings.DATA_DIR) / "linkage" / RUN_ID, run_id=RUN_ID)
    return {"brother": Record.objects.get(record_id="N-1").person,
            "yasser": Record.objects.get(record_id="N-2").person}
