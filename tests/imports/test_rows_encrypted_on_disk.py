"""After an import, the database file (with its write-ahead log) holds no testimony, phone number or
other free column of the rows in the clear: neither of the records nor of the quarantined rows. Real
processes on a real data directory, as an operator would run them."""

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
TESTIMONY = "رأيته في سجن صيدنايا في الجناح الأحمر عام ٢٠١٤ وكان مريضاً"
PHONE = "+963944112233"
CIRCUMSTANCES = "taken at the Qaboun checkpoint by men in plain clothes"
QUARANTINED = "شهادة جاره عن يوم المداهمة"
RECORDS = (
    "source,record_id,full_name,event_type,event_date,testimony,family_phone,un_narrative\n"
    f'ngo,R-1,محمد أحمد الحسن,arrest,2013-04,{TESTIMONY},{PHONE},"{CIRCUMSTANCES}"\n'
    f"ngo,R-2,فاطمة خليل الزعبي,arrest,not a date,{QUARANTINED},,\n"
)


def _run(args: list[str], data_dir: Path) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ATHAR_", "DJANGO_"))}
    env |= {"ATHAR_DATA_DIR": str(data_dir), "ATHAR_ENCRYPTION_KEYS": KEY,
            "DJANGO_SETTINGS_MODULE": "athar.web.settings"}
    result = subprocess.run(args, capture_output=True, text=True, env=env, cwd=data_dir.parent,  # noqa: S603
                            timeout=180, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _database_bytes(data_dir: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(data_dir.glob("athar.sqlite3*")))


def _forms(text: str) -> list[bytes]:
    """The ways a value can sit in the file: UTF-8, and JSON's \\u escapes."""
    return [text.encode(), json.dumps(text).encode()[1:-1]]


def test_the_database_file_holds_no_free_column_in_the_clear(tmp_path: Path) -> None:
    data_dir = tmp_path / "registry"
    data_dir.mkdir(mode=0o700)
    (tmp_path / "records.csv").write_text(RECORDS, encoding="utf-8")
    _run([ATHAR, "init"], data_dir)
    output = _run([ATHAR, "import", "records", "--quiet", str(tmp_path / "records.csv")], data_dir)
    assert "imported 1," in output and "quarantined 1 (of 2 rows)" in output, output
    stored = _database_bytes(data_dir)
    assert "محمد أحمد الحسن".encode() in stored  # the parsed name stays searchable: the file was read
    for secret in (TESTIMONY, PHONE, CIRCUMSTANCES, QUARANTINED):
        assert not any(form in stored for form in _forms(secret)), secret
    assert f"testimony: {QUARANTINED}" in _run([ATHAR, "quarantine", "show", "1"], data_dir)  # read back whole
