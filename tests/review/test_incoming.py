"""New records of an import against the registry's persons (athar.review.incoming): matched ones are
linked, uncertain ones go to the review queue, new ones wait for the next resolve."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.tracing.conftest import RUN_ID, make_registry

from athar.audit.models import AuditEvent
from athar.imports.services import import_records
from athar.registry.linking import link_registry
from athar.registry.models import LinkMethod, PersonRecordLink, Record
from athar.review.incoming import NO_RUN, classify_batch
from athar.review.models import CandidatePair

pytestmark = pytest.mark.django_db

NEW_FILE = """source,record_id,first_name,father_name,grandfather_name,family_name,mother_name,sex,event_type,event_date,event_place
family_reports,FR-9,محمد,أحمد,خليل,الحسن,فاطمة,M,arrest,2013-04,حرستا
family_reports,FR-10,نزار,توفيق,,قباني,سلمى,M,arrest,2011-09,دوما
family_reports,FR-11,محمد,,,الحسن,,,,,
"""


def _import(tmp_path: Path) -> int:
    path = tmp_path / "new.csv"
    path.write_text(NEW_FILE, encoding="utf-8")
    report = import_records(path)
    assert report.imported == 3 and report.batch is not None
    return report.batch.pk


def test_it_sorts_new_records_into_matched_uncertain_and_new(settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path / "data"
    make_registry()
    link_registry(Path(settings.DATA_DIR) / "linkage" / RUN_ID, run_id=RUN_ID)
    brother = Record.objects.get(record_id="N-1").person_id
    batch = _import(tmp_path)

    result = classify_batch(batch)

    assert (result.classified, result.matched, result.uncertain, result.new) == (True, 1, 1, 1)
    assert result.run_id == RUN_ID
    # FR-9 is Hala's brother as the NGO list and the certificate have him: linked, by the linker.
    fr9 = Record.objects.get(record_id="FR-9")
    assert fr9.person_id == brother
    link = PersonRecordLink.objects.get(record=fr9, ended_at__isnull=True)
    assert link.method == LinkMethod.LINKER and link.run_id == RUN_ID
    assert link.match_probability is not None and link.match_probability >= 0.9
    # FR-11, a name and nothing else, fits him in the band: his pairs wait for a reviewer.
    assert Record.objects.get(record_id="FR-11").person_id is None
    queued = {(p.left.record_id, p.right.record_id) for p in CandidatePair.objects.all()}
    assert queued == {("N-1", "FR-11"), ("DC-7", "FR-11"), ("T-3", "FR-11")}
    assert result.queued_pairs == 3
    # FR-10 is nobody the registry knows.
    assert Record.objects.get(record_id="FR-10").person_id is None
    event = AuditEvent.objects.filter(action="import", target_id=str(batch)).last()
    assert event is not None and event.details["classified"]["matched"] == 1
    # Run again: the linked record is not classified twice, no pair is queued twice.
    again = classify_batch(batch)
    assert (again.matched, again.uncertain, again.new, again.queued_pairs) == (0, 1, 1, 0)
    assert CandidatePair.objects.count() == 3


def test_without_a_kept_linkage_run_it_says_so_and_changes_nothing(settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path / "data"
    make_registry()
    batch = _import(tmp_path)
    result = classify_batch(batch)
    assert (result.classified, result.reason, result.new, result.matched, result.uncertain) == (False, NO_RUN, 3, 0, 0)
    assert not CandidatePair.objects.exists()
    assert not Record.objects.filter(record_id__startswith="FR-", person__isnull=False).exists()
