"""The serial scanner bridge: which scanner this terminal uses, and its reader thread's news as messages.

`pollday tui --scanner PROFILE --port URL` becomes a ScannerConfig, checked before the
TUI opens. For a serial scanner the app owns a ScannerBridge: a ScannerReader thread
whose callbacks only post messages to the app (architecture section 4: threads never
touch widgets). The app turns each good frame into ScanReceived(text, "serial") for the
screen that has the focus, exactly as a keyboard-wedge scan or a typed code arrives.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from textual.message import Message
from textual.message_pump import MessagePump

from pollday.devices.framing import Frame
from pollday.devices.ports import port_problem
from pollday.devices.profiles import ProfileError, ScannerProfile, find_profile
from pollday.devices.serial_reader import Backoff, PortOpener, ScannerReader, ScannerState, ScannerStatus
from pollday.tui.messages import ScanReceived

DEFAULT_SERIAL_PROFILE = "generic"  # what --port alone uses
RECENT_FRAMES = 20  # how many raw frames the scanner setup screen can show
STOP_WAIT_S = 1.0  # a read blocks for at most READ_TIMEOUT_S, so the thread ends well within this


class ScannerConfigError(ValueError):
    """--scanner or --port cannot work; the message says why and what to give instead."""


@dataclass(frozen=True)
class ScannerConfig:
    """The scanner attached to this terminal. `opener` and `backoff` go to the reader (tests
    inject them); None means the reader's own, pyserial and its default backoff."""

    profile: ScannerProfile
    port_url: str = ""  # serial profiles only
    opener: PortOpener | None = field(default=None, compare=False, repr=False)
    backoff: Backoff | None = field(default=None, compare=False, repr=False)

    @property
    def is_serial(self) -> bool:
        return self.profile.is_serial

    @property
    def wedge_profile(self) -> ScannerProfile | None:
        return None if self.is_serial else self.profile


def scanner_config(profile_name: str | None, port: str | None, folders: list[Path] | None = None
                   ) -> ScannerConfig | None:
    """The config for `--scanner` / `--port`, or None when neither was given; ScannerConfigError if unusable."""
    if profile_name is None and port is None:
        return None
    name = profile_name or DEFAULT_SERIAL_PROFILE
    try:
        profile = find_profile(name, folders)
    except ProfileError as error:
        raise ScannerConfigError(str(error)) from None
    if not profile.is_serial:
        if port:
            raise ScannerConfigError(
                f"profile '{name}' is a keyboard-wedge scanner: it types into the pollday screen and has no port. "
                "Leave out --port, or give a serial profile (see `pollday scanner profiles`)")
        return ScannerConfig(profile)
    url = port or profile.port
    if not url:
        raise ScannerConfigError(f"profile '{name}' names no port: give --port (see `pollday scanner list`)")
    problem = port_problem(url)
    if problem:
        raise ScannerConfigError(problem)
    return ScannerConfig(profile, url)


# --- messages from the reader thread to the app -------------------------------------------


class SerialFrameRead(Message):
    """One frame from the serial scanner, good or not (posted from the reader thread)."""

    def __init__(self, frame: Frame) -> None:
        super().__init__()
        self.frame = frame


class SerialStatusChanged(Message):
    """The serial scanner connected, went away or needs a person (posted from the reader thread)."""

    def __init__(self, status: ScannerStatus) -> None:
        super().__init__()
        self.status = status


def status_text(status: ScannerStatus) -> str:
    """What the header says: short when all is well, the reason in words when not."""
    if status.state == ScannerState.CONNECTED:
        return "scanner connected"
    if status.state == ScannerState.RECONNECTING:
        return f"scanner reconnecting: {status.detail}"
    if status.state == ScannerState.ERROR:
        return f"scanner error: {status.detail}"
    return "scanner stopped"


def takes_scans(node: MessagePump) -> bool:
    """True when `node` handles ScanReceived: `on_scan_received` (the convention ScanReceived
    documents) or a method decorated with @on(ScanReceived).

    Asked of the class, not by posting and watching for a bubble: a desk that handles a scan
    without calling stop() would still pass it up to the app and be taken for deaf.
    """
    for klass in type(node).__mro__:
        names = vars(klass)
        if "on_scan_received" in names or "_on_scan_received" in names:
            return True
        decorated = names.get("_decorated_handlers") or {}
        if any(issubclass(kind, ScanReceived) for kind in decorated):
            return True
    return False


# --- the bridge ------------------------------------------------------------------------------


class ScannerBridge:
    """The reader thread of one serial scanner, posting to `target` (the app), plus the last frames.

    `recent` and `frames_read` are only touched on the event loop, by the app's handler
    (record), so they need no lock.
    """

    def __init__(self, config: ScannerConfig, target: MessagePump) -> None:
        self.config = config
        self.recent: deque[Frame] = deque(maxlen=RECENT_FRAMES)
        self.frames_read = 0
        # post_message is thread-safe; a message posted after the app has closed is simply dropped.
        options: dict[str, Any] = {"backoff": config.backoff}
        if config.opener is not None:
            options["opener"] = config.opener
        self._reader = ScannerReader(
            config.profile,
            config.port_url,
            on_frame=lambda frame: target.post_message(SerialFrameRead(frame)),
            on_status=lambda status: target.post_message(SerialStatusChanged(status)),
            **options,
        )

    @property
    def status(self) -> ScannerStatus:
        return self._reader.status

    @property
    def running(self) -> bool:
        return self._reader.running

    def start(self) -> None:
        self._reader.start()

    def stop(self) -> bool:
        return self._reader.stop(STOP_WAIT_S)

    def record(self, frame: Frame) -> None:
        self.recent.append(frame)
        self.frames_read += 1
