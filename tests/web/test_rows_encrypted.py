"""A record's verbatim row — with its free columns, where a testimony, the circumstances of an arrest
or a family's phone number sit — is encrypted at rest, and still shown whole to whoever may read it;
rotating the key keeps it readable. (The database file itself is read in
tests/imports/test_rows_encrypted_on_disk.py.)"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.db import connection
from django.test import Client
from django.urls import reverse

from athar.encryption.keys import reset_cipher
from athar.encryption.rotation import rotate_values
from athar.registry.models import Person, Record, RecordRevision
from athar.registry.revisions import revise_record

NOTES = "أخذوه من الحاجز"  # the free `notes` column of record FR-1 (tests/web/conftest.py)
OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()
migration = importlib.import_module("athar.registry.migrations.0005_encrypt_rows_at_rest")


@pytest.fixture
def old_key(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("ATHAR_ENCRYPTION_KEYS", OLD)
    reset_cipher()
    yield
    reset_cipher()


def _stored(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608 — fixed names
        value = cursor.fetchone()[0]
    return value if isinstance(value, str) else str(value)


def test_the_stored_row_is_a_token_without_the_testimony(world: dict[str, Person]) -> None:
    record = Record.objects.get(record_id="FR-1")
    stored = _stored("registry_record", "raw", record.pk)
    assert stored.startswith("enc1:")
    assert NOTES not in stored and "notes" not in stored and "محمد" not in stored


def test_the_person_page_shows_the_row_as_written(rima_client: Client, world: dict[str, Person]) -> None:
    page = rima_client.get(reverse("web:person_detail", args=[world["muhammad"].public_id])).content.decode()
    assert NOTES in page and "فرع فلسطين" in page


def test_the_row_keeps_the_column_order_of_its_file(world: dict[str, Person]) -> None:
    raw = Record.objects.get(record_id="FR-1").raw
    assert list(raw)[:3] == ["source", "record_id", "full_name"] and raw["notes"] == NOTES


def test_a_revision_keeps_the_earlier_row_and_the_reason_encrypted(world: dict[str, Person]) -> None:
    record = Record.objects.get(record_id="FR-1")
    revise_record(record, values={"event_place": "المزة"}, raw={**record.raw, "notes": "شوهد في المزة"},
                  actor=None, reason="شهادة أخيه")
    revision = RecordRevision.objects.get(record=record)
    assert revision.raw["notes"] == NOTES and revision.reason == "شهادة أخيه"
    for column in ("raw", "fields", "reason"):
        stored = _stored("registry_recordrevision", column, revision.pk)
        assert stored.startswith("enc1:") and NOTES not in stored and "شهادة" not in stored


def test_rotating_the_key_keeps_the_row_readable(old_key: None, rima_client: Client, world: dict[str, Person],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    record = Record.objects.get(record_id="FR-1")
    before = _stored("registry_record", "raw", record.pk)
    monkeypatch.setenv("ATHAR_ENCRYPTION_KEYS", f"{NEW},{OLD}")
    reset_cipher()
    assert rotate_values().values >= Record.objects.count()
    monkeypatch.setenv("ATHAR_ENCRYPTION_KEYS", NEW)  # the old key is gone
    reset_cipher()
    assert _stored("registry_record", "raw", record.pk) != before
    assert Record.objects.get(pk=record.pk).raw["notes"] == NOTES
    page = rima_client.get(reverse("web:person_detail", args=[world["muhammad"].public_id])).content.decode()
    assert NOTES in page


def test_the_migration_encrypts_rows_stored_in_the_clear_and_back(world: dict[str, Person], tmp_path: Path) -> None:
    record = Record.objects.get(record_id="FR-1")
    plain = '{"record_id": "FR-1", "notes": "' + NOTES + '"}'
    with connection.cursor() as cursor:  # as migration 0004 left it
        cursor.execute("UPDATE registry_record SET raw = %s WHERE id = %s", [plain, record.pk])
    editor: Any = SimpleNamespace(connection=connection)
    migration.encrypt_stored_values(None, editor)
    assert _stored("registry_record", "raw", record.pk).startswith("enc1:")
    assert Record.objects.get(pk=record.pk).raw == {"record_id": "FR-1", "notes": NOTES}
    migration.encrypt_stored_values(None, editor)  # twice changes nothing
    assert Record.objects.get(pk=record.pk).raw == {"record_id": "FR-1", "notes": NOTES}
    migration.decrypt_stored_values(None, editor)
    assert _stored("registry_record", "raw", record.pk) == plain
    migration.encrypt_stored_values(None, editor)
