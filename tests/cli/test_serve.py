"""pollday serve: a real server on loopback answers a browser's first request, then stops."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from tests.cli.conftest import run


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_answers_on_loopback_and_names_the_session_command(db: Path) -> None:
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "pollday", "serve", "--db", str(db), "--port", str(port),
                               "--board"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert server.stdout is not None
        banner = server.stdout.readline()
        assert f"serving the progress board at http://127.0.0.1:{port}/" in banner and "-m pollday board" in banner
        # textual-serve prints its own banner, then binds: read up to its last line before asking.
        for line in server.stdout:
            if "Press Ctrl+C" in line:
                break
        page = ""
        deadline = time.monotonic() + 30  # a loaded CI machine can take seconds between the print and the bind
        while not page and time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    assert response.status == 200
                    page = response.read().decode()
            except OSError:
                server.poll()
                assert server.returncode is None, "the server stopped"
                threading.Event().wait(0.05)  # a real server binding: nothing to inject, so wait a moment
        assert "pollday progress board" in page
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_serve_warns_off_loopback_and_refuses_bad_input(db: Path, tmp_path: Path) -> None:
    missing = run("serve", "--db", tmp_path / "none.db")
    assert missing.exit_code == 2 and "there is no database" in missing.output
    bad_port = run("serve", "--db", db, "--port", "70000")
    assert bad_port.exit_code == 2 and "is not a port number" in bad_port.output
