"""Postal vote sweeps (reference §6.5): planning collections from polling stations and recording them.

`sweep.schedule` plans a collection from a station at a time on polling day, by default
by the station's inspector; `sweep.reschedule` moves it or gives it to someone else, and
`sweep.cancel` drops it, each with a reason for the record. `sweep.record` records a
collection as it is made: it fulfils the station's next planned one (or the one it is
told), so the schedule shows what is done and what is overdue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar

from pollday.domain.commands.base import Command, CommandContext, Refused, register
from pollday.domain.commands.control_support import (
    count_arg,
    happened_at,
    poll_date_of,
    station_or_refuse,
    station_status_of,
    text_arg,
)
from pollday.domain.commands.election import the_election
from pollday.domain.commands.reception import person_name
from pollday.domain.roles import Permission
from pollday.domain.stages import PollState
from pollday.domain.state import Change, Patch, Put, StateView
from pollday.domain.sweep_schedule import SweepState, due_moment, due_problem, next_to_fulfil
from pollday.domain.timefmt import uk_time

SCHEDULE = "pv_sweep_schedule"


def _due_or_refuse(text: str, poll_date: date, now: datetime) -> datetime:
    due = due_moment(text, poll_date)
    if due is None:
        raise Refused(f"'{text}' is not a time for the collection: write it as HH:MM on polling day, e.g. 12:30")
    problem = due_problem(due, poll_date, now)
    if problem:
        raise Refused(problem)
    return due


def _planned_or_refuse(view: StateView, station_id: str, number: int) -> dict[str, Any]:
    """A planned collection that is still to be made: one made or cancelled is settled."""
    row = view.get(SCHEDULE, (station_id, number))
    if row is None:
        raise Refused(f"station {station_id} has no planned collection number {number}: check the sweep schedule")
    if row["state"] == SweepState.DONE:
        sweep = view.get("pv_sweeps", (station_id, row["sweep"]))
        made = f" at {uk_time(sweep['collected_at'])} by {sweep['collected_by']}" if sweep else ""
        raise Refused(f"the {uk_time(row['due_at'])} collection from station {station_id} was made{made}: "
                      "it is on the record and stays there")
    if row["state"] == SweepState.CANCELLED:
        raise Refused(f"the {uk_time(row['due_at'])} collection from station {station_id} was cancelled at "
                      f"{uk_time(row['updated_at'])} by {person_name(view, row['updated_by'])} ({row['reason']}): "
                      "schedule a new one instead")
    return row


def _clash(view: StateView, station_id: str, due: datetime, number: int | None = None) -> None:
    for row in view.rows(SCHEDULE, station_id=station_id):
        if row["state"] == SweepState.SCHEDULED and row["number"] != number \
                and datetime.fromisoformat(row["due_at"]) == due:
            raise Refused(f"a collection from station {station_id} is already planned for "
                          f"{uk_time(due.isoformat())} (number {row['number']}): change that one instead")


@register
@dataclass(frozen=True)
class ScheduleSweep(Command):
    name: ClassVar[str] = "sweep.schedule"
    summary: ClassVar[str] = "Plan a postal vote collection from a station"
    permission: ClassVar[Permission | None] = Permission.CONTROL_ROOM

    station_id: str
    due: str  # HH:MM on polling day, or an ISO time on polling day
    collector: str = ""  # empty: the station's inspector, if one is assigned
    note: str = ""

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        station_or_refuse(view, self.station_id)
        election = the_election(view)
        if election["poll_state"] == PollState.CLOSED:
            raise Refused(f"the poll closed at {uk_time(election['poll_closed_at'])}: there is nothing more to plan; "
                          "record the last collection with sweep.record")
        due = _due_or_refuse(self.due, poll_date_of(view), ctx.at)
        _clash(view, self.station_id, due)
        collector = text_arg(self.collector, "collector's name", required=False) \
            or station_status_of(view, self.station_id)["inspector"]
        at = ctx.at.isoformat()
        return [Put(SCHEDULE, {
            "station_id": self.station_id, "number": view.count(SCHEDULE, station_id=self.station_id) + 1,
            "due_at": due.astimezone(ctx.at.tzinfo).isoformat(), "collector": collector,
            "note": text_arg(self.note, "note", required=False), "state": SweepState.SCHEDULED.value, "sweep": None,
            "reason": "", "revisions": 0, "scheduled_at": at, "scheduled_by": ctx.actor, "updated_at": at,
            "updated_by": ctx.actor,
        })]


@register
@dataclass(frozen=True)
class RescheduleSweep(Command):
    name: ClassVar[str] = "sweep.reschedule"
    summary: ClassVar[str] = "Move a planned postal vote collection or give it to another collector"
    permission: ClassVar[Permission | None] = Permission.CONTROL_ROOM

    station_id: str
    number: int
    reason: str
    due: str | None = None  # the new time; None keeps it
    collector: str | None = None  # the new collector; None keeps them

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        station_or_refuse(view, self.station_id)
        row = _planned_or_refuse(view, self.station_id, self.number)
        values: dict[str, Any] = {}
        poll_date = poll_date_of(view)
        # The time it already has is kept as it is, even once past: only a new time has to be still to come.
        if self.due is not None and self.due.strip() \
                and due_moment(self.due, poll_date) != datetime.fromisoformat(row["due_at"]):
            due = _due_or_refuse(self.due, poll_date, ctx.at)
            _clash(view, self.station_id, due, self.number)
            values["due_at"] = due.astimezone(ctx.at.tzinfo).isoformat()
        if self.collector is not None:
            collector = text_arg(self.collector, "collector's name")
            if collector != row["collector"]:
                values["collector"] = collector
        if not values:
            raise Refused(f"collection {self.number} from station {self.station_id} is already planned for "
                          f"{uk_time(row['due_at'])} with {row['collector'] or 'no collector named'}: "
                          "give a new time or collector")
        reason = text_arg(self.reason, "reason for the change")
        return [Patch(SCHEDULE, (self.station_id, self.number), {
            **values, "reason": reason, "revisions": row["revisions"] + 1, "updated_at": ctx.at.isoformat(),
            "updated_by": ctx.actor,
        })]


@register
@dataclass(frozen=True)
class CancelSweep(Command):
    name: ClassVar[str] = "sweep.cancel"
    summary: ClassVar[str] = "Cancel a planned postal vote collection"
    permission: ClassVar[Permission | None] = Permission.CONTROL_ROOM

    station_id: str
    number: int
    reason: str

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        station_or_refuse(view, self.station_id)
        _planned_or_refuse(view, self.station_id, self.number)
        reason = text_arg(self.reason, "reason for cancelling")
        return [Patch(SCHEDULE, (self.station_id, self.number), {
            "state": SweepState.CANCELLED.value, "reason": reason, "updated_at": ctx.at.isoformat(),
            "updated_by": ctx.actor,
        })]


@register
@dataclass(frozen=True)
class RecordSweep(Command):
    name: ClassVar[str] = "sweep.record"
    summary: ClassVar[str] = "Record a postal vote collection from a station"
    permission: ClassVar[Permission | None] = Permission.CONTROL_ROOM

    station_id: str
    collected_by: str
    packets: int
    count: int
    time: str | None = None  # HH:MM of the collection, if earlier than now
    note: str = ""
    scheduled: int | None = None  # the planned collection this is; None: the station's next one, if due

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        station_or_refuse(view, self.station_id)
        collector = text_arg(self.collected_by, "collector's name")
        count_arg(self.packets, "the number of packets")
        count_arg(self.count, "the number of postal votes")
        if self.packets == 0 and self.count > 0:
            raise Refused("postal votes are collected in sealed packets: give the number of packets too")
        planned = _planned_or_refuse(view, self.station_id, self.scheduled) if self.scheduled is not None else None
        collected = happened_at(ctx, self.time, "the collection")
        if planned is None:
            planned = next_to_fulfil(view.rows(SCHEDULE, station_id=self.station_id), collected)
        number = view.count("pv_sweeps", station_id=self.station_id) + 1
        at = ctx.at.isoformat()
        changes: list[Change] = [Put("pv_sweeps", {
            "station_id": self.station_id, "number": number, "collected_by": collector, "packets": self.packets,
            "envelopes": self.count, "collected_at": collected.isoformat(),
            "note": text_arg(self.note, "note", required=False), "at": at, "by": ctx.actor,
        })]
        if planned is not None:
            changes.append(Patch(SCHEDULE, (self.station_id, planned["number"]), {
                "state": SweepState.DONE.value, "sweep": number, "updated_at": at, "updated_by": ctx.actor}))
        return changes


SWEEP_COMMANDS: tuple[type[Command], ...] = (ScheduleSweep, RescheduleSweep, CancelSweep, RecordSweep)
