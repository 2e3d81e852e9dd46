"""`pollday scanner`: list, profiles, and listen, the last through a real pseudo-terminal.

`listen` runs in a subprocess (as staff run it) reading the slave side of a pty; the test
waits for its "connected" line before playing the scanner, and --count bounds the run.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from pollday.cli.scanner_cmds import scanner_group
from pollday.devices.framing import encode_frame
from pollday.devices.ports import SerialPortInfo
from pollday.domain.election import ElectionMode
from pollday.domain.payloads import PayloadKind, election_tag, encode
from pollday.services.clock import ManualClock
from pollday.services.election_service import ElectionService
from tests.devices.test_serial_reader import GENERIC, Pty
from tests.factories import POLL_OPENS, small_election

REPO = Path(__file__).resolve().parents[2]
WAIT_S = 20.0  # a subprocess has to start Python and import pollday first
LISTENER = "from pollday.cli.scanner_cmds import scanner_group; scanner_group(prog_name='pollday scanner')"
ELECTION = "harrowden-test"
BOX_1 = encode(PayloadKind.BOX, election_tag(ELECTION, "rehearsal"), "1")
BOX_1_OFFICIAL = encode(PayloadKind.BOX, election_tag(ELECTION, "official"), "1")
BAD_CHECK = BOX_1[:-1] + ("A" if BOX_1[-1] != "A" else "B")


def run(*args: str) -> Result:
    return CliRunner().invoke(scanner_group, list(args), catch_exceptions=False)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "count.db"
    service = ElectionService.create(path, small_election(ELECTION), ElectionMode.REHEARSAL, ManualClock(POLL_OPENS))
    service.close()
    return path


@pytest.fixture
def pty() -> Any:
    pair = Pty()
    yield pair
    pair.close()


# --- list and profiles ---------------------------------------------------------------------


def test_list_says_clearly_when_there_are_no_ports(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("pollday.cli.scanner_cmds.list_serial_ports", lambda: [])
    result = run("list")
    assert result.exit_code == 0
    assert result.output.startswith("No serial ports found. A scanner in keyboard (USB HID) mode has no port")


def test_list_names_ports_and_recognises_scanners(monkeypatch: pytest.MonkeyPatch) -> None:
    ports = [SerialPortInfo("/dev/ttyACM0", "DS2208", "USB VID:PID=05E0:1900", 0x05E0, 0x1900),
             SerialPortInfo("/dev/ttyS0", "", "")]
    monkeypatch.setattr("pollday.cli.scanner_cmds.list_serial_ports", lambda: ports)
    assert run("list").output.splitlines() == [
        "/dev/ttyACM0  DS2208  usb 05e0:1900",
        "    looks like a Zebra (Symbol) scanner: try --profile zebra-ds2208",
        "/dev/ttyS0  no description",
        "    not a scanner maker pollday knows (try --profile generic)",
    ]


def test_profiles_lists_the_shipped_profiles() -> None:
    output = run("profiles").output
    for name in ("generic", "simulated", "keyboard-wedge", "honeywell-xenon", "zebra-ds2208", "datalogic-quickscan"):
        assert f"\n{name}  [" in f"\n{output}"
    assert "simulated  [serial]  port loop://" in output


# --- listen: failures are plain messages with a non-zero exit --------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--profile", "nope"], "pollday: no scanner profile named 'nope'"),
        (["--profile", "keyboard-wedge"], "pollday: profile 'keyboard-wedge' is a keyboard-wedge scanner"),
        ([], "pollday: profile 'generic' names no port: give --port (see `pollday scanner list`)"),
        (["--port", "/dev/no-such-scanner"], "pollday: not plugged in (no /dev/no-such-scanner)"),
        (["--port", "bogus://x"], "pollday: cannot use bogus://x: invalid URL, protocol 'bogus' not known"),
        (["--port", "loop://", "--db", "/nowhere/count.db"], "pollday: there is no database at /nowhere/count.db"),
    ],
)
def test_listen_failures(args: list[str], message: str) -> None:
    result = run("listen", *args)
    assert result.exit_code == 2
    assert result.output.startswith(message), result.output


# --- listen through a pty ----------------------------------------------------------------------


class Listener:
    """`pollday scanner listen` in a subprocess, its output read without ever blocking for long."""

    def __init__(self, *args: str) -> None:
        self.process = subprocess.Popen([sys.executable, "-c", LISTENER, "listen", *args], cwd=REPO,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.seen = {"stdout": b"", "stderr": b""}

    def wait_for(self, stream: str, needle: bytes) -> None:
        pipe = getattr(self.process, stream)
        deadline = time.monotonic() + WAIT_S
        while needle not in self.seen[stream]:
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"no {needle!r} on the listener's {stream}; so far: {self.seen}"
            ready, _, _ = select.select([pipe], [], [], remaining)
            if ready:
                chunk = os.read(pipe.fileno(), 4096)
                assert chunk, f"the listener ended early: {self.seen}"
                self.seen[stream] += chunk

    def finish(self) -> tuple[int, list[dict[str, Any]], str]:
        try:
            out, err = self.process.communicate(timeout=WAIT_S)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.communicate()
        lines = [json.loads(line) for line in (self.seen["stdout"] + out).decode().splitlines()]
        return self.process.returncode, lines, (self.seen["stderr"] + err).decode()


def test_listen_with_an_election_prints_one_json_line_per_read(pty: Pty, db: Path) -> None:
    listener = Listener("--port", pty.path, "--db", str(db), "--count", "5")
    listener.wait_for("stderr", b"scanner: connected: connected to")
    reads = [BOX_1, BAD_CHECK, "HE-1001", BOX_1_OFFICIAL]
    pty.send(b"\x00noise\xff\r" + b"".join(encode_frame(GENERIC, read) for read in reads) + b"IGNORED\r")
    code, lines, stderr = listener.finish()
    assert code == 0, stderr
    assert [line["verdict"] for line in lines] == ["frame_error", "valid", "bad_check", "not_a_payload",
                                                  "other_mode"]
    error, valid, bad, seal, official = lines
    assert error["raw"] == "\x00noise\\xff" and error["valid"] is False and "0xFF" in error["reason"]
    assert valid == {"raw": BOX_1, "text": BOX_1, "kind": "box",
                     "payload": {"kind": "B", "tag": election_tag(ELECTION, "rehearsal"), "body": "1"},
                     "verdict": "valid", "valid": True, "reason": "ballot box label"}
    assert bad["reason"] == "check character wrong: re-scan, or type the number" and bad["payload"] is None
    assert seal["kind"] is None and not seal["valid"]
    assert official["kind"] == "box" and "official database, not this rehearsal one" in official["reason"]
    assert "scanner: stopped after 5 reads" in stderr


def test_listen_without_an_election_checks_shape_and_check_character(pty: Pty) -> None:
    listener = Listener("--profile", "generic", "--port", pty.path, "--count", "3")
    listener.wait_for("stderr", b"connected")
    pty.send(b"".join(encode_frame(GENERIC, read) for read in [BOX_1_OFFICIAL, BAD_CHECK, "HE-1001"]))
    code, lines, _ = listener.finish()
    assert code == 0
    assert [(line["verdict"], line["valid"]) for line in lines] == [
        ("valid_check", True), ("bad_check", False), ("not_a_payload", False)]
    assert lines[0]["payload"]["body"] == "1"


def test_ctrl_c_ends_listening_cleanly(pty: Pty) -> None:
    listener = Listener("--port", pty.path)
    listener.wait_for("stderr", b"connected")
    pty.send(encode_frame(GENERIC, BOX_1))
    listener.wait_for("stdout", b"\n")
    listener.process.send_signal(signal.SIGINT)
    code, lines, stderr = listener.finish()
    assert code == 0, stderr
    assert "Traceback" not in stderr
    assert "scanner: stopped after" in stderr
    assert [line["text"] for line in lines] == [BOX_1]
