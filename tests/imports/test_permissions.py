"""Only roles that may import can import, and every import is audited."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from tests.factories import make_cast

from athar.accounts.permissions import CapabilityDenied
from athar.audit.models import AuditEvent
from athar.imports.services import import_records
from athar.registry.models import Record

pytestmark = pytest.mark.django_db

WriteCsv = Callable[[str, list[list[str]]], Path]


def test_it_lets_the_data_manager_import_and_audits_it(write_csv: WriteCsv) -> None:
    omar = make_cast()["omar"]
    report = import_records(write_csv("a.csv", [["record_id", "source"], ["1", "ngo"]]), actor=omar)
    event = AuditEvent.objects.get(action="import")
    assert (event.actor_id, event.target_type, event.target_id) == (omar.pk, "import_batch", str(report.batch.pk))
    assert (event.details["imported"], event.details["quarantined"]) == (1, 0)
    assert report.batch.imported_by == omar


@pytest.mark.parametrize("name", ["rima", "reem", "sami"])
def test_it_refuses_roles_that_may_not_import(write_csv: WriteCsv, name: str) -> None:
    user = make_cast()[name]
    with pytest.raises(CapabilityDenied):
        import_records(write_csv("a.csv", [["record_id", "source"], ["1", "ngo"]]), actor=user)
    assert Record.objects.count() == 0
    assert AuditEvent.objects.filter(action="denied", actor_id=user.pk).exists()
