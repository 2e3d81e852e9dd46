"""The elections the bench measures on: the seeded demo, built once per run and copied.

Each (scale, stage) is built once with the demo generator into the run's folder and
never written to again; a figure that writes takes its own copy (through SQLite's
backup API), so every figure starts from the same state whatever ran before it.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from datetime import time as clock_time
from pathlib import Path

from pollday.demo.generator import POLL_DATE, build_demo_definition
from pollday.demo.night import BOXES_ARRIVING_UNTIL, DemoNight, close_poll, close_poll_and_receive, verify_everything
from pollday.demo.polling_day import dispatch_boxes, run_polling_day
from pollday.demo.scenario import build_demo_scenario
from pollday.demo.stages import build_demo
from pollday.domain.timefmt import UK
from pollday.services.clock import ManualClock
from pollday.services.election_service import ElectionService
from pollday.store.database import Store

Log = Callable[[str], None]
COUNT_NIGHT_MOMENT = clock_time(23, 45)


@dataclass(frozen=True)
class Election:
    path: Path  # the master copy: read it, never write it
    scale: int
    stage: str
    built_with: str  # how it was built, for the report
    build_s: float
    boxes: int
    received: int
    journal_entries: int


class Elections:
    def __init__(self, folder: Path, seed: int, log: Log) -> None:
        self._folder = folder
        self._seed = seed
        self._log = log
        self._built: dict[tuple[int, str], Election] = {}
        self._refused: dict[int, str] = {}
        self._copies = 0

    def get(self, scale: int, stage: str) -> Election:
        key = (scale, stage)
        if key not in self._built:
            self._built[key] = self._build(scale, stage)
        return self._built[key]

    def built(self) -> list[Election]:
        return list(self._built.values())

    def copy(self, scale: int, stage: str) -> Path:
        """A fresh, writable copy of the election, for a figure that runs commands."""
        master = self.get(scale, stage)
        self._copies += 1
        target = self._folder / f"copy-{self._copies}-x{scale}-{stage}.db"
        store = Store.open(master.path)
        try:
            store.backup_to(target)
        finally:
            store.close()
        return target

    def _build(self, scale: int, stage: str) -> Election:
        path = self._folder / f"demo-x{scale}-{stage}.db"
        self._log(f"building the demo election at {scale}x, stage {stage} (seed {self._seed})")
        started = time.perf_counter()
        how = f"build_demo(seed={self._seed}, stage={stage!r}, scale={scale})"
        try:
            if scale in self._refused:  # the demo refused this scale at an earlier stage: no need to wait again
                raise RuntimeError(self._refused[scale])
            service = build_demo(path, self._seed, stage, scale)
        except RuntimeError as refusal:
            # From scale 3 today's demo refuses its own postal boxes: the postal boxes of every
            # constituency after the second are numbered PP1... again. The rest of the night can
            # still be played with the demo's own scripts, so measure that night, and say so.
            if scale == 1 or stage not in _WITHOUT_POSTAL:
                raise
            self._refused[scale] = str(refusal)
            self._log(f"  the demo refused ({refusal}); building the same night without postal votes")
            service = _without_postal_votes(path, self._seed, stage, scale)
            steps = ", ".join(step.__name__ for step in _steps_to(stage))
            how += f" refused ({refusal}); built instead as build_demo(stage='setup') then the demo's {steps}: " \
                   "the same night without postal votes"
        try:
            view = service.store.view()
            election = Election(path, scale, stage, how, time.perf_counter() - started, view.count("boxes"),
                                view.count("box_receipts"), service.store.journal_length())
        finally:
            service.close()
        self._log(f"  built in {election.build_s:.1f} s: {election.boxes} station boxes, {election.received} "
                  f"receipts, {election.journal_entries} journal entries")
        return election


def _receive_until_half_past_eleven(night: DemoNight) -> None:
    close_poll_and_receive(night, until=night.local(BOXES_ARRIVING_UNTIL))


def _receive_the_rest(night: DemoNight) -> None:
    close_poll_and_receive(night, until=None)


# The demo's stage scripts with their postal steps left out, stage by stage, in order.
_WITHOUT_POSTAL: dict[str, tuple[Callable[[DemoNight], None], ...]] = {
    "polling-day": (run_polling_day,),
    "boxes-arriving": (close_poll, dispatch_boxes, _receive_until_half_past_eleven),
    "verified": (_receive_the_rest, verify_everything),
}


def _steps_to(stage: str) -> list[Callable[[DemoNight], None]]:
    stages = list(_WITHOUT_POSTAL)
    return [step for name in stages[: stages.index(stage) + 1] for step in _WITHOUT_POSTAL[name]]


def _without_postal_votes(path: Path, seed: int, stage: str, scale: int) -> ElectionService:
    service = build_demo(path, seed, "setup", scale)
    clock = service.clock
    if not isinstance(clock, ManualClock):
        service.close()
        raise TypeError("the demo's service should run on a ManualClock")
    definition = build_demo_definition(seed, scale)
    # The same seeded streams build_demo gives its night, so the same seed gives the same data.
    night = DemoNight(service, clock, definition, build_demo_scenario(definition, seed),
                      random.Random(f"demo-night-{seed}"))
    try:
        for step in _steps_to(stage):
            step(night)
    except BaseException:
        service.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        raise
    return service


def count_night_clock() -> ManualClock:
    """23:45 on the night of the demo poll: boxes are still arriving, some of them overdue."""
    return ManualClock(datetime.combine(POLL_DATE, COUNT_NIGHT_MOMENT, tzinfo=UK))
