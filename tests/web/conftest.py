"""A small named world for the web tests: Rima (a caseworker) and the records of three people.

- Muhammad Ahmad al-Hasan: three records in three sources and two scripts; arrested June 2012, a death
  certificate dated 2019, and a witness who saw him in Saydnaya on 14 March 2021, which contradicts
  the certificate (a conflict both sides of which must be shown).
- Fatima Khalil al-Zoubi: one family report, missing since 2013.
- A record from an NGO list that the linker has not put in any person yet.

Built through the registry's own services, as an import and a linker run would."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from tests.factories import make_user

from athar.interchange import RecordRow, read_records
from athar.registry.models import Person, Sensitivity, Source
from athar.registry.services import add_records, apply_clusters, get_or_create_sources

RIMA_PASSWORD = "correct horse battery staple"

RECORDS: list[dict[str, str]] = [
    {"source": "family_reports_2024", "record_id": "FR-1", "full_name": "محمد أحمد الحسن", "sex": "M",
     "birth_date": "1985", "event_type": "arrest", "event_date": "2012-06", "event_place": "فرع فلسطين",
     "notes": "أخذوه من الحاجز"},
    {"source": "civil_registry_docs", "record_id": "CR-7", "first_name": "Mhd", "father_name": "Ahmad",
     "family_name": "Al-Hasan", "event_type": "death_certificate", "event_date": "2019"},
    {"source": "witness_testimonies", "record_id": "WT-3", "full_name": "Mohammad Ahmad Al-Hasan",
     "event_type": "detention_sighting", "event_date": "2021-03-14", "event_place": "Saydnaya"},
    {"source": "family_reports_2024", "record_id": "FR-2", "full_name": "فاطمة خليل الزعبي", "sex": "F",
     "event_type": "missing_report", "event_date": "2013"},
    {"source": "ngo_list_2023", "record_id": "NL-9", "full_name": "محمود حسين العلي",
     "event_type": "arrest", "event_date": "2014-02"},
]
CLUSTERS = [
    ("family_reports_2024", "FR-1", "c1"),
    ("civil_registry_docs", "CR-7", "c1"),
    ("witness_testimonies", "WT-3", "c1"),
    ("family_reports_2024", "FR-2", "c2"),
]


def write_records_csv(path: Path, records: list[dict[str, str]]) -> None:
    columns = list(dict.fromkeys(k for r in records for k in r))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(records)


def load_records(tmp_path: Path, records: list[dict[str, str]]) -> list[RecordRow]:
    """Rows as the interchange reader makes them from a real CSV (raw kept verbatim)."""
    path = tmp_path / "records.csv"
    write_records_csv(path, records)
    rows = read_records(path).rows
    assert all(r.is_clean for r in rows), [p.describe() for r in rows for p in r.problems]
    return rows


@pytest.fixture
def world(db: None, tmp_path: Path) -> dict[str, Person]:
    rows = load_records(tmp_path, RECORDS)
    sources = get_or_create_sources({r.source for r in rows})
    add_records(rows, sources=sources)
    # Sources start restricted; staff-wide reading is a data manager's decision, taken here.
    Source.objects.update(sensitivity=Sensitivity.INTERNAL)
    apply_clusters(CLUSTERS, run_id="test-run")
    return {
        "muhammad": Person.objects.get(records__record_id="FR-1"),
        "fatima": Person.objects.get(records__record_id="FR-2"),
    }


@pytest.fixture
def rima_password() -> str:
    return RIMA_PASSWORD


@pytest.fixture
def rima(db: None) -> Any:
    return make_user("rima", "caseworker", password=RIMA_PASSWORD)


@pytest.fixture
def rima_client(client: Client, rima: Any) -> Client:
    client.force_login(rima)
    return client
