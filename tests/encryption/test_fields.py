"""Encrypted values: unreadable at rest, readable through the application, rotatable."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.db import connection

from athar.encryption import decrypt_text, encrypt_text, rotate_token
from athar.encryption.keys import reset_cipher


@pytest.fixture
def keys(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    generated = [Fernet.generate_key().decode(), Fernet.generate_key().decode()]
    monkeypatch.setenv("ATHAR_ENCRYPTION_KEYS", generated[0])
    reset_cipher()
    yield generated
    reset_cipher()


def test_text_round_trips_and_is_not_readable(keys: list[str]) -> None:
    stored = encrypt_text("+963 944 123 456")
    assert stored.startswith("enc1:") and "963" not in stored
    assert decrypt_text(stored) == "+963 944 123 456"


def test_rotation_re_encrypts_with_the_new_first_key(keys: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    old = encrypt_text("هاتف الأخت")
    monkeypatch.setenv("ATHAR_ENCRYPTION_KEYS", f"{keys[1]},{keys[0]}")
    reset_cipher()
    rotated = rotate_token(old)
    monkeypatch.setenv("ATHAR_ENCRYPTION_KEYS", keys[1])
    reset_cipher()
    assert decrypt_text(rotated) == "هاتف الأخت"


def test_a_bad_key_is_refused_at_start_up(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.setenv("ATHAR_ENCRYPTION_KEYS", "not-a-key")
    reset_cipher()
    with pytest.raises(ImproperlyConfigured, match="not a valid Fernet key"):
        encrypt_text("x")
    reset_cipher()


def test_an_encrypted_model_field_stores_ciphertext_and_reads_plain_text(keys: list[str]) -> None:
    from athar.encryption.fields import EncryptedJSONField, EncryptedTextField

    field = EncryptedTextField()
    stored = field.get_prep_value("0944 123 456")
    assert stored.startswith("enc1:") and "0944" not in stored
    assert field.from_db_value(stored, None, connection) == "0944 123 456"
    assert field.get_prep_value("") == ""
    json_field = EncryptedJSONField()
    stored_json = json_field.get_prep_value({"phone": "0944 123 456", "channel": "whatsapp"})
    assert "whatsapp" not in stored_json
    assert json_field.from_db_value(stored_json, None, connection) == {"phone": "0944 123 456", "channel": "whatsapp"}


def test_an_encrypted_json_value_survives_serialisation_as_json(keys: list[str], db: None) -> None:
    """dumpdata and `athar backup` serialise it: as JSON, never as a Python repr no loader reads."""
    from django.core import serializers

    from athar.registry.models import Record, Source

    row = {"record_id": "R-1", "testimony": "رأيته في صيدنايا", "n": "1"}
    record = Record.objects.create(source=Source.objects.create(name="ngo"), record_id="R-1", raw=row)
    text = serializers.serialize("jsonl", [record])
    assert '"raw": {"record_id": "R-1"' in text
    (loaded,) = serializers.deserialize("jsonl", text)
    assert loaded.object.raw == row and list(loaded.object.raw) == list(row)


def test_an_encrypted_json_field_can_keep_the_order_of_keys(keys: list[str]) -> None:
    from athar.encryption.fields import EncryptedJSONField

    ordered = EncryptedJSONField(sort_keys=False)
    value = {"z": 1, "a": 2}
    assert list(ordered.from_db_value(ordered.get_prep_value(value), None, connection)) == ["z", "a"]
    assert list(EncryptedJSONField().from_db_value(EncryptedJSONField().get_prep_value(value), None, connection)) == [
        "a", "z"]
    assert ordered.deconstruct()[3]["sort_keys"] is False and "sort_keys" not in EncryptedJSONField().deconstruct()[3]
