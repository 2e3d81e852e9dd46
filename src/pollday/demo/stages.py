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

from pollday.demo.generator import build_demo_definition
from pollday.demo.night import (
    BOXES_ARRIVING_UNTIL,
    DemoNight,
    close_poll_and_receive,
    register_postal_boxes,
    verify_everything,
)
from pollday.demo.scenario import build_demo_scenario
from pollday.domain.election import ElectionDefinition, ElectionMode
from pollday.domain.timefmt import UK
from pollday.services.clock import ManualClock
from pollday.services.election_service import ElectionService

DEMO_TERMINAL = "demo"
DEMO_USER = "ro"

StageScript = Callable[[DemoNight], None]


class StageNotAvailable(Exception):
    """The stage needs commands that this version of pollday does not have yet."""


def uk_moment(definition: ElectionDefinition, at: time, days_after_poll: int = 0) -> datetime:
    return datetime.combine(definition.poll_date + timedelta(days=days_after_poll), at, tzinfo=UK)


def _polling_day(night: DemoNight) -> None:
    night.at(uk_moment(night.definition, time(7, 0)))
    night.run("manager", "poll.open")


def _boxes_arriving(night: DemoNight) -> None:
    register_postal_boxes(night)
    close_poll_and_receive(night, until=night.local(BOXES_ARRIVING_UNTIL))


def _verified(night: DemoNight) -> None:
    close_poll_and_receive(night, until=None)
    verify_everything(night)


# In order. A stage without a script yet names what it is waiting for.
STAGE_SCRIPTS: dict[str, StageScript | str] = {
    "polling-day": _polling_day,
    "boxes-arriving": _boxes_arriving,
    "verified": _verified,
    "counted": "the count (issue 5)",
    "declared": "the declaration (issue 5)",
}
STAGES: tuple[str, ...] = ("setup", *STAGE_SCRIPTS)


def available_stages() -> list[str]:
    ready = ["setup"]
    for name, script in STAGE_SCRIPTS.items():
        if isinstance(script, str):
            break
        ready.append(name)
    return ready


def build_demo(path: Path, seed: int = 2026, stage: str = "setup", scale: int = 1) -> ElectionService:
    """Build the demo election in a new database and advance it to `stage`."""
    if stage not in STAGES:
        raise ValueError(f"unknown stage '{stage}': choose one of {', '.join(STAGES)}")
    scripts = [STAGE_SCRIPTS[name] for name in STAGES[1 : STAGES.index(stage) + 1]]
    missing = next((needs for needs in scripts if isinstance(needs, str)), None)
    if missing is not None:
        raise StageNotAvailable(
            f"the demo stage '{stage}' needs {missing}, which this version of pollday does not have yet; "
            f"stages available now: {', '.join(available_stages())}"
        )
    definition = build_demo_definition(seed, scale)
    rng = random.Random(f"demo-entropy-{seed}")
    clock = ManualClock(uk_moment(definition, time(9, 0), days_after_poll=-1))
    service = ElectionService.create(
        path, definition, ElectionMode.REHEARSAL, clock=clock, terminal=DEMO_TERMINAL, entropy=rng.randbytes
    )
    night = DemoNight(service, clock, definition, build_demo_scenario(definition, seed),
                      random.Random(f"demo-night-{seed}"))
    for script in scripts:
        if not isinstance(script, str):
            script(night)
    return service
