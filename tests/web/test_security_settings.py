"""Settings read from the environment at start-up: Secure cookies unless turned off, HTTPS proxy
settings, the data directory's place. Each case loads the settings in a fresh process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

SHOWN = ["SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_PROXY_SSL_HEADER", "CSRF_TRUSTED_ORIGINS",
         "DATA_DIR", "SESSION_COOKIE_AGE", "AXES_FAILURE_LIMIT", "AXES_IPWARE_PROXY_COUNT"]


def _settings(tmp_path: Path, **variables: str) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ATHAR_", "DJANGO_", "XDG_"))}
    env |= {"HOME": str(tmp_path / "home"), "ATHAR_SECRET_KEY": "k" * 50} | variables
    script = ("import json, athar.web.settings as s\n"
              f"print(json.dumps({{n: getattr(s, n, None) for n in {SHOWN!r}}}, default=str))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env,  # noqa: S603
                            cwd=tmp_path, timeout=60, check=False)
    if result.returncode:
        return {"error": result.stderr}
    return json.loads(result.stdout)


def test_cookies_are_secure_by_default_even_with_127_0_0_1_allowed(tmp_path: Path) -> None:
    settings = _settings(tmp_path, ATHAR_ALLOWED_HOSTS="athar.example.org,127.0.0.1")
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["CSRF_COOKIE_SECURE"] is True


def test_cookies_are_not_secure_only_when_said_explicitly(tmp_path: Path) -> None:
    settings = _settings(tmp_path, ATHAR_SECURE_COOKIES="false")
    assert settings["SESSION_COOKIE_SECURE"] is False


def test_it_trusts_the_proxy_header_only_behind_a_declared_https_proxy(tmp_path: Path) -> None:
    assert _settings(tmp_path)["SECURE_PROXY_SSL_HEADER"] is None
    behind = _settings(tmp_path, ATHAR_BEHIND_HTTPS_PROXY="true",
                       ATHAR_CSRF_TRUSTED_ORIGINS="https://athar.example.org, https://athar.example.org:8443")
    assert behind["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert behind["CSRF_TRUSTED_ORIGINS"] == ["https://athar.example.org", "https://athar.example.org:8443"]
    assert behind["AXES_IPWARE_PROXY_COUNT"] == 1  # throttling counts clients, not the proxy


def test_it_refuses_insecure_cookies_behind_an_https_proxy(tmp_path: Path) -> None:
    result = _settings(tmp_path, ATHAR_BEHIND_HTTPS_PROXY="true", ATHAR_SECURE_COOKIES="false")
    assert "contradicts" in result["error"]


@pytest.mark.parametrize(("variable", "value", "message"), [
    ("ATHAR_CSRF_TRUSTED_ORIGINS", "athar.example.org", "must start with https://"),
    ("ATHAR_SESSION_IDLE_MINUTES", "soon", "must be a whole number"),
    ("ATHAR_SESSION_IDLE_MINUTES", "0", "must be at least 1"),
    ("ATHAR_LOGIN_FAILURE_LIMIT", "-1", "must be at least 1"),
    ("ATHAR_DATA_DIR", "var", "must be an absolute path"),
])
def test_it_refuses_a_malformed_setting_at_start_up(tmp_path: Path, variable: str, value: str,
                                                    message: str) -> None:
    assert message in _settings(tmp_path, **{variable: value})["error"]


def test_the_idle_timeout_and_lockout_limit_are_configurable(tmp_path: Path) -> None:
    settings = _settings(tmp_path, ATHAR_SESSION_IDLE_MINUTES="10", ATHAR_LOGIN_FAILURE_LIMIT="3")
    assert settings["SESSION_COOKIE_AGE"] == 600
    assert settings["AXES_FAILURE_LIMIT"] == 3


def test_the_data_directory_never_depends_on_the_current_directory(tmp_path: Path) -> None:
    assert _settings(tmp_path)["DATA_DIR"] == str(tmp_path / "home" / ".local" / "share" / "athar")
    xdg = _settings(tmp_path, XDG_DATA_HOME=str(tmp_path / "xdg"))
    assert xdg["DATA_DIR"] == str(tmp_path / "xdg" / "athar")
    assert _settings(tmp_path, XDG_DATA_HOME="relative")["DATA_DIR"] == str(
        tmp_path / "home" / ".local" / "share" / "athar")
    assert not (tmp_path / "var").exists()
