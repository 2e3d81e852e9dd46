"""scan_to_commit_ms and sqlite_commit_floor_ms: one box label scanned at reception, end to end.

A framed read is written into one end of a pseudo-terminal pair, as a serial scanner
writes into its port. The real ScannerReader on the other end cuts the frame; the desk
callback checks the payload (read_scan), runs `box.check_in` for a box not yet received
(one BEGIN IMMEDIATE transaction: journal entry and projection rows) and posts the
"screen message", recording the time. No Textual app is involved: the TUI adds one
message hop, which tech-notes puts at well under a millisecond.

Scans are paced (each waits for its message), and each is preceded by one bare SQLite
commit in the same folder, so the floor samples see the same disk at the same moments.
The demo's boxes-arriving stage has only a few boxes still travelling, so the scans run
in rounds, each on a fresh copy of that election.
"""

from __future__ import annotations

import os
import threading
import time
import tty
from functools import partial
from pathlib import Path

from pollday.bench import figures
from pollday.bench.context import BenchContext
from pollday.bench.elections import count_night_clock
from pollday.bench.sqlite_floor import FloorDatabase, commit_latencies
from pollday.devices.framing import Frame, encode_frame
from pollday.devices.profiles import ScannerProfile, find_profile
from pollday.devices.serial_reader import ScannerReader, ScannerState, ScannerStatus
from pollday.domain.ordering import natural_key
from pollday.domain.payloads import PayloadKind, election_tag, encode, read_scan
from pollday.services.election_service import ElectionService
from pollday.store.database import Store

SCAN_TIMEOUT_S = 10.0  # only reached when something is broken
STAGE = "boxes-arriving"
GOAL = "p99 <= 1.5 x floor p99 + 1 ms"
FLOOR_WHAT = "bare one-row INSERT + COMMIT, WAL, synchronous=FULL, BEGIN IMMEDIATE, same folder"


class Pty:
    """A pseudo-terminal pair in raw mode: `send` plays the scanner, `path` is its port."""

    def __init__(self) -> None:
        self.master, self.slave = os.openpty()
        tty.setraw(self.slave)
        self.path = os.ttyname(self.slave)

    def send(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            view = view[os.write(self.master, view):]

    def close(self) -> None:
        os.close(self.master)
        os.close(self.slave)


class ScanDesk:
    """A reception desk without a screen: what it does with each read, ending in the posted message."""

    def __init__(self) -> None:
        self._posted = threading.Event()
        self._connected = threading.Event()
        self._posted_at = 0.0
        self.transport_only = False  # True: post the frame's text at once, to time the serial path alone
        self.service: ElectionService | None = None
        self.messages: list[tuple[bool, str]] = []

    def use(self, service: ElectionService) -> None:
        election = service.election()
        self.service = service
        self._session = service.session_for("reception1")
        self._election_id, self._mode = election["election_id"], election["mode"]

    def on_status(self, status: ScannerStatus) -> None:
        if status.state == ScannerState.CONNECTED:
            self._connected.set()

    def wait_connected(self) -> None:
        if not self._connected.wait(SCAN_TIMEOUT_S):
            raise TimeoutError("the scanner reader never connected to the pseudo-terminal")

    def on_frame(self, frame: Frame) -> None:
        if self.transport_only:
            self._post(True, frame.text)
            return
        try:
            self._post(*self._check_in(frame))
        except Exception as error:  # posted, so the waiting scan fails loudly instead of timing out
            self._post(False, f"{type(error).__name__}: {error}")

    def _check_in(self, frame: Frame) -> tuple[bool, str]:
        if not frame.ok:
            return False, f"scan again: {frame.error}"
        reading = read_scan(frame.text, self._election_id, self._mode)
        if not reading.valid or reading.payload is None or reading.payload.kind != PayloadKind.BOX:
            return False, reading.reason
        if self.service is None:
            raise RuntimeError("the desk has no election open")
        box_id = reading.payload.body
        result = self.service.execute(self._session, {
            "cmd": "box.check_in", "args": {"box_id": box_id, "delivered_by": "the presiding officer"}})
        return result.applied, f"Box {box_id} checked in" if result.applied else result.reason

    def _post(self, applied: bool, message: str) -> None:
        self._posted_at = time.perf_counter()
        self.messages.append((applied, message))
        self._posted.set()

    def scan(self, pty: Pty, frame: bytes) -> float:
        """Send one read and wait for its message; the time between, in milliseconds."""
        self._posted.clear()
        started = time.perf_counter()
        pty.send(frame)
        if not self._posted.wait(SCAN_TIMEOUT_S):
            raise TimeoutError(f"no message {SCAN_TIMEOUT_S:.0f} s after sending {frame!r}")
        return (self._posted_at - started) * 1000


def commit_floor_figure(ctx: BenchContext) -> figures.Figure:
    samples, settings = commit_latencies(ctx.scratch("floor-commits.db"), ctx.size.scans)
    return figures.latency(
        samples, floor_reason="this is the floor: the least a durable commit costs on this disk",
        notes=f"{FLOOR_WHAT}; the floor of scan_to_commit_ms and commands_per_s", settings=settings)


def scan_figure(ctx: BenchContext) -> figures.Figure:
    return figures.composite({f"{scale}x": figures.attempt(partial(_at_scale, ctx, scale), unit="ms", goal=GOAL)
                              for scale in ctx.size.scales}, unit="ms", goal=GOAL)


def _at_scale(ctx: BenchContext, scale: int) -> figures.Figure:
    election = ctx.elections.get(scale, STAGE)
    travelling = _boxes_not_received(election.path)
    if not travelling:
        raise RuntimeError(f"every box of the {scale}x {STAGE} election is already received: nothing to scan")
    profile = find_profile("generic")
    pty = Pty()
    desk = ScanDesk()
    reader = ScannerReader(profile, pty.path, desk.on_frame, desk.on_status)
    floor = FloorDatabase(ctx.scratch(f"floor-scan-x{scale}.db"))
    try:
        reader.start()
        desk.wait_connected()
        transport = _transport(desk, pty, profile, travelling, ctx.size.transport_scans)
        samples, floor_samples, rounds = _rounds(ctx, scale, desk, pty, profile, travelling, floor)
    finally:
        reader.stop()
        floor.close()
        pty.close()
    floor_p99 = figures.percentile(floor_samples, 0.99)
    p99 = figures.percentile(samples, 0.99)
    return figures.latency(
        samples, floor=figures.floor_samples(FLOOR_WHAT, floor_samples), goal=GOAL,
        goal_met=p99 <= 1.5 * floor_p99 + 1,
        notes=(f"box.check_in of boxes still travelling, {rounds} round(s) of {len(travelling)} on fresh copies of "
               f"the {scale}x {STAGE} election; profile {profile.name}"),
        goal_limit_ms=figures.rounded(1.5 * floor_p99 + 1),
        serial_transport_ms=figures.spread(transport),
        election=election.built_with,
    )


def _boxes_not_received(path: Path) -> list[str]:
    store = Store.open(path)
    try:
        view = store.view()
        received = {row["box_id"] for row in view.rows("box_receipts")}
        return sorted((row["box_id"] for row in view.rows("boxes") if row["box_id"] not in received),
                      key=natural_key)
    finally:
        store.close()


def _payloads(path: Path, boxes: list[str]) -> list[str]:
    store = Store.open(path)
    try:
        election = store.view().rows("election")[0]
    finally:
        store.close()
    tag = election_tag(election["election_id"], election["mode"])
    return [encode(PayloadKind.BOX, tag, box) for box in boxes]


def _transport(desk: ScanDesk, pty: Pty, profile: ScannerProfile, boxes: list[str], count: int) -> list[float]:
    """Pty -> reader thread -> callback, nothing else: the part of the scan no database can speed up."""
    frames = [encode_frame(profile, f"BENCH-{box}") for box in boxes]
    desk.transport_only = True
    try:
        # Consecutive frames always differ, so the reader's repeat filter never swallows one.
        return [desk.scan(pty, frames[number % len(frames)]) for number in range(count)]
    finally:
        desk.transport_only = False


def _rounds(ctx: BenchContext, scale: int, desk: ScanDesk, pty: Pty, profile: ScannerProfile,
            boxes: list[str], floor: FloorDatabase) -> tuple[list[float], list[float], int]:
    samples: list[float] = []
    floor_samples: list[float] = []
    rounds = 0
    while len(samples) < ctx.size.scans:
        rounds += 1
        copy = ctx.elections.copy(scale, STAGE)
        service = ElectionService.open(copy, clock=count_night_clock(), terminal="bench-reception")
        try:
            desk.use(service)
            frames = [encode_frame(profile, payload) for payload in _payloads(copy, boxes)]
            for frame in frames[: ctx.size.scans - len(samples)]:
                floor_samples.append(floor.commit_once())
                samples.append(desk.scan(pty, frame))
                applied, message = desk.messages[-1]
                if not applied:
                    raise RuntimeError(f"a scan was not checked in: {message}")
        finally:
            service.close()
    return samples, floor_samples, rounds
