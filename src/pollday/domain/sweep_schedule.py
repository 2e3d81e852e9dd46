"""Scheduled postal vote sweeps (reference §6.5: "scheduled times; collected by; packets and counts"): pure rules.

Postal votes handed in at a polling station are collected during the day, usually by the
station's inspector on a round, and the last of them at the close of poll (§6.1: "collect
postal votes, logged carefully"). The office plans those collections; the control room
records each one as it is made, and a recorded collection fulfils the station's next
planned one. What is not collected when it is due shows as overdue.

The functions here return the problem as a sentence (what is wrong and what to do) or
None, as the other control-room rules do; the commands refuse with it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from pollday.domain.control_room import POLLS_CLOSE, POLLS_OPEN, minutes_late, parse_clock, poll_moment
from pollday.domain.timefmt import UK


class SweepState(StrEnum):
    SCHEDULED = "scheduled"
    DONE = "done"
    CANCELLED = "cancelled"


# An inspector's round is not kept to the minute: a collection is late, and a planned one
# overdue, only this long after its time. An assumption [I] for the council to confirm.
SWEEP_GRACE = timedelta(minutes=15)
# A collection made this long before a planned one is an extra collection (a station rang in
# with a pile of packets), not that one come early. Also an assumption [I].
EARLY_COLLECTION = timedelta(hours=2)


def due_moment(text: str, poll_date: date) -> datetime | None:
    """'12:30' is that time on polling day; an ISO time is taken as given (no zone: UK time); else None."""
    clock = parse_clock(text)
    if clock is not None:
        return poll_moment(poll_date, clock)
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return moment.replace(tzinfo=UK) if moment.tzinfo is None else moment


def due_problem(due: datetime, poll_date: date, now: datetime) -> str | None:
    """Why a collection cannot be planned for `due`, seen at `now`, or None."""
    local = due.astimezone(UK)
    when = local.strftime("%H:%M")
    if local.date() != poll_date:
        return (f"{local:%d %B %Y} is not polling day ({poll_date:%d %B %Y}): collections from stations are "
                "planned for polling day")
    opens, closes = poll_moment(poll_date, POLLS_OPEN), poll_moment(poll_date, POLLS_CLOSE)
    if not opens <= local <= closes:
        return (f"{when} is outside polling hours: postal votes are collected from stations between "
                f"{POLLS_OPEN:%H:%M} and {POLLS_CLOSE:%H:%M} (the last at the close of poll)")
    if local < now.astimezone(UK).replace(second=0, microsecond=0):
        return (f"{when} has already passed (it is now {now.astimezone(UK):%H:%M}): give a later time, or record "
                "a collection already made with sweep.record")
    return None


def next_to_fulfil(planned: Iterable[dict[str, Any]], collected: datetime) -> dict[str, Any] | None:
    """The planned collection a collection made at `collected` fulfils: the station's earliest still
    scheduled one, unless even that is so far ahead that this must be an extra collection."""
    waiting = sorted((row for row in planned if row["state"] == SweepState.SCHEDULED),
                     key=lambda row: (datetime.fromisoformat(row["due_at"]), row["number"]))
    if waiting and datetime.fromisoformat(waiting[0]["due_at"]) <= collected + EARLY_COLLECTION:
        return waiting[0]
    return None


def minutes_behind(due: datetime, moment: datetime) -> int:
    """Minutes after the due time, once past the grace (0 until then): how late a collection is, or was."""
    return minutes_late(due, moment) if moment > due + SWEEP_GRACE else 0
