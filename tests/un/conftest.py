"""A complete synthetic case for the UN tests: Muhammad Ahmad al-Hasan (محمد أحمد الحسن), arrested in
June 2012 at the Palestine Branch checkpoint by Military Intelligence, whose sister consented to a
WGEID submission and whose mother asked after him at the Military Police in July 2012.

Built through the services (registry, tracing, un) as the pages would build it. Generated files go
to a temporary data directory."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from tests.factories import make_record, make_source, make_user

from athar.interchange import PartialDate
from athar.registry.models import Person, Sensitivity
from athar.registry.services import link_record
from athar.tracing.consent import record_consent
from athar.un.config import clear_config_cache
from athar.un.services import add_step, get_or_create_case, update_case

ORGANISATION = {"name": "Syrian Families Documentation Network", "address": "Rue de Lausanne 12, 1201 Geneva",
                "email": "cases@example.org", "phone": "+41 22 000 00 00"}
CASE_VALUES = {
    "name_latin": "Mohammad Ahmad Al-Hasan",
    "nationality": "Syrian",
    "perpetrator_type": "state",
    "forces_responsible": "Military Intelligence Directorate, Palestine Branch (Branch 235)",
    "forces_description": "Plain clothes, two white pick-up trucks",
    "attribution_reasoning": "The checkpoint is run by the branch; officers said he was taken there",
    "source_relation": "Sister",
    "narrative": "He was stopped at the checkpoint on his way to work and taken away.",
    "summary_ar": "اعتُقل محمد عند حاجز فرع فلسطين في حزيران 2012 ولم يُعرف مصيره منذ ذلك الحين.",
}


@pytest.fixture(autouse=True)
def _un_settings(settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path / "data"
    settings.UN_ORGANISATION = dict(ORGANISATION)
    settings.UN_MECHANISMS_FILE = ""
    clear_config_cache()


@pytest.fixture
def nadia(db: None) -> Any:
    return make_user("nadia", "caseworker")


def build_case(*, consent: bool = True) -> Person:
    source = make_source("family_reports_2024", sensitivity=Sensitivity.INTERNAL)
    arrest = make_record("FR-1", source=source, event_type="arrest", event_date="2012-06-14",
                         event_place="حاجز فرع فلسطين", full_name="محمد أحمد الحسن", father_name="أحمد",
                         sex="M")
    witness = make_record("WT-3", source=make_source("witness_testimonies", sensitivity=Sensitivity.INTERNAL),
                          event_type="detention_sighting", event_date="2013-01", event_place="Saydnaya",
                          full_name="Mohammad Ahmad Al-Hasan")
    person = Person.objects.create()
    link_record(arrest, person, actor=None)
    link_record(witness, person, actor=None)
    person.refresh_from_db()
    if consent:
        for recipient in ("wgeid", "wgad", "srt"):
            record_consent(person, recipient=recipient, is_granted=True, wording_shown="We will send his case to the UN.",
                           given_by="sister", given_on=datetime.date(2024, 3, 1), actor=None)
    case = get_or_create_case(person, actor=None)
    update_case(case, values=dict(CASE_VALUES), actor=None)
    add_step(case, step_type="inquiry", taken_on=PartialDate(2012, 7), taken_by="mother",
             authority="Military Police, Qaboun", outcome="Denied holding him", actor=None)
    return person


@pytest.fixture
def case_person(db: None) -> Person:
    return build_case()
