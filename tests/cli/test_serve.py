"""`athar serve` listens on 127.0.0.1 by default and refuses every interface unless asked."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from athar.cli import main, serve

EVERY_IPV4_INTERFACE = "0.0.0.0"  # noqa: S104 — passed on purpose, to see it refused or warned about


@pytest.fixture(autouse=True)
def _keep_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # serve may add its host to ATHAR_ALLOWED_HOSTS; monkeypatch restores the variable afterwards.
    monkeypatch.delenv("ATHAR_ALLOWED_HOSTS", raising=False)
    # The system checks run against the test process's settings (whose ALLOWED_HOSTS include Django's
    # "testserver"): these tests are about addresses; a real process checks below.
    monkeypatch.setattr(serve, "refuse_serious_check_errors", lambda: None)


# Every spelling the socket layer reads as "all interfaces" (inet_aton's decimal, octal, hexadecimal
# and short forms, IPv6's compressed, bracketed, expanded and IPv4-mapped forms).
ALL_INTERFACE_SPELLINGS = [
    EVERY_IPV4_INTERFACE, "0", "00", "0x0", "0X00000000", "000.000.000.000", "0.0", "0.0.0", "00.0x0.0.0",
    " 0.0.0.0 ", "", "*", "::", "[::]", "::0", "[::0]", "0::0", "0:0:0:0:0:0:0:0", "[0000::0000]",
    "::ffff:0.0.0.0", "[::ffff:0:0]",
]


@pytest.mark.parametrize("host", ALL_INTERFACE_SPELLINGS)
def test_it_refuses_every_interface_without_the_flag(host: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(serve, "setup_django", lambda: pytest.fail("must not start"))
    monkeypatch.setattr(serve, "run_server", lambda *a, **k: pytest.fail("must not serve"))
    result = CliRunner().invoke(main, ["serve", "--host", host])
    assert result.exit_code != 0
    assert "--allow-all-interfaces" in result.output


@pytest.mark.parametrize("host", ["127.0.0.1", "127.1", "0x7f.1", "127.0.0.2", "localhost", "::1", "[::1]",
                                  "0:0:0:0:0:0:0:1"])
def test_it_serves_loopback_spellings_without_a_warning(host: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(serve, "setup_django", lambda: None)
    monkeypatch.setattr(serve, "pending_migrations", lambda: 0)
    monkeypatch.setattr(serve, "run_server", lambda host, port: None)
    result = CliRunner().invoke(main, ["serve", "--host", host])
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output


def test_it_refuses_a_host_it_cannot_resolve(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(serve, "run_server", lambda *a, **k: pytest.fail("must not serve"))
    result = CliRunner().invoke(main, ["serve", "--host", "no-such-host.invalid"])
    assert result.exit_code != 0
    assert "cannot find the address" in result.output


def test_it_turns_secure_cookies_off_for_its_plain_http_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ATHAR_SECURE_COOKIES", raising=False)
    monkeypatch.delenv("ATHAR_BEHIND_HTTPS_PROXY", raising=False)
    monkeypatch.setattr(serve, "setup_django", lambda: None)
    monkeypatch.setattr(serve, "pending_migrations", lambda: 0)
    monkeypatch.setattr(serve, "run_server", lambda host, port: None)
    assert CliRunner().invoke(main, ["serve"]).exit_code == 0
    assert os.environ["ATHAR_SECURE_COOKIES"] == "false"


@pytest.mark.parametrize("variable", ["ATHAR_SECURE_COOKIES", "ATHAR_BEHIND_HTTPS_PROXY"])
def test_it_keeps_secure_cookies_when_told_or_behind_a_proxy(variable: str,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ATHAR_SECURE_COOKIES", raising=False)
    monkeypatch.delenv("ATHAR_BEHIND_HTTPS_PROXY", raising=False)
    monkeypatch.setenv(variable, "true")
    monkeypatch.setattr(serve, "setup_django", lambda: None)
    monkeypatch.setattr(serve, "pending_migrations", lambda: 0)
    monkeypatch.setattr(serve, "run_server", lambda host, port: None)
    assert CliRunner().invoke(main, ["serve"]).exit_code == 0
    assert os.environ.get("ATHAR_SECURE_COOKIES", "true") == "true"


def test_it_warns_and_serves_every_interface_with_the_flag(monkeypatch: pytest.MonkeyPatch) -> None:
    served: list[tuple[str, int]] = []
    monkeypatch.setattr(serve, "setup_django", lambda: None)
    monkeypatch.setattr(serve, "pending_migrations", lambda: 0)
    monkeypatch.setattr(serve, "run_server", lambda host, port: served.append((host, port)))
    result = CliRunner().invoke(main, ["serve", "--host", EVERY_IPV4_INTERFACE, "--port", "8123",
                                       "--allow-all-interfaces"])
    assert result.exit_code == 0, result.output
    assert "warning" in result.output
    assert served == [(EVERY_IPV4_INTERFACE, 8123)]


def test_it_serves_on_localhost_port_8000_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    served: list[tuple[str, int]] = []
    monkeypatch.setattr(serve, "setup_django", lambda: None)
    monkeypatch.setattr(serve, "pending_migrations", lambda: 0)
    monkeypatch.setattr(serve, "run_server", lambda host, port: served.append((host, port)))
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output
    assert served == [("127.0.0.1", 8000)]


def test_it_allows_the_address_it_listens_on_as_a_host(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(serve, "setup_django", lambda: None)
    monkeypatch.setattr(serve, "pending_migrations", lambda: 0)
    monkeypatch.setattr(serve, "run_server", lambda host, port: None)
    result = CliRunner().invoke(main, ["serve", "--host", "192.168.1.20"])
    assert result.exit_code == 0, result.output
    assert os.environ["ATHAR_ALLOWED_HOSTS"].split(",") == ["127.0.0.1", "localhost", "192.168.1.20"]


def test_it_refuses_to_serve_an_unmigrated_database(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(serve, "setup_django", lambda: None)
    monkeypatch.setattr(serve, "pending_migrations", lambda: 3)
    monkeypatch.setattr(serve, "run_server", lambda *a, **k: pytest.fail("must not serve"))
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code != 0
    assert "--migrate" in result.output


def test_it_warns_about_plain_http_on_a_network_address(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(serve, "setup_django", lambda: None)
    monkeypatch.setattr(serve, "pending_migrations", lambda: 0)
    monkeypatch.setattr(serve, "run_server", lambda host, port: None)
    result = CliRunner().invoke(main, ["serve", "--host", "10.0.0.5"])
    assert result.exit_code == 0
    assert "plain HTTP" in result.output


def test_it_refuses_to_serve_other_machines_without_an_encryption_key(tmp_path) -> None:
    import subprocess
    import sys
    from pathlib import Path

    env = {k: v for k, v in os.environ.items() if not k.startswith(("ATHAR_", "DJANGO_"))}
    env |= {"ATHAR_DATA_DIR": str(tmp_path), "ATHAR_ALLOWED_HOSTS": "athar.example.org",
            "ATHAR_BEHIND_HTTPS_PROXY": "true"}
    result = subprocess.run([str(Path(sys.executable).parent / "athar"), "serve"],  # noqa: S603
                            capture_output=True, text=True, env=env, timeout=60, check=False)
    assert result.returncode == 2
    assert "athar.E001" in result.stderr and "athar keys generate" in result.stderr
    assert "Traceback" not in result.stderr
