"""The serial scanner bridge: a real pseudo-terminal pair into the running app, and the CLI options.

The test writes into the pty's master side exactly as a scanner writes into its USB serial
port; the app's reader thread opens the slave side with pyserial. The port is called
/dev/ttyACM0 throughout (an opener maps it to the pty), so what the header says is fixed.
Synchronisation is by conditions with timeouts, never by sleeping.
"""

from __future__ import annotations

import errno
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import serial
from textual import on
from textual.app import ComposeResult
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Static

from pollday.devices.framing import encode_frame
from pollday.devices.profiles import find_profile
from pollday.devices.serial_errors import PERMISSION_DENIED
from pollday.devices.serial_reader import Backoff
from pollday.domain.payloads import PayloadKind, election_tag, encode
from pollday.services.clock import ManualClock
from pollday.services.election_service import ElectionService
from pollday.tui.app import PolldayApp
from pollday.tui.messages import ScanReceived
from pollday.tui.scanning import ScannerConfig, ScannerConfigError, scanner_config, takes_scans
from pollday.tui.screens.base import DeskScreen
from tests.cli.conftest import run
from tests.pty_tools import Pty
from tests.tui.helpers import async_test, shown_text, wait_until

SCANNERS = Path(__file__).resolve().parents[2] / "scanners"
GENERIC = find_profile("generic", [SCANNERS])
WEDGE = find_profile("keyboard-wedge", [SCANNERS])
FAST = Backoff(first_s=0.001, cap_s=0.01)
DEVICE = "/dev/ttyACM0"
TAG = election_tag("harrowden-test", "rehearsal")


def box(number: int) -> str:
    return encode(PayloadKind.BOX, TAG, f"{number}A")


class UsbSocket:
    """Opens /dev/ttyACM0 as the pty while the scanner is plugged in; fails as Linux does once it is not."""

    def __init__(self, pty: Pty) -> None:
        self.pty = pty
        self.plugged = True

    def open(self, url: str, **settings: Any) -> serial.SerialBase:
        if not self.plugged:
            raise serial.SerialException(errno.ENOENT, f"could not open port {url}: [Errno 2] No such file")
        return serial.serial_for_url(self.pty.path, **settings)


@pytest.fixture
def pty() -> Iterator[Pty]:
    pair = Pty()
    yield pair
    pair.close()


class ScanDesk(DeskScreen):
    """The smallest scanning desk: it keeps every scan it is given."""

    def __init__(self) -> None:
        super().__init__()
        self.scans: list[tuple[str, str]] = []

    def compose_body(self) -> ComposeResult:
        yield Static("test desk")

    def on_scan_received(self, message: ScanReceived) -> None:
        self.scans.append((message.text, message.source))


Notes = list[tuple[str, str, str]]


def notes_of(app: PolldayApp, monkeypatch: pytest.MonkeyPatch) -> Notes:
    """Record every notification the app shows: (title, message, severity)."""
    seen: Notes = []
    show = app.notify

    def notify(message: str, **options: Any) -> None:
        seen.append((options.get("title", ""), message, options.get("severity", "information")))
        show(message, **options)

    monkeypatch.setattr(app, "notify", notify)
    return seen


def serial_app(service: ElectionService, clock: ManualClock, opener: Any) -> PolldayApp:
    config = ScannerConfig(GENERIC, DEVICE, opener=opener, backoff=FAST)
    return PolldayApp(service, clock, service.session_for("reception"), scanner=config)


async def connected(pilot: Pilot[None], app: PolldayApp) -> None:
    await wait_until(pilot, lambda: shown_text(app, "#scanner") == "scanner connected", "the scanner to connect")


# --- through a real pty into the running app ------------------------------------------------


@async_test
async def test_serial_frames_reach_the_desk_as_scans_in_order(
    service: ElectionService, clock: ManualClock, pty: Pty
) -> None:
    app = serial_app(service, clock, UsbSocket(pty).open)
    codes = [box(number) for number in range(1, 101)]
    async with app.run_test() as pilot:
        desk = ScanDesk()
        await app.push_screen(desk)
        await connected(pilot, app)
        assert app.scanner_state == "connected"
        pty.send(b"".join(encode_frame(GENERIC, code) for code in codes))  # one burst, as fast as the port goes
        await wait_until(pilot, lambda: len(desk.scans) >= len(codes), "100 scans")
        assert desk.scans == [(code, "serial") for code in codes]
        bridge = app.scanner_bridge
        assert bridge is not None and bridge.frames_read == 100 and len(bridge.recent) == 20
    assert not bridge.running  # quitting stopped the reader thread


@async_test
async def test_a_pulled_cable_shows_why_in_the_header(
    service: ElectionService, clock: ManualClock, pty: Pty, monkeypatch: pytest.MonkeyPatch
) -> None:
    socket = UsbSocket(pty)
    app = serial_app(service, clock, socket.open)
    notes = notes_of(app, monkeypatch)  # before the app starts: the reader may report at once
    async with app.run_test() as pilot:
        await connected(pilot, app)
        socket.plugged = False
        pty.unplug()
        expected = f"scanner reconnecting: not plugged in (no {DEVICE})"
        await wait_until(pilot, lambda: shown_text(app, "#scanner") == expected, "the header to say why")
        assert app.scanner_state == "reconnecting"
        assert [title for title, _, _ in notes] == ["Scanner disconnected"]  # said once, not per attempt


@async_test
async def test_permission_denied_says_what_to_do(
    service: ElectionService, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(url: str, **settings: Any) -> serial.SerialBase:
        raise serial.SerialException(errno.EACCES, f"could not open port {url}: [Errno 13] Permission denied")

    app = serial_app(service, clock, refuse)
    notes = notes_of(app, monkeypatch)  # before the app starts: the reader may report at once
    async with app.run_test() as pilot:
        expected = f"scanner error: {PERMISSION_DENIED}"
        await wait_until(pilot, lambda: app.scanner_status == expected, "the error")
        assert shown_text(app, "#scanner") == expected
        assert "dialout group" in expected
        assert notes == [("Scanner error", PERMISSION_DENIED, "error")]


@async_test
async def test_a_bad_frame_is_a_warning_and_the_next_good_one_still_arrives(
    service: ElectionService, clock: ManualClock, pty: Pty, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = serial_app(service, clock, UsbSocket(pty).open)
    notes = notes_of(app, monkeypatch)  # before the app starts: the reader may report at once
    async with app.run_test() as pilot:
        desk = ScanDesk()
        await app.push_screen(desk)
        await connected(pilot, app)
        pty.send(b"\xff\xfeAB\r" + encode_frame(GENERIC, box(5)))
        await wait_until(pilot, lambda: len(desk.scans) == 1, "the good scan")
        assert desk.scans == [(box(5), "serial")]
        assert len(notes) == 1
        title, message, severity = notes[0]
        assert (title, severity) == ("Scan not read: scan it again", "warning")
        assert "byte 0xFF at position 1 is not text" in message


@async_test
async def test_a_scan_on_a_screen_that_takes_none_is_reported_not_lost(
    service: ElectionService, clock: ManualClock, pty: Pty, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = serial_app(service, clock, UsbSocket(pty).open)
    notes = notes_of(app, monkeypatch)
    async with app.run_test() as pilot:  # the home screen: no desk is open
        await connected(pilot, app)
        pty.send(encode_frame(GENERIC, box(6)))
        await wait_until(pilot, lambda: bool(notes), "the notification")
        assert notes == [("", f"scan ignored: open a scanning desk ({box(6)})", "warning")]


@async_test
async def test_a_keyboard_wedge_profile_sets_the_timing_and_starts_no_reader(
    service: ElectionService, clock: ManualClock
) -> None:
    app = PolldayApp(service, clock, service.session_for("reception"), scanner=ScannerConfig(WEDGE))
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.scanner_bridge is None
        assert app.wedge_profile == WEDGE
        assert shown_text(app, "#scanner") == "keyboard scanner (keyboard-wedge)"


# --- which screens take scans -----------------------------------------------------------------


class ByDecorator(Screen[None]):
    @on(ScanReceived)
    def take(self, message: ScanReceived) -> None:
        message.stop()


class ByInheritance(ScanDesk):
    pass


def test_screens_that_take_scans_are_recognised() -> None:
    assert takes_scans(ScanDesk())
    assert takes_scans(ByDecorator())
    assert takes_scans(ByInheritance())
    assert not takes_scans(Screen())


# --- configuration and the CLI -------------------------------------------------------------------


def test_scanner_options_become_a_config() -> None:
    assert scanner_config(None, None, [SCANNERS]) is None
    simulated = scanner_config("simulated", None, [SCANNERS])
    assert simulated is not None and simulated.is_serial and simulated.port_url == "loop://"
    given = scanner_config(None, DEVICE, [SCANNERS])  # --port alone: the generic profile
    assert given is not None and given.profile.name == "generic" and given.port_url == DEVICE
    wedge = scanner_config("keyboard-wedge", None, [SCANNERS])
    assert wedge is not None and not wedge.is_serial and wedge.wedge_profile == WEDGE


@pytest.mark.parametrize(
    ("options", "reason"),
    [
        (("--scanner", "zebra-ds9999"), "no scanner profile named 'zebra-ds9999'"),
        (("--scanner", "Zebra!"), "is not a profile name"),
        (("--scanner", "keyboard-wedge", "--port", DEVICE), "keyboard-wedge scanner: it types into the pollday"),
        (("--scanner", "generic"), "profile 'generic' names no port: give --port"),
        (("--port", "bluetooth://scanner"), "--port bluetooth://scanner cannot be used: invalid URL"),
    ],
)
def test_bad_scanner_options_stop_the_tui_before_it_opens(
    service: ElectionService, election_path: Path, options: tuple[str, ...], reason: str
) -> None:
    result = run("tui", "--db", str(election_path), *options)
    assert result.exit_code == 2
    assert result.output.startswith("pollday: ") and reason in result.output


def test_a_file_that_is_not_a_device_is_refused(tmp_path: Path) -> None:
    not_a_port = tmp_path / "notes.txt"
    not_a_port.write_text("hello")
    with pytest.raises(ScannerConfigError, match="is not a serial device"):
        scanner_config("generic", str(not_a_port), [SCANNERS])


def test_the_demo_checks_its_scanner_before_building(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    result = run("demo", "--db", str(db), "--scanner", "nope", "--build-only")
    assert result.exit_code == 2 and "no scanner profile named 'nope'" in result.output
    assert not db.exists()
