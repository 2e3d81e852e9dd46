"""board_refresh_ms: recomputing what the big screens show, at 1x and 10x.

- the reception/verification board: `contest_verification` for every contest, plus the
  overdue boxes (from the control-room read models, when they exist);
- the control room's stations board and incident list, when
  `pollday.services.control_room_export` exists, with incidents opened through real
  `incident.open` commands (1,000 per constituency at full size: 10,000 at 10x);
- the postal read models, when `pollday.services.postal_export` exists.

All on the boxes-arriving stage at 23:45, when boxes are still arriving and some are
overdue. The floor reads every table the read model reads with one plain query each:
what a refresh costs if it did no per-row queries and no work.
"""

from __future__ import annotations

import importlib
import importlib.util
import random
import time
import typing
from collections.abc import Callable
from datetime import datetime
from functools import partial
from types import ModuleType
from typing import Any

from pollday.bench import figures
from pollday.bench.context import BenchContext
from pollday.bench.elections import count_night_clock
from pollday.domain.commands import COMMANDS
from pollday.domain.records import PROJECTIONS
from pollday.domain.state import StateView
from pollday.domain.table_cache import TableCache
from pollday.domain.verification import contest_verification
from pollday.services.election_service import ElectionService

STAGE = "boxes-arriving"
MIN_SAMPLES = 3
GOAL = "p99 < 100 ms at 10x"
CONTROL_ROOM_MODULE = "pollday.services.control_room_export"
CONTROL_ROOM_COMMANDS = "pollday.domain.commands.control_room"
POSTAL_MODULE = "pollday.services.postal_export"
VERIFICATION_TABLES = ("contests", "stations", "boxes", "box_receipts", "bpas", "verification_counts",
                       "paper_moves", "account_resolutions", "postal_boxes")
OVERDUE_TABLES = ("box_dispatches",)
CONTROL_ROOM_TABLES = ("election", "stations", "station_status", "incidents", "incident_links", "turnout_returns",
                       "control_settings", "boxes", "box_receipts", "box_dispatches", "users")
INCIDENT_DESCRIPTIONS = ("Ballot papers running low", "Presiding officer reports a queue outside",
                         "Polling station sign missing", "Voter disputes marked register entry",
                         "Door lock broken on arrival", "Teller inside the station")
Reading = Callable[[StateView, datetime], Any]


def figure(ctx: BenchContext) -> figures.Figure:
    control_room = _optional(CONTROL_ROOM_MODULE)
    parts: dict[str, figures.Figure] = {}
    postal = _optional(POSTAL_MODULE)
    for scale in ctx.size.scales:
        goal = GOAL if scale == 10 else None
        try:
            parts.update(_scale_parts(ctx, scale, control_room, goal))
        except Exception as error:  # e.g. this scale's election could not be built: the other scales still count
            parts[f"boards_{scale}x"] = figures.failed(error, unit="ms", goal=goal)
        parts[f"postal_export_{scale}x"] = (
            figures.attempt(partial(_postal, ctx, scale, postal), unit="ms", goal=goal) if postal is not None else
            figures.not_built(f"{POSTAL_MODULE} (postal read models)", unit="ms", goal=goal))
    return figures.composite(parts, unit="ms", goal=GOAL)


def _optional(name: str) -> ModuleType | None:
    """A feature module that may not be written yet: None while it does not exist. One that
    exists but fails to import is an error the bench reports, not a module to skip."""
    if importlib.util.find_spec(name) is None:
        return None
    return importlib.import_module(name)


def _scale_parts(ctx: BenchContext, scale: int, control_room: ModuleType | None,
                 goal: str | None) -> dict[str, figures.Figure]:
    now = count_night_clock().now()
    service = ElectionService.open(ctx.elections.copy(scale, STAGE), clock=count_night_clock(), terminal="bench-board")
    try:
        parts = {f"verification_board_{scale}x": _verification_board(ctx, service, now, control_room, goal)}
        if control_room is None:
            for name in ("stations_board", "incident_list"):
                parts[f"{name}_{scale}x"] = figures.not_built(f"{CONTROL_ROOM_MODULE} (control-room read models)",
                                                              unit="ms", goal=goal)
            return parts
        view_class = control_room.ControlRoomView
        parts[f"stations_board_{scale}x"] = _timed(
            ctx, service, now, lambda view, at: view_class.load(view).board(at), CONTROL_ROOM_TABLES, goal,
            f"ControlRoomView.load(view).board(now), {service.store.view().count('stations')} stations")
        opened = ctx.size.incidents_per_scale * scale
        _open_incidents(service, opened)
        incidents = service.store.view().count("incidents")
        parts[f"incident_list_{scale}x"] = _timed(
            ctx, service, now, lambda view, at: view_class.load(view).incidents(at), CONTROL_ROOM_TABLES, goal,
            f"ControlRoomView.load(view).incidents(now) over {incidents:,} incidents: the demo's own and {opened:,} "
            "more opened by incident.open")
        # What the control-room desk itself reads after every change: the board, the attention list and one
        # screen of incidents (the full list above is what the PDF and the export read).
        from pollday.tui.screens.control_words import read_control_room

        parts[f"control_desk_reading_{scale}x"] = _timed(
            ctx, service, now, lambda view, at: read_control_room(service, at), CONTROL_ROOM_TABLES, goal,
            f"read_control_room(service, now) over {incidents:,} incidents, as the desk reads after each change")
        return parts
    finally:
        service.close()


def _verification_board(ctx: BenchContext, service: ElectionService, now: datetime,
                        control_room: ModuleType | None, goal: str | None) -> figures.Figure:
    overdue = control_room.overdue_boxes if control_room is not None else None

    def board(view: StateView, at: datetime) -> Any:
        # As the verification desk reads: one table cache for the whole reading.
        cache = TableCache(view)
        accounts = [contest_verification(cache, row["contest_id"]) for row in cache.rows("contests")]
        return accounts, overdue(view, at) if overdue is not None else []

    view = service.store.view()
    notes = (f"contest_verification for {view.count('contests')} contests over {view.count('boxes')} station boxes"
             + (", plus overdue_boxes" if overdue is not None else
                f"; overdue boxes not included: {CONTROL_ROOM_MODULE} is not built yet"))
    tables = VERIFICATION_TABLES + (OVERDUE_TABLES if overdue is not None else ())
    return _timed(ctx, service, now, board, tables, goal, notes)


def _timed(ctx: BenchContext, service: ElectionService, now: datetime, reading: Reading, tables: tuple[str, ...],
           goal: str | None, notes: str) -> figures.Figure:
    view = service.store.view()
    reading(view, now)  # once untimed: SQLite's page cache warm, as on a screen that refreshes every second
    samples: list[float] = []
    # A read model taking seconds gets fewer samples, not minutes of the run.
    while len(samples) < ctx.size.board_repeats and (
            len(samples) < MIN_SAMPLES or sum(samples) < ctx.size.read_model_budget_s * 1000):
        started = time.perf_counter()
        reading(view, now)
        samples.append((time.perf_counter() - started) * 1000)
    floor = []
    for _ in range(len(samples)):
        started = time.perf_counter()
        for table in tables:
            view.rows(table)
        floor.append((time.perf_counter() - started) * 1000)
    return figures.latency(
        samples, floor=figures.floor_samples(f"one plain query per table read ({', '.join(tables)})", floor),
        goal=goal, goal_met=figures.percentile(samples, 0.99) < 100 if goal else None, notes=notes)


def _postal(ctx: BenchContext, scale: int, postal: ModuleType) -> figures.Figure:
    service = ElectionService.open(ctx.elections.get(scale, STAGE).path, clock=count_night_clock())
    try:
        voters = service.store.view().count("postal_voters")
        tables = ("contests", *(spec.name for spec in PROJECTIONS if spec.name.startswith("postal_")))
        figure = _timed(ctx, service, count_night_clock().now(), lambda view, at: postal.postal_export(service),
                        tables, GOAL if scale == 10 else None,
                        f"postal_export(service) over {voters:,} postal voters")
    finally:
        service.close()
    if voters == 0:
        figure["notes"] += ("; the demo's stages do not create postal voters yet, so this is an empty postal book: "
                            "the 10x postal voters part is not built yet")
    return figure


def _open_incidents(service: ElectionService, count: int) -> None:
    """`count` incidents through real commands, spread over the stations with a seeded stream."""
    importlib.import_module(CONTROL_ROOM_COMMANDS)  # registers incident.open, if the domain does not already
    if "incident.open" not in COMMANDS:
        raise RuntimeError(f"{CONTROL_ROOM_MODULE} exists but no incident.open command is registered")
    categories = _command_choices("incident.open", "category")
    stations = [row["station_id"] for row in service.store.view().rows("stations")]
    session = service.session_for("control1")
    rng = random.Random(f"bench-incidents-{count}")
    for _ in range(count):
        result = service.execute(session, {"cmd": "incident.open", "args": {
            "category": rng.choice(categories), "description": rng.choice(INCIDENT_DESCRIPTIONS),
            "station_id": rng.choice(stations)}})
        if not result.applied:
            raise RuntimeError(f"incident.open was refused: {result.reason}")


def _command_choices(command: str, argument: str) -> list[str]:
    """The values an enum argument of a command accepts, read from the command itself."""
    hint = typing.get_type_hints(COMMANDS[command])[argument]
    return [member.value for member in hint]
