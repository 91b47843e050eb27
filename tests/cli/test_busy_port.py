"""A busy port is named, with the way out, before the demo changes its password."""

from __future__ import annotations

import socket

from click.testing import CliRunner

from athar.cli import main


def _listening() -> tuple[socket.socket, int]:
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    return server, server.getsockname()[1]


def test_serve_says_the_port_is_in_use_and_how_to_choose_another() -> None:
    server, port = _listening()
    with server:
        result = CliRunner().invoke(main, ["serve", "--port", str(port)])
    assert result.exit_code == 2
    assert f"port {port} on 127.0.0.1 is already in use" in result.output and "--port" in result.output


def test_the_demo_stops_before_touching_anything_when_its_port_is_busy(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("ATHAR_DATA_DIR", str(tmp_path / "demo"))
    server, port = _listening()
    with server:
        result = CliRunner().invoke(main, ["demo", "--port", str(port)])
    assert result.exit_code == 2 and "already in use" in result.output
    assert not (tmp_path / "demo").exists()
