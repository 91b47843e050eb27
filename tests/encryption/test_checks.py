"""The encryption system checks: a server without a key of its own refuses to start (athar.E001)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet

from athar.encryption.checks import check_encryption_keys
from athar.encryption.keys import reset_cipher


@pytest.fixture(autouse=True)
def _fresh_cipher(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("ATHAR_ENCRYPTION_KEYS", raising=False)
    monkeypatch.delenv("ATHAR_ENCRYPTION_KEYS_FILE", raising=False)
    reset_cipher()
    yield
    reset_cipher()


def _ids(settings: Any) -> list[str]:
    return [message.id for message in check_encryption_keys()]


def test_a_laptop_on_127_0_0_1_may_use_the_generated_key(settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
    assert _ids(settings) == []


@pytest.mark.parametrize(("hosts", "behind_proxy"), [(["athar.example.org"], False), (["*"], False),
                                                     (["127.0.0.1"], True), (["127.0.0.1", "10.0.0.5"], False)])
def test_a_server_without_a_key_of_its_own_is_refused(settings: Any, tmp_path: Path, hosts: list[str],
                                                      behind_proxy: bool) -> None:
    settings.DATA_DIR = tmp_path
    settings.ALLOWED_HOSTS = hosts
    settings.BEHIND_HTTPS_PROXY = behind_proxy
    [message] = check_encryption_keys()
    assert message.id == "athar.E001"
    assert message.is_serious()
    assert "athar keys generate" in message.hint


def test_a_server_with_a_key_file_outside_the_data_directory_passes(settings: Any, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    settings.DATA_DIR = tmp_path / "data"
    settings.ALLOWED_HOSTS = ["athar.example.org"]
    key_file = tmp_path / "secrets" / "athar-keys"
    key_file.parent.mkdir()
    key_file.write_text(Fernet.generate_key().decode() + "\n", encoding="utf-8")
    key_file.chmod(0o600)
    monkeypatch.setenv("ATHAR_ENCRYPTION_KEYS_FILE", str(key_file))
    assert _ids(settings) == []
    key_file.chmod(0o644)
    assert _ids(settings) == ["athar.W001"]


def test_a_key_file_inside_the_data_directory_is_warned_about(settings: Any, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    settings.DATA_DIR = tmp_path
    key_file = tmp_path / "keys"
    key_file.write_text(Fernet.generate_key().decode(), encoding="utf-8")
    key_file.chmod(0o600)
    monkeypatch.setenv("ATHAR_ENCRYPTION_KEYS_FILE", str(key_file))
    assert _ids(settings) == ["athar.W002"]


@pytest.mark.parametrize("value", ["not-a-key", ""])
def test_unusable_keys_are_an_error(settings: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                    value: str) -> None:
    if value:
        monkeypatch.setenv("ATHAR_ENCRYPTION_KEYS", value)
    else:
        monkeypatch.setenv("ATHAR_ENCRYPTION_KEYS_FILE", str(tmp_path / "missing"))
    assert _ids(settings) == ["athar.E002"]


def test_the_wsgi_application_refuses_to_start_without_a_key(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ATHAR_", "DJANGO_"))}
    env |= {"ATHAR_DATA_DIR": str(tmp_path), "ATHAR_ALLOWED_HOSTS": "athar.example.org"}
    result = subprocess.run([sys.executable, "-c", "import athar.web.wsgi"], capture_output=True,  # noqa: S603
                            text=True, env=env, timeout=60, check=False)
    assert result.returncode != 0
    assert "athar.E001" in result.stderr
    env["ATHAR_ENCRYPTION_KEYS"] = Fernet.generate_key().decode()
    result = subprocess.run([sys.executable, "-c", "import athar.web.wsgi"], capture_output=True,  # noqa: S603
                            text=True, env=env, timeout=60, check=False)
    assert result.returncode == 0, result.stderr


def test_every_check_id_is_documented_for_operators() -> None:
    import re

    root = Path(__file__).resolve().parents[2]
    ids = set(re.findall(r'id="(athar\.[EW]\d{3})"', (root / "src/athar/encryption/checks.py").read_text("utf-8")))
    documented = "".join((root / "docs" / name).read_text("utf-8") for name in ("security.md", "operating.md"))
    assert ids == {"athar.E001", "athar.E002", "athar.W001", "athar.W002"}
    assert sorted(i for i in ids if i not in documented) == []
