"""One daemon thread per serial scanner: open the port, cut reads into frames, survive unplugging.

The thread never touches the screen. It hands each frame to `on_frame` and each change of
connection state to `on_status`, both called on the reader thread: the TUI turns them
into posted messages, the CLI prints them. The clock (for debouncing) and the port
opener are injected, so tests drive the reader through a pseudo-terminal or loop:// and
wait on events instead of sleeping.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from types import TracebackType
from typing import Any, Protocol

import serial

from pollday.devices.framing import Frame, FrameDecoder
from pollday.devices.profiles import Parity, ScannerProfile
from pollday.devices.serial_errors import describe_open_error, describe_read_error

logger = logging.getLogger(__name__)

READ_TIMEOUT_S = 0.1  # how long one read may block: also the longest stop() waits for the thread
_PYSERIAL_PARITY = {Parity.NONE: serial.PARITY_NONE, Parity.EVEN: serial.PARITY_EVEN, Parity.ODD: serial.PARITY_ODD}


class ScannerState(StrEnum):
    CONNECTED = "connected"
    RECONNECTING = "reconnecting"  # the port went away or is not there yet: trying again by itself
    ERROR = "error"  # a person must act (permissions, a wrong port URL); see the detail
    STOPPED = "stopped"


@dataclass(frozen=True)
class ScannerStatus:
    state: ScannerState
    detail: str


class ScannerPort(Protocol):
    """The part of a pyserial port the reader uses, so tests can open fakes."""

    @property
    def in_waiting(self) -> int: ...

    def read(self, size: int = 1) -> bytes: ...

    def close(self) -> None: ...


PortOpener = Callable[..., ScannerPort]


@dataclass(frozen=True)
class Backoff:
    """Waits between attempts to reopen a port: doubling from `first_s`, never above `cap_s`,
    so an unplugged scanner costs nothing and a replugged one is back within seconds."""

    first_s: float = 0.25
    cap_s: float = 5.0
    factor: float = 2.0

    def delays(self) -> Iterator[float]:
        delay = self.first_s
        while True:
            yield min(delay, self.cap_s)
            delay = min(delay * self.factor, self.cap_s)


class _Hopeless(Exception):
    """The port settings can never work; the thread ends with an error status."""


class ScannerReader:
    def __init__(
        self,
        profile: ScannerProfile,
        port_url: str,
        on_frame: Callable[[Frame], None],
        on_status: Callable[[ScannerStatus], None],
        clock: Callable[[], float] = time.monotonic,
        opener: PortOpener = serial.serial_for_url,
        read_timeout_s: float = READ_TIMEOUT_S,
        backoff: Backoff | None = None,
    ) -> None:
        if not port_url:
            raise ValueError(f"no port for scanner profile '{profile.name}': give one (see `pollday scanner list`)")
        self.profile = profile
        self.port_url = port_url
        self._on_frame = on_frame
        self._on_status = on_status
        self._clock = clock
        self._opener = opener
        self._read_timeout_s = read_timeout_s
        self._backoff = backoff or Backoff()
        self._decoder = FrameDecoder(profile)
        self._debounce_s = profile.good_read_delay_ms / 1000
        self._last_raw: bytes | None = None
        self._last_seen = 0.0
        self._stop_requested = threading.Event()
        self._status_lock = threading.Lock()
        self._status = ScannerStatus(ScannerState.STOPPED, "not started")
        self._thread: threading.Thread | None = None

    # --- control, from any thread ------------------------------------------------------

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError(f"the reader for {self.port_url} was already started")
        self._thread = threading.Thread(target=self._run, name=f"scanner {self.port_url}", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 2.0) -> bool:
        """Ask the thread to end and wait for it (at most `timeout_s`); True when it has ended."""
        self._stop_requested.set()
        thread = self._thread
        if thread is None or thread is threading.current_thread():
            return True
        thread.join(timeout_s)
        return not thread.is_alive()

    @property
    def status(self) -> ScannerStatus:
        with self._status_lock:
            return self._status

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def __enter__(self) -> ScannerReader:
        if self._thread is None:
            self.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()

    # --- the reader thread -------------------------------------------------------------

    def _run(self) -> None:
        delays = self._backoff.delays()
        try:
            while not self._stop_requested.is_set():
                port = self._open()
                if port is not None:
                    delays = self._backoff.delays()  # connected: the next failure starts from a short wait
                    self._read_until_failure(port)
                if self._stop_requested.wait(next(delays)):
                    break
        except _Hopeless:
            return  # the error status stays, so the screen keeps showing why
        except Exception as error:  # a bug must not leave the desk with a silent scanner
            logger.exception("scanner reader for %s failed", self.port_url)
            self._report(ScannerState.ERROR, f"scanner reader failed ({type(error).__name__}: {error})")
            return
        self._report(ScannerState.STOPPED, "stopped")

    def _open(self) -> ScannerPort | None:
        profile = self.profile
        try:
            port = self._opener(
                self.port_url,
                baudrate=profile.baud,
                bytesize=profile.data_bits,
                parity=_PYSERIAL_PARITY[profile.parity],
                stopbits=profile.stop_bits,
                timeout=self._read_timeout_s,
                exclusive=True,  # two terminals reading one scanner would each get half the reads
            )
        except (serial.SerialException, OSError, ValueError) as error:
            problem = describe_open_error(error, self.port_url)
            state = ScannerState.ERROR if problem.needs_a_person else ScannerState.RECONNECTING
            self._report(state, problem.detail)
            if problem.hopeless:
                raise _Hopeless from error
            return None
        self._decoder.reset()
        self._report(ScannerState.CONNECTED, f"connected to {self.port_url} ({profile.name})")
        return port

    def _read_until_failure(self, port: ScannerPort) -> None:
        try:
            while not self._stop_requested.is_set():
                # Take whatever has arrived; if nothing has, block for one byte or the timeout.
                data = port.read(port.in_waiting or 1)
                if data:
                    for frame in self._decoder.feed(data):
                        self._deliver(frame)
        except (serial.SerialException, OSError) as error:
            if not self._stop_requested.is_set():
                self._report(ScannerState.RECONNECTING, describe_read_error(error, self.port_url).detail)
        finally:
            try:
                port.close()
            except (serial.SerialException, OSError):
                logger.debug("closing %s failed; it was already gone", self.port_url)

    def _deliver(self, frame: Frame) -> None:
        # A 1-D code next to a 2-D code, or a label left under a presentation scanner, is read
        # again and again: pass it once, until it has been away for the good-read delay.
        now = self._clock()
        repeated = frame.raw == self._last_raw and now - self._last_seen < self._debounce_s
        self._last_raw, self._last_seen = frame.raw, now
        if repeated:
            return
        _call_safely(self._on_frame, frame)

    def _report(self, state: ScannerState, detail: str) -> None:
        status = ScannerStatus(state, detail)
        with self._status_lock:
            if status == self._status:
                return  # only changes are news: a scanner left unplugged is reported once
            self._status = status
        _call_safely(self._on_status, status)


def _call_safely(callback: Callable[[Any], None], value: Any) -> None:
    """Run a callback on the reader thread without letting its failure end the thread."""
    try:
        callback(value)
    except Exception:
        logger.exception("a scanner callback failed on %r", value)
