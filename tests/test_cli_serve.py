"""`xiezuo serve`: a real server in a subprocess, on a free loopback port, with its own SQLite file."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from xiezuo.cli import main
from xiezuo.serve_cli import bind_address, is_loopback

HOST = "127.0.0.1"
STARTUP_SECONDS = 40  # migrate + collectstatic + demo + gunicorn: a few seconds; generous for slow CI machines


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@dataclass
class Server:
    base: str
    process: subprocess.Popen[str]
    var: Path

    def output(self) -> str:
        """Everything the server printed (after it has stopped)."""
        out, _ = self.process.communicate(timeout=15)
        return out


def _env(var: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "SECRET_KEY")}
    return {**env, "XIEZUO_VAR": str(var), "PYTHONUNBUFFERED": "1"}


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """`xiezuo serve` with one worker on a free port, the database and static files under tmp_path."""
    port = free_port()
    var = tmp_path / "var"
    process = subprocess.Popen(
        [sys.executable, "-m", "xiezuo", "serve", "--host", HOST, "--port", str(port), "--workers", "1"],
        cwd=tmp_path,
        env=_env(var),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    running = Server(f"http://{HOST}:{port}", process, var)
    try:
        yield running
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)  # gunicorn stops gracefully on TERM
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_until_up(server: Server) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"xiezuo serve exited with {server.process.returncode}:\n{server.output()}")
        try:
            with socket.create_connection((HOST, int(server.base.rsplit(":", 1)[1])), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"xiezuo serve did not listen within {STARTUP_SECONDS} s")


def test_serve_sets_up_loads_the_demo_and_serves_pages_and_static_files(server: Server) -> None:
    wait_until_up(server)
    status, page = get(f"{server.base}/login/")
    assert status == 200
    html = page.decode()
    assert 'name="username"' in html and "demo-banner" in html
    assert "/static/xiezuo/app.css" in html
    status, css = get(f"{server.base}/static/xiezuo/app.css")
    assert status == 200 and b".demo-banner" in css
    assert (server.var / "xiezuo.sqlite3").is_file()
    assert (server.var / "static" / "xiezuo" / "app.css").is_file()  # collected, served by WhiteNoise

    server.process.send_signal(signal.SIGTERM)
    output = server.output()
    assert server.process.returncode == 0, output
    assert f"{server.base}/" in output
    for login in ("admin", "east", "west", "viewer", "supervisor", "xiezuo-demo"):
        assert login in output
    assert "Demo data loaded" in output


def test_serve_refuses_a_port_in_use() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind((HOST, 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--host", HOST, "--port", str(port)]) == 1


def test_serve_needs_a_secret_key_away_from_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    assert main(["serve", "--host", "0.0.0.0", "--port", "8000"]) == 2  # refused before binding anything


def test_addresses() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.10") and not is_loopback("example.org")
    assert bind_address("::1", 8000) == "[::1]:8000"


def test_serve_is_a_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["serve", "--help"])
    assert done.value.code == 0
    help_text = capsys.readouterr().out
    for option in ("--host", "--port", "--workers", "--no-demo"):
        assert option in help_text
