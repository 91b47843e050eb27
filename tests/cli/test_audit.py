"""`athar audit verify` says whether the chain holds, and where it breaks."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from django.db import connection

from athar.audit import triggers
from athar.audit.services import record_event
from athar.cli import main

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_reports_an_intact_chain() -> None:
    for n in range(3):
        record_event(actor=None, action="import", target_id=n)
    result = CliRunner().invoke(main, ["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert "audit log intact: 3 rows checked" in result.output


def test_it_exits_1_naming_the_broken_row() -> None:
    for n in range(3):
        record_event(actor=None, action="import", target_id=n)
    triggers.remove(connection)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET action = 'view' WHERE sequence = 2")
    triggers.install(connection)
    result = CliRunner().invoke(main, ["audit", "verify"])
    assert result.exit_code == 1
    assert "broken at row 2" in result.output
