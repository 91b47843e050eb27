"""`athar backup` / `athar restore`: a registry survives the round trip whole — records, accounts,
the audit log with its chain intact — in an encrypted file that is refused if damaged. Real
processes on two data directories, as an administrator would run them."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

pytestmark = pytest.mark.slow
ATHAR = str(Path(sys.executable).parent / "athar")
KEY = Fernet.generate_key().decode()
RECORDS = "source,record_id,full_name,birth_date\nngo,R-1,محمد أحمد الحسن,1985\nngo,R-2,فاطمة خليل الزعبي,1990\n"
# Three audit rows and an account, written through the services, as the web app would.
SEED = """
import django; django.setup()
from django.contrib.auth import get_user_model
from athar.audit.services import record_event
get_user_model().objects.create_user(username="rima.haddad", password="the olive tree by the well")
for n in range(3):
    record_event(actor=None, action="test.event", target_type="record", target_id=n)
"""


def _env(data_dir: Path, key: str = KEY) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ATHAR_", "DJANGO_"))}
    return env | {"ATHAR_DATA_DIR": str(data_dir), "ATHAR_ENCRYPTION_KEYS": key,
                  "DJANGO_SETTINGS_MODULE": "athar.web.settings"}


def _run(args: list[str], data_dir: Path, key: str = KEY) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, env=_env(data_dir, key),  # noqa: S603
                          cwd=data_dir.parent, timeout=180, check=False)


def _ok(args: list[str], data_dir: Path, key: str = KEY) -> str:
    result = _run(args, data_dir, key)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def backup(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("backup")
    source = base / "source"
    (base / "records.csv").write_text(RECORDS, encoding="utf-8")
    _ok([ATHAR, "init"], source)
    _ok([ATHAR, "import", "records", "--quiet", str(base / "records.csv")], source)
    _ok([sys.executable, "-c", SEED], source)
    output = _ok([ATHAR, "backup", str(base / "registry.bak")], source)
    assert "2 records, 4 audit rows" in output  # three seeded, one for the import
    return base / "registry.bak"


def test_a_restored_registry_has_its_records_accounts_and_audit_chain(backup: Path, tmp_path: Path) -> None:
    target = tmp_path / "restored"
    output = _ok([ATHAR, "restore", str(backup)], target)
    assert "Audit log intact: 4 rows checked" in output
    assert "audit log intact: 5 rows checked" in _ok([ATHAR, "audit", "verify"], target)  # + the restore
    found = _ok([ATHAR, "search", "Mohammad Ahmad", "--format", "csv"], target)
    assert "ngo,R-1" in found
    check = ("import django; django.setup()\nfrom django.contrib.auth import get_user_model\n"
             "print(get_user_model().objects.get(username='rima.haddad').check_password('the olive tree by the well'))")
    assert _ok([sys.executable, "-c", check], target).strip() == "True"


def test_the_backup_is_private_and_holds_no_plain_text(backup: Path) -> None:
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    content = backup.read_bytes()
    # Markers that base64 (the encrypted archive's alphabet) cannot contain: "rima" alone turned up
    # by chance in the ciphertext (a 4-letter word has about one chance in 17 per megabyte).
    assert "محمد".encode() not in content and b"rima.haddad" not in content and b"argon2$" not in content


def test_it_refuses_a_damaged_backup_and_restores_nothing(backup: Path, tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.bak"
    blob = bytearray(backup.read_bytes())
    blob[-20] = ord("A") if blob[-20] != ord("A") else ord("B")
    damaged.write_bytes(bytes(blob))
    result = _run([ATHAR, "restore", str(damaged)], tmp_path / "target")
    assert result.returncode == 2
    assert "cannot be decrypted" in result.stderr and "nothing was restored" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "target" / "athar.sqlite3").exists()  # the database was never touched


def test_it_refuses_a_truncated_backup(backup: Path, tmp_path: Path) -> None:
    truncated = tmp_path / "truncated.bak"
    lines = backup.read_bytes().splitlines(keepends=True)
    truncated.write_bytes(b"".join(lines[:-1]))
    result = _run([ATHAR, "restore", str(truncated)], tmp_path / "target")
    assert result.returncode == 2
    assert "cut short" in result.stderr


def test_it_needs_the_key_the_backup_was_made_with(backup: Path, tmp_path: Path) -> None:
    other = Fernet.generate_key().decode()
    result = _run([ATHAR, "restore", str(backup)], tmp_path / "target", key=other)
    assert result.returncode == 2
    assert "key this installation does not have" in result.stderr
    # With the old key still listed after a new one (a rotated installation), it restores.
    _ok([ATHAR, "restore", str(backup)], tmp_path / "rotated", key=f"{other},{KEY}")


def test_it_refuses_to_restore_over_a_registry_that_holds_data(backup: Path, tmp_path: Path) -> None:
    target = tmp_path / "busy"
    _ok([ATHAR, "restore", str(backup)], target)
    result = _run([ATHAR, "restore", str(backup)], target)
    assert result.returncode == 2
    assert "refusing to restore into a registry that holds data" in result.stderr
    assert "audit log intact: 5 rows checked" in _ok([ATHAR, "audit", "verify"], target)


def test_it_never_replaces_an_existing_file_unasked(backup: Path, tmp_path: Path) -> None:
    result = _run([ATHAR, "backup", str(backup)], backup.parent / "source")
    assert result.returncode == 2
    assert "--force" in result.stderr


def test_it_shows_its_progress_on_stderr_unless_quiet(backup: Path, tmp_path: Path) -> None:
    source = backup.parent / "source"
    shown = _run([ATHAR, "backup", str(tmp_path / "a.bak")], source)
    assert shown.returncode == 0, shown.stderr
    assert "backing up" in shown.stderr and "backing up" not in shown.stdout
    quiet = _run([ATHAR, "backup", "--quiet", str(tmp_path / "b.bak")], source)
    assert quiet.returncode == 0, quiet.stderr
    assert "backing up" not in quiet.stderr
    assert quiet.stdout.startswith("Backed up")
