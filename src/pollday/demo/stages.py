"""Advancing the demo election through its stages with real commands, never table writes.

Each stage is a script of commands run through the services with a manual clock set
to the right moment of the night, so the same seed always gives the same journal and
the same digest.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, time, timedelta
from pathlib import Path

from pollday.demo.count_night import count_everything, declare_everything
from pollday.demo.generator import build_demo_definition
from pollday.demo.night import (
    BOXES_ARRIVING_UNTIL,
    DemoNight,
    close_poll,
    close_poll_and_receive,
    verify_everything,
)
from pollday.demo.polling_day import dispatch_boxes, run_polling_day
from pollday.demo.postal_night import (
    import_absent_voters,
    open_votes_found_in_ballot_box,
    record_late_returns,
    run_final_session,
    run_opening_sessions,
)
from pollday.demo.scenario import build_demo_scenario
from pollday.domain.election import ElectionDefinition, ElectionMode
from pollday.domain.timefmt import UK
from pollday.services.clock import ManualClock
from pollday.services.election_service import ElectionService

DEMO_TERMINAL = "demo"
DEMO_USER = "ro"

StageScript = Callable[[DemoNight], None]


def uk_moment(definition: ElectionDefinition, at: time, days_after_poll: int = 0) -> datetime:
    return datetime.combine(definition.poll_date + timedelta(days=days_after_poll), at, tzinfo=UK)


def _polling_day(night: DemoNight) -> None:
    import_absent_voters(night)
    run_opening_sessions(night)  # the six opening sessions run before polling day
    run_polling_day(night)


def _boxes_arriving(night: DemoNight) -> None:
    close_poll(night)
    dispatch_boxes(night)
    run_final_session(night)
    close_poll_and_receive(night, until=night.local(BOXES_ARRIVING_UNTIL))


def _verified(night: DemoNight) -> None:
    close_poll_and_receive(night, until=None)
    open_votes_found_in_ballot_box(night, count_at_verification=False)
    verify_everything(night)


def _counted(night: DemoNight) -> None:
    count_everything(night)


def _declared(night: DemoNight) -> None:
    record_late_returns(night)
    declare_everything(night)


# In order: each stage runs every script before it first.
STAGE_SCRIPTS: dict[str, StageScript] = {
    "polling-day": _polling_day,
    "boxes-arriving": _boxes_arriving,
    "verified": _verified,
    "counted": _counted,
    "declared": _declared,
}
STAGES: tuple[str, ...] = ("setup", *STAGE_SCRIPTS)


def build_demo(path: Path, seed: int = 2026, stage: str = "setup", scale: int = 1) -> ElectionService:
    """Build the demo election in a new database and advance it to `stage`."""
    if stage not in STAGES:
        raise ValueError(f"unknown stage '{stage}': choose one of {', '.join(STAGES)}")
    scripts = [STAGE_SCRIPTS[name] for name in STAGES[1 : STAGES.index(stage) + 1]]
    definition = build_demo_definition(seed, scale)
    rng = random.Random(f"demo-entropy-{seed}")
    clock = ManualClock(uk_moment(definition, time(9, 0), days_after_poll=-1))
    service = ElectionService.create(
        path, definition, ElectionMode.REHEARSAL, clock=clock, terminal=DEMO_TERMINAL, entropy=rng.randbytes
    )
    night = DemoNight(service, clock, definition, build_demo_scenario(definition, seed),
                      random.Random(f"demo-night-{seed}"))
    try:
        for script in scripts:
            script(night)
    except BaseException:
        service.close()  # a demo that did not finish is no use to anyone: leave no file behind
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        raise
    return service
