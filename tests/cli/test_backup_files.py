"""`athar backup` / `athar restore` carry the files athar keeps beside the database — case documents
(`documents/`) and UN communications and letters (`un/`) — encrypted inside the backup, and put
them back byte for byte, encrypted again with the restoring installation's key; the verbatim rows
(encrypted fields) come back whole, and the audit chain verifies."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

pytestmark = pytest.mark.slow
ATHAR = str(Path(sys.executable).parent / "athar")
KEY = Fernet.generate_key().decode()
SCAN = b"%PDF-1.4\n" + bytes(range(256)) * 40 + "شهادة وفاة".encode()
LETTER = b"\x89PNG\r\n\x1a\n" + os.urandom(3000)
TESTIMONY = "رأيته في صيدنايا عام ٢٠١٤"
# A case with a scanned document, a UN letter file and an imported row with a testimony column,
# written through the services (the UN file through its storage), as the web app would.
SEED = f"""
import django, json; django.setup()
from athar.registry.cases import open_case, add_document
from athar.imports.services import import_records
from athar.un import storage
record = open_case({{"first_name": "محمد", "family_name": "الحسن"}}, actor=None)
document = add_document(record, data={SCAN!r}, file_name="scan.pdf", actor=None)
digest = storage.store(f"un/{{record.person.public_id}}/letter-1.enc", {LETTER!r})
print(json.dumps({{"document": document.public_id, "person": record.person.public_id, "letter": digest}}))
"""
CHECK = """
import django, json, sys; django.setup()
from athar.registry.documents import read_decrypted
from athar.registry.models import CaseDocument, Record
from athar.un import storage
ids = json.loads(sys.argv[1])
document = CaseDocument.objects.get(public_id=ids["document"])
scan = read_decrypted(document.public_id, document.sha256)
letter = storage.load(f"un/{ids['person']}/letter-1.enc", sha256=ids["letter"])
print(json.dumps({"scan": scan.hex(), "letter": letter.hex(),
                  "testimony": Record.objects.get(record_id="R-1").raw["testimony"]}))
"""


def _run(args: list[str], data_dir: Path, key: str = KEY) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ATHAR_", "DJANGO_"))}
    env |= {"ATHAR_DATA_DIR": str(data_dir), "ATHAR_ENCRYPTION_KEYS": key,
            "DJANGO_SETTINGS_MODULE": "athar.web.settings"}
    return subprocess.run(args, capture_output=True, text=True, env=env, cwd=data_dir.parent,  # noqa: S603
                          timeout=240, check=False)


def _ok(args: list[str], data_dir: Path, key: str = KEY) -> str:
    result = _run(args, data_dir, key)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_documents_and_un_files_come_back_byte_for_byte(tmp_path: Path) -> None:
    source = tmp_path / "source"
    records = tmp_path / "records.csv"
    records.write_text(f"source,record_id,full_name,testimony\nngo,R-1,فاطمة خليل,{TESTIMONY}\n", encoding="utf-8")
    _ok([ATHAR, "init"], source)
    _ok([ATHAR, "import", "records", "--quiet", str(records)], source)
    ids = _ok([sys.executable, "-c", SEED], source).strip().splitlines()[-1]
    output = _ok([ATHAR, "backup", str(tmp_path / "registry.bak")], source)
    assert "and 2 files to" in output
    content = (tmp_path / "registry.bak").read_bytes()
    assert SCAN[-40:] not in content and LETTER[-40:] not in content and TESTIMONY.encode() not in content

    new_key = Fernet.generate_key().decode()  # the restoring installation's current key comes first
    target = tmp_path / "restored"
    restored = _ok([ATHAR, "restore", str(tmp_path / "registry.bak")], target, key=f"{new_key},{KEY}")
    assert "and 2 files from a backup" in restored and "Audit log intact" in restored
    assert "audit log intact" in _ok([ATHAR, "audit", "verify"], target, key=new_key)
    found = json.loads(_ok([sys.executable, "-c", CHECK, ids], target, key=new_key))  # the new key alone
    assert bytes.fromhex(found["scan"]) == SCAN and bytes.fromhex(found["letter"]) == LETTER
    assert found["testimony"] == TESTIMONY
    kept = sorted(p.relative_to(target).as_posix() for p in target.rglob("*.enc"))
    assert len(kept) == 2 and kept[0].startswith("documents/") and kept[1].startswith("un/")
    assert all(oct(p.stat().st_mode & 0o777) == "0o600" for p in target.rglob("*.enc"))
    assert not list(target.glob(".restore-*"))  # the staging folder is gone


def test_a_kept_file_no_key_opens_stops_the_backup_and_is_named(tmp_path: Path) -> None:
    source = tmp_path / "source"
    _ok([ATHAR, "init"], source)
    (source / "documents").mkdir(mode=0o700)
    (source / "documents" / "0a1b.enc").write_bytes(Fernet(Fernet.generate_key()).encrypt(b"%PDF-1.4"))
    result = _run([ATHAR, "backup", str(tmp_path / "registry.bak")], source)
    assert result.returncode == 2 and "documents/0a1b.enc" in result.stderr
    assert "nothing was backed up" in result.stderr and not (tmp_path / "registry.bak").exists()
