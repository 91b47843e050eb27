"""A registry of 120 linked persons over three sources for the statistics tests.

Persons 0–89 are in Homs, 90–119 in Idlib; person k is on the sources of HISTORIES[k % 7]; the few
women (persons 0, 30, 60 — three of them) make a cell small enough to be suppressed. Every record
carries a name (NAME_MARK) that must never reach an analyst."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from tests.factories import make_user
from tests.web.conftest import load_records

from athar.registry.models import Sensitivity, Source
from athar.registry.services import add_records, apply_clusters, get_or_create_sources

NAME_MARK = "زيدان"
SOURCES = ("families", "ngo", "register")
HISTORIES = ((1, 0, 0), (0, 1, 0), (0, 0, 1), (1, 1, 0), (1, 0, 1), (0, 1, 1), (1, 1, 1))
PERSONS = 120


@pytest.fixture
def registry(db: None, tmp_path: Path) -> dict[str, Any]:
    records, clusters, probabilities = [], [], {}
    for k in range(PERSONS):
        for source, on in zip(SOURCES, HISTORIES[k % 7], strict=True):
            if not on:
                continue
            record_id = f"{source}-{k}"
            records.append({
                "source": source, "record_id": record_id, "full_name": f"محمد {NAME_MARK} {k}",
                "sex": "F" if k % 30 == 0 else "M", "governorate": "Homs" if k < 90 else "Idlib",
                "age": str(20 + k % 40), "event_type": "arrest", "event_date": f"{2012 + k % 3}-05",
            })
            clusters.append((source, record_id, f"c{k}"))
            # The register's links are weak for even persons: a strict threshold splits them off.
            probabilities[(source, record_id)] = 0.6 if source == "register" and k % 2 == 0 else 0.99
    rows = load_records(tmp_path, records)
    add_records(rows, sources=get_or_create_sources({r.source for r in rows}))
    Source.objects.update(sensitivity=Sensitivity.INTERNAL)
    apply_clusters(clusters, run_id="stats-test", probabilities=probabilities)
    return {"records": len(records)}


@pytest.fixture
def sami_client(client: Client, db: None) -> Client:
    client.force_login(make_user("sami", "analyst"))
    return client
