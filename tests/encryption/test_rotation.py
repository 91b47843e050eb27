"""Re-encrypting stored values with the first key (athar.encryption.rotation, `athar keys rotate`)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.db import connection, models
from django.test.utils import isolate_apps

from athar.encryption.fields import EncryptedJSONField, EncryptedTextField
from athar.encryption.keys import reset_cipher
from athar.encryption.rotation import encrypted_fields, rotate_values

OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()


@pytest.fixture
def contact_model(transactional_db: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A model with encrypted fields in a table of its own, for this test only."""
    monkeypatch.setenv("ATHAR_ENCRYPTION_KEYS", OLD)
    reset_cipher()
    with isolate_apps("athar.encryption"):

        class Contact(models.Model):
            phone = EncryptedTextField(blank=True, default="")
            details = EncryptedJSONField(null=True)

            class Meta:
                app_label = "encryption"
                db_table = "test_rotation_contact"

            def __str__(self) -> str:
                return f"contact {self.pk}"

        with connection.schema_editor() as editor:
            editor.create_model(Contact)
        try:
            yield Contact
        finally:
            with connection.schema_editor() as editor:
                editor.delete_model(Contact)
            reset_cipher()


def _stored(model: Any, column: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {model._meta.db_table} ORDER BY id")  # noqa: S608
        return [row[0] for row in cursor.fetchall()]


def test_every_value_is_readable_with_the_new_key_alone(contact_model: Any,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    for n in range(7):
        contact_model.objects.create(phone=f"+963 944 000 00{n}", details={"channel": "whatsapp", "n": n})
    contact_model.objects.create(phone="")  # empty stays empty
    before = _stored(contact_model, "phone")
    monkeypatch.setenv("ATHAR_ENCRYPTION_KEYS", f"{NEW},{OLD}")
    reset_cipher()
    fields = [(contact_model, contact_model._meta.get_field(name)) for name in ("phone", "details")]
    report = rotate_values(fields, batch_size=3)
    assert (report.fields, report.values) == (2, 14)
    after = _stored(contact_model, "phone")
    assert after[-1] == "" and all(a != b for a, b in zip(after[:-1], before[:-1], strict=True))
    monkeypatch.setenv("ATHAR_ENCRYPTION_KEYS", NEW)
    reset_cipher()
    assert [c.phone for c in contact_model.objects.order_by("id")][:3] == [
        "+963 944 000 000", "+963 944 000 001", "+963 944 000 002"]
    assert contact_model.objects.order_by("id").first().details == {"channel": "whatsapp", "n": 0}


def test_it_finds_the_encrypted_fields_of_installed_models() -> None:
    found = list(encrypted_fields())
    assert all(isinstance(f, EncryptedTextField | EncryptedJSONField) for _, f in found)


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ATHAR_", "DJANGO_"))}
    return env | {"ATHAR_DATA_DIR": str(data_dir)}


def _athar(*args: str, data_dir: Path) -> str:
    result = subprocess.run([str(Path(sys.executable).parent / "athar"), *args], capture_output=True,  # noqa: S603
                            text=True, env=_env(data_dir), timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.slow
def test_rotating_the_generated_key_keeps_the_old_one_until_asked(tmp_path: Path) -> None:
    _athar("init", data_dir=tmp_path)
    key_file = tmp_path / "encryption_keys"
    first = key_file.read_text(encoding="utf-8").split()
    assert len(first) == 1
    output = _athar("keys", "rotate", data_dir=tmp_path)
    assert "older ones stay" in output
    second = key_file.read_text(encoding="utf-8").split()
    assert len(second) == 2 and second[1] == first[0] and second[0] != first[0]
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    _athar("keys", "rotate", "--drop-old-keys", data_dir=tmp_path)
    third = key_file.read_text(encoding="utf-8").split()
    assert len(third) == 1 and third[0] not in second
    assert "1 key(s) from the key file generated" in _athar("keys", "status", data_dir=tmp_path)
    assert "audit log intact: 2 rows checked" in _athar("audit", "verify", data_dir=tmp_path)


def test_generate_prints_a_usable_key(tmp_path: Path) -> None:
    key = _athar("keys", "generate", data_dir=tmp_path).strip()
    assert Fernet(key.encode()).decrypt(Fernet(key.encode()).encrypt(b"x")) == b"x"


# A case document and a UN file, written through their own storage, as the web app would.
SEED_FILES = """
import django, json; django.setup()
from athar.registry.cases import open_case, add_document
from athar.un import storage
record = open_case({"first_name": "محمد"}, actor=None)
document = add_document(record, data=b"%PDF-1.4 scan of a death certificate", file_name="scan.pdf", actor=None)
digest = storage.store("un/P1/letter-1.enc", b"the letter as received")
print(json.dumps({"document": document.public_id, "sha256": document.sha256, "letter": digest}))
"""
READ_FILES = """
import django, json, sys; django.setup()
from athar.registry.documents import read_decrypted
from athar.un import storage
ids = json.loads(sys.argv[1])
print(read_decrypted(ids["document"], ids["sha256"]).decode(), storage.load("un/P1/letter-1.enc", sha256=ids["letter"]).decode())
"""


@pytest.mark.slow
def test_rotating_re_encrypts_documents_and_un_files_so_dropping_the_old_key_loses_none(tmp_path: Path) -> None:
    _athar("init", data_dir=tmp_path)
    ids = subprocess.run([sys.executable, "-c", SEED_FILES], capture_output=True, text=True,  # noqa: S603
                         env=_env(tmp_path) | {"DJANGO_SETTINGS_MODULE": "athar.web.settings"}, timeout=120,
                         check=True).stdout.strip().splitlines()[-1]
    files = sorted(tmp_path.rglob("*.enc"))
    before = [p.read_bytes() for p in files]
    assert "and 2 file(s)" in _athar("keys", "rotate", "--drop-old-keys", data_dir=tmp_path)
    assert all(p.read_bytes() != b for p, b in zip(files, before, strict=True))
    assert all(oct(p.stat().st_mode & 0o777) == "0o600" for p in files)
    read = subprocess.run([sys.executable, "-c", READ_FILES, ids], capture_output=True, text=True,  # noqa: S603
                          env=_env(tmp_path) | {"DJANGO_SETTINGS_MODULE": "athar.web.settings"}, timeout=120,
                          check=True)
    assert read.stdout.strip() == "%PDF-1.4 scan of a death certificate the letter as received"


@pytest.mark.slow
def test_a_file_no_key_opens_stops_the_rotation_before_the_database(tmp_path: Path) -> None:
    _athar("init", data_dir=tmp_path)
    key_file = tmp_path / "encryption_keys"
    first = key_file.read_text(encoding="utf-8")
    (tmp_path / "documents").mkdir(mode=0o700)
    (tmp_path / "documents" / "0a1b.enc").write_bytes(Fernet(Fernet.generate_key()).encrypt(b"%PDF"))
    result = subprocess.run([str(Path(sys.executable).parent / "athar"), "keys", "rotate"],  # noqa: S603
                            capture_output=True, text=True, env=_env(tmp_path), timeout=120, check=False)
    assert result.returncode == 2 and "documents/0a1b.enc" in result.stderr and "Traceback" not in result.stderr
    assert key_file.read_text(encoding="utf-8") == first  # nothing was re-encrypted: the old key alone again
