"""The scanner setup screen: connection status, raw serial frames and keyboard timing, each judged.

Serial frames come through a real pseudo-terminal (see test_scanner_bridge); keyboard
lines are posted as key events stamped with the times a scanner or a person would give
them. The snapshot uses a fixed clock, terminal name and port name.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable

from pollday.devices.framing import encode_frame
from pollday.domain.payloads import PayloadKind, election_tag, encode
from pollday.services.clock import ManualClock
from pollday.services.election_service import ElectionService
from pollday.tui.app import PolldayApp
from pollday.tui.scanning import ScannerConfig
from pollday.tui.screens.home import HomeScreen
from pollday.tui.screens.scanner_setup import ScannerSetupScreen
from pollday.tui.screens.sign_in import SignInScreen
from pollday.tui.screens.status import StatusScreen
from tests.tui.helpers import async_test, shown_text, wait_until
from tests.tui.test_command_palette import run_command
from tests.tui.test_scan_field import post_line
from tests.tui.test_scanner_bridge import DEVICE, FAST, GENERIC, WEDGE, Pty, UsbSocket, box

FOREIGN = encode(PayloadKind.BOX, election_tag("parl.other", "official"), "9")
SnapCompare = Any


@pytest.fixture
def pty() -> Iterator[Pty]:
    pair = Pty()
    yield pair
    pair.close()


def serial_app(service: ElectionService, clock: ManualClock, pty: Pty, user: str = "reception") -> PolldayApp:
    config = ScannerConfig(GENERIC, DEVICE, opener=UsbSocket(pty).open, backoff=FAST)
    return PolldayApp(service, clock, service.session_for(user), scanner=config)


def setup_screen(app: PolldayApp) -> ScannerSetupScreen:
    screen = app.screen
    assert isinstance(screen, ScannerSetupScreen)
    return screen


async def open_setup(pilot: Pilot[None], app: PolldayApp) -> ScannerSetupScreen:
    app.open_scanner_setup()
    await wait_until(pilot, lambda: isinstance(app.screen, ScannerSetupScreen) and app.screen.is_mounted,
                     "the scanner setup screen")
    return setup_screen(app)


async def scan_serial_then_type(pilot: Pilot[None], app: PolldayApp, pty: Pty) -> ScannerSetupScreen:
    """Three serial reads before the screen opens (good, foreign, garbled), then a keyboard scan on it."""
    await wait_until(pilot, lambda: app.scanner_status == "scanner connected", "the scanner to connect")
    pty.send(encode_frame(GENERIC, box(23)) + encode_frame(GENERIC, FOREIGN) + b"\xff\xfeAB\r")
    await wait_until(pilot, lambda: app.scanner_reads == 3, "three serial reads")
    screen = await open_setup(pilot, app)
    post_line(app, box(7), start=100.0, gap=0.004)
    await wait_until(pilot, lambda: len(screen.rows) == 4, "the keyboard read")
    return screen


# --- reaching the screen ---------------------------------------------------------------------


@async_test
async def test_everyone_signed_in_finds_scanner_setup_in_the_palette(
    service: ElectionService, clock: ManualClock
) -> None:
    app = PolldayApp(service, clock, service.session_for("observer"))
    async with app.run_test() as pilot:
        await run_command(app, pilot, "Scanner setup")
        await wait_until(pilot, lambda: isinstance(app.screen, ScannerSetupScreen) and app.screen.is_mounted,
                         "the scanner setup screen")
        assert "No serial scanner: start pollday with --scanner" in shown_text(app, "#setup-connection")
        assert shown_text(app, "#setup-status") == "Status: no scanner"
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


@async_test
async def test_from_a_desk_the_setup_screen_replaces_it(service: ElectionService, clock: ManualClock) -> None:
    app = PolldayApp(service, clock, service.session_for("ro"))
    async with app.run_test() as pilot:
        await pilot.press("8")
        await wait_until(pilot, lambda: isinstance(app.screen, StatusScreen), "the status screen")
        await open_setup(pilot, app)
        await pilot.press("escape")  # back home, as from any desk
        assert isinstance(app.screen, HomeScreen)


@async_test
async def test_not_offered_before_signing_in(service: ElectionService, clock: ManualClock) -> None:
    app = PolldayApp(service, clock)
    async with app.run_test() as pilot:
        assert isinstance(app.screen, SignInScreen)
        assert "Scanner setup" not in [command.title for command in app.get_system_commands(app.screen)]
        await pilot.pause()


# --- what it shows ------------------------------------------------------------------------------


@async_test
async def test_serial_reads_from_before_and_after_opening_are_judged(
    service: ElectionService, clock: ManualClock, pty: Pty
) -> None:
    app = serial_app(service, clock, pty)
    async with app.run_test() as pilot:
        screen = await scan_serial_then_type(pilot, app, pty)
        pty.send(encode_frame(GENERIC, "SEAL-004512"))  # a maker's seal number: not a pollday code
        await wait_until(pilot, lambda: len(screen.rows) == 5, "the read after opening")
        rows = screen.rows
        assert [(row.source, row.verdict) for row in rows] == [
            ("serial", "not a payload"),
            ("keyboard", "valid"),
            ("serial", "frame error"),
            ("serial", "other election"),
            ("serial", "valid"),
        ]
        assert rows[4].raw == repr(box(23).encode()) and rows[4].meaning.startswith("ballot box label, tag ")
        assert "from another election" in rows[3].reason
        assert rows[2].raw == repr(b"\xff\xfeAB") and "is not text" in rows[2].reason
        assert shown_text(app, "#setup-status") == "Status: scanner connected"
        assert f"profile generic on {DEVICE} (9600 baud, reads end with CR)" in shown_text(app, "#setup-connection")
        assert "SEAL-004512" in shown_text(app, "#setup-detail")  # the newest read is shown in full
        assert screen.query_one("#setup-reads", DataTable).row_count == 5


@async_test
async def test_keyboard_reads_show_their_timing(service: ElectionService, clock: ManualClock) -> None:
    app = PolldayApp(service, clock, service.session_for("reception"), scanner=ScannerConfig(WEDGE))
    async with app.run_test() as pilot:
        screen = await open_setup(pilot, app)
        assert "keys at most 30 ms apart, 8+ characters: scanned; otherwise typed" in shown_text(
            app, "#setup-connection")
        enter = post_line(app, box(7), start=100.0, gap=0.004)
        enter = post_line(app, box(7), start=enter + 0.1, gap=0.004)  # the scanner's second read
        post_line(app, box(8), start=enter + 5.0, gap=0.150)  # a person typing
        await wait_until(pilot, lambda: len(screen.rows) == 3, "three keyboard reads")
        typed, repeat, scanned = screen.rows
        keys = len(box(7)) + 1
        assert scanned.timing == f"{keys} keys, slowest gap 4 ms: scanned" and scanned.verdict == "valid"
        assert repeat.verdict == "repeat ignored"
        assert typed.timing == f"{keys} keys, slowest gap 150 ms: typed" and typed.verdict == "valid"
        assert "Timing:  " + typed.timing in shown_text(app, "#setup-detail")


# --- how it looks ----------------------------------------------------------------------------------


def test_scanner_setup_screen(snap_compare: SnapCompare, service: ElectionService, clock: ManualClock,
                              pty: Pty) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, PolldayApp)
        await scan_serial_then_type(pilot, app, pty)
        app.clear_notifications()  # the toasts for the reads before the screen opened would cover it
        app.screen.query_one("#scanner-test").cursor_blink = False
        await pilot.pause()

    assert snap_compare(serial_app(service, clock, pty), run_before=run_before, terminal_size=(80, 24))
