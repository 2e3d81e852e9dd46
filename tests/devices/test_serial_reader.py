"""The scanner reader thread, through a real pseudo-terminal pair and pyserial's loop://.

The test writes into the pty's master side exactly as a scanner would write into its USB
serial port; the reader opens the slave side by path with pyserial. Synchronisation is by
conditions with timeouts, never by sleeping.
"""

from __future__ import annotations

import errno
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import serial

from pollday.devices.framing import Frame, encode_frame
from pollday.devices.profiles import ScannerProfile, find_profile, load_profile
from pollday.devices.serial_errors import PERMISSION_DENIED, describe_open_error, describe_read_error
from pollday.devices.serial_reader import Backoff, ScannerReader, ScannerState, ScannerStatus
from pollday.domain.payloads import PayloadKind, election_tag, encode
from tests.pty_tools import Pty

WAIT_S = 5.0  # generous: only reached when something is broken
FAST = Backoff(first_s=0.001, cap_s=0.01)
REPO_SCANNERS = Path(__file__).resolve().parents[2] / "scanners"
GENERIC = find_profile("generic", [REPO_SCANNERS])
BOX_23A = encode(PayloadKind.BOX, election_tag("harrowden-test", "rehearsal"), "23A")


@pytest.fixture
def pty() -> Iterator[Pty]:
    pair = Pty()
    yield pair
    pair.close()


class Recorder:
    """Collects what the reader thread reports, and lets the test wait for a condition."""

    def __init__(self) -> None:
        self.frames: list[Frame] = []
        self.statuses: list[ScannerStatus] = []
        self._changed = threading.Condition()

    def on_frame(self, frame: Frame) -> None:
        with self._changed:
            self.frames.append(frame)
            self._changed.notify_all()

    def on_status(self, status: ScannerStatus) -> None:
        with self._changed:
            self.statuses.append(status)
            self._changed.notify_all()

    def wait_until(self, condition: Callable[[], bool]) -> None:
        with self._changed:
            assert self._changed.wait_for(condition, WAIT_S), (self.statuses, self.frames)

    def wait_for_frames(self, count: int) -> list[str]:
        self.wait_until(lambda: len(self.frames) >= count)
        return [frame.text for frame in self.frames]

    def wait_for_state(self, state: ScannerState, times: int = 1) -> None:
        self.wait_until(lambda: sum(status.state == state for status in self.statuses) >= times)

    @property
    def states(self) -> list[ScannerState]:
        return [status.state for status in self.statuses]


def start_reader(profile: ScannerProfile, url: str, recorder: Recorder, **options: Any) -> ScannerReader:
    reader = ScannerReader(profile, url, recorder.on_frame, recorder.on_status, **options)
    reader.start()
    return reader


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


def test_a_burst_of_100_frames_arrives_in_order(pty: Pty, recorder: Recorder) -> None:
    reader = start_reader(GENERIC, pty.path, recorder)
    try:
        recorder.wait_for_state(ScannerState.CONNECTED)
        codes = [encode(PayloadKind.SEAL, election_tag("e", "official"), f"HE-{n}") for n in range(100)]
        pty.send(b"".join(encode_frame(GENERIC, code) for code in codes))
        assert recorder.wait_for_frames(100) == codes
        assert all(frame.ok for frame in recorder.frames)
    finally:
        assert reader.stop()
    assert recorder.statuses[0] == ScannerStatus(ScannerState.CONNECTED, f"connected to {pty.path} (generic)")
    assert recorder.statuses[-1] == ScannerStatus(ScannerState.STOPPED, "stopped")


def test_garbage_between_frames_does_not_lose_the_next_good_frame(pty: Pty, recorder: Recorder) -> None:
    with start_reader(GENERIC, pty.path, recorder):
        recorder.wait_for_state(ScannerState.CONNECTED)
        pty.send(b"\x00\xff\xfe half a read\r" + encode_frame(GENERIC, BOX_23A) + b"\x11\x13\x00")
        pty.send(b"Z" * 300 + b"\r\n" + encode_frame(GENERIC, "SK7Q2-99"))
        recorder.wait_until(lambda: any(frame.text == "SK7Q2-99" for frame in recorder.frames))
    good = [frame.text for frame in recorder.frames if frame.ok]
    assert good == [BOX_23A, "SK7Q2-99"]
    assert [frame.error is not None for frame in recorder.frames] == [True, False, True, False]


class SteppingClock:
    """A clock that returns the given times, one per call: the reader reads it once per frame."""

    def __init__(self, *times: float) -> None:
        self._times = iter(times)

    def __call__(self) -> float:
        return next(self._times)


@pytest.mark.parametrize(
    ("times", "expected"),
    [
        ((0.0, 0.2, 0.8, 0.9), [BOX_23A, BOX_23A, "END"]),  # re-read after the 500 ms delay: passed
        ((0.0, 0.2, 0.4, 0.5), [BOX_23A, "END"]),  # re-read within the delay of the last read: dropped
        ((0.0, 0.6, 0.7, 0.8), [BOX_23A, BOX_23A, "END"]),  # the second read is after the delay
    ],
)
def test_identical_reads_within_the_good_read_delay_are_passed_once(
    pty: Pty, recorder: Recorder, times: tuple[float, ...], expected: list[str]
) -> None:
    with start_reader(GENERIC, pty.path, recorder, clock=SteppingClock(*times)):
        recorder.wait_for_state(ScannerState.CONNECTED)
        pty.send(encode_frame(GENERIC, BOX_23A) * 3 + encode_frame(GENERIC, "END"))
        recorder.wait_until(lambda: any(frame.text == "END" for frame in recorder.frames))
    assert [frame.text for frame in recorder.frames] == expected


def test_different_codes_are_never_debounced(pty: Pty, recorder: Recorder) -> None:
    with start_reader(GENERIC, pty.path, recorder, clock=lambda: 0.0):
        recorder.wait_for_state(ScannerState.CONNECTED)
        pty.send(b"".join(encode_frame(GENERIC, code) for code in ["A1", "B2", "A1", "B2"]))
        assert recorder.wait_for_frames(4) == ["A1", "B2", "A1", "B2"]


def no_such_port(path: str) -> serial.SerialException:
    return serial.SerialException(errno.ENOENT, f"could not open port {path}: [Errno 2] No such file or directory")


def test_unplugged_then_plugged_in(recorder: Recorder) -> None:
    loop = serial.serial_for_url("loop://", timeout=0.05)
    attempts = iter([no_such_port("/dev/ttyACM0"), no_such_port("/dev/ttyACM0"), None])

    def opener(url: str, **settings: Any) -> serial.SerialBase:
        failure = next(attempts)
        if failure is not None:
            raise failure
        return loop

    with start_reader(GENERIC, "/dev/ttyACM0", recorder, opener=opener, backoff=FAST):
        recorder.wait_for_state(ScannerState.CONNECTED)
        loop.write(encode_frame(GENERIC, BOX_23A))
        assert recorder.wait_for_frames(1) == [BOX_23A]
    assert recorder.statuses == [
        ScannerStatus(ScannerState.RECONNECTING, "not plugged in (no /dev/ttyACM0)"),  # reported once, not twice
        ScannerStatus(ScannerState.CONNECTED, "connected to /dev/ttyACM0 (generic)"),
        ScannerStatus(ScannerState.STOPPED, "stopped"),
    ]


def test_pulled_cable_and_replug_through_real_ptys(pty: Pty, recorder: Recorder) -> None:
    replugged = Pty()  # the scanner comes back as a new device, as USB does
    paths = iter([pty.path, replugged.path])

    def opener(url: str, **settings: Any) -> serial.SerialBase:
        return serial.serial_for_url(next(paths, replugged.path), **settings)

    try:
        with start_reader(GENERIC, "/dev/ttyACM0", recorder, opener=opener, backoff=FAST):
            recorder.wait_for_state(ScannerState.CONNECTED)
            pty.send(encode_frame(GENERIC, "BEFORE"))
            recorder.wait_for_frames(1)
            pty.unplug()
            recorder.wait_for_state(ScannerState.CONNECTED, times=2)
            replugged.send(encode_frame(GENERIC, "AFTER"))
            assert recorder.wait_for_frames(2) == ["BEFORE", "AFTER"]
    finally:
        replugged.close()
    assert recorder.states == [ScannerState.CONNECTED, ScannerState.RECONNECTING, ScannerState.CONNECTED,
                               ScannerState.STOPPED]
    assert recorder.statuses[1].detail == "disconnected from /dev/ttyACM0 (unplugged, or the scanner restarted)"


def test_permission_denied_says_what_to_do_and_recovers_when_fixed(recorder: Recorder) -> None:
    loop = serial.serial_for_url("loop://", timeout=0.05)
    denied = serial.SerialException(errno.EACCES, "could not open port /dev/ttyACM0: [Errno 13] Permission denied")
    attempts = iter([denied, denied, None])

    def opener(url: str, **settings: Any) -> serial.SerialBase:
        failure = next(attempts)
        if failure is not None:
            raise failure
        return loop

    with start_reader(GENERIC, "/dev/ttyACM0", recorder, opener=opener, backoff=FAST):
        recorder.wait_for_state(ScannerState.CONNECTED)
    assert recorder.statuses[0] == ScannerStatus(
        ScannerState.ERROR,
        "permission denied: add this user to the dialout group (sudo usermod -aG dialout $USER, then log in again)",
    )
    assert recorder.states == [ScannerState.ERROR, ScannerState.CONNECTED, ScannerState.STOPPED]


def test_stop_ends_a_long_wait_between_attempts_promptly(recorder: Recorder) -> None:
    def opener(url: str, **settings: Any) -> serial.SerialBase:
        raise no_such_port(url)

    reader = start_reader(GENERIC, "/dev/ttyACM7", recorder, opener=opener, backoff=Backoff(first_s=600, cap_s=600))
    recorder.wait_for_state(ScannerState.RECONNECTING)
    assert reader.stop(timeout_s=WAIT_S)
    assert not reader.running
    assert recorder.states == [ScannerState.RECONNECTING, ScannerState.STOPPED]


def test_stop_ends_an_idle_connected_reader_promptly(pty: Pty, recorder: Recorder) -> None:
    reader = start_reader(GENERIC, pty.path, recorder)
    recorder.wait_for_state(ScannerState.CONNECTED)
    assert reader.stop(timeout_s=WAIT_S)
    assert reader.status == ScannerStatus(ScannerState.STOPPED, "stopped")


def test_a_port_url_that_can_never_work_ends_with_an_error(recorder: Recorder) -> None:
    reader = start_reader(GENERIC, "bogus://scanner", recorder)
    recorder.wait_for_state(ScannerState.ERROR)
    assert reader.stop(timeout_s=WAIT_S)
    assert recorder.statuses == [
        ScannerStatus(ScannerState.ERROR, "cannot use bogus://scanner: invalid URL, protocol 'bogus' not known")
    ]


def test_a_failing_callback_does_not_stop_the_reader(pty: Pty, recorder: Recorder) -> None:
    def on_frame(frame: Frame) -> None:
        if frame.text == "BOOM":
            raise RuntimeError("a bug in the screen")
        recorder.on_frame(frame)

    with ScannerReader(GENERIC, pty.path, on_frame, recorder.on_status):
        recorder.wait_for_state(ScannerState.CONNECTED)
        pty.send(encode_frame(GENERIC, "BOOM") + encode_frame(GENERIC, "NEXT"))
        assert recorder.wait_for_frames(1) == ["NEXT"]


def test_a_reader_needs_a_port() -> None:
    with pytest.raises(ValueError, match="no port for scanner profile 'generic'"):
        ScannerReader(GENERIC, "", print, print)


@pytest.mark.parametrize("path", sorted(REPO_SCANNERS.glob("*.toml")), ids=lambda path: path.stem)
def test_every_shipped_profile_round_trips_a_frame_through_loop(path: Path, recorder: Recorder) -> None:
    profile = load_profile(path)
    opened: list[serial.SerialBase] = []

    def opener(url: str, **settings: Any) -> serial.SerialBase:
        port = serial.serial_for_url(url, **settings)  # the profile's real line settings, checked by pyserial
        opened.append(port)
        return port

    with start_reader(profile, "loop://", recorder, opener=opener):
        recorder.wait_for_state(ScannerState.CONNECTED)
        opened[0].write(encode_frame(profile, BOX_23A))
        assert recorder.wait_for_frames(1) == [BOX_23A]
    assert recorder.frames[0].ok


def test_plain_reasons_for_other_port_failures() -> None:
    busy = serial.SerialException(errno.EAGAIN, "Could not exclusively lock port /dev/ttyACM0")
    assert describe_open_error(busy, "/dev/ttyACM0").detail.startswith("in use by another program")
    refused = serial.SerialException("Could not open port socket://desk4:7000: [Errno 111] Connection refused")
    assert describe_open_error(refused, "socket://desk4:7000").detail == "nothing answers at socket://desk4:7000"
    vanished = serial.SerialException("device reports readiness to read but returned no data")
    assert describe_read_error(vanished, "/dev/ttyACM0").detail.startswith("disconnected from /dev/ttyACM0")
    assert describe_open_error(PermissionError(errno.EACCES, "Permission denied"), "x").detail == PERMISSION_DENIED
