"""What the control room's commands share: the settings row, the polling date, a station's status, and
how typed text, counts and reported times are checked.

Kept apart from the commands so the incident and station commands (control_room.py) and the
postal vote sweeps (control_sweeps.py) check an argument the same way and refuse with the
same words.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from pollday.domain.commands.base import CommandContext, Refused
from pollday.domain.commands.election import the_election
from pollday.domain.control_room import DEFAULT_TURNOUT_TIMES, StationState, parse_clock, recent_moment
from pollday.domain.state import StateView
from pollday.domain.timefmt import uk_time

# A time given for something that already happened ("opened at 07:00") may be this far back.
LONGEST_LOOK_BACK = timedelta(hours=12)
MAX_TEXT = 4000  # an incident description or note longer than this is a paste accident


def settings_of(view: StateView) -> dict[str, Any]:
    """The control-room settings row, or the defaults if nothing has been recorded yet."""
    election = the_election(view)
    row = view.get("control_settings", (election["election_id"],))
    if row is not None:
        return row
    return {"election_id": election["election_id"], "turnout_times": list(DEFAULT_TURNOUT_TIMES), "incidents": 0,
            "at": "", "by": ""}


def poll_date_of(view: StateView) -> date:
    return date.fromisoformat(the_election(view)["poll_date"])


def station_or_refuse(view: StateView, station_id: str) -> dict[str, Any]:
    station = view.get("stations", (station_id,))
    if station is None:
        raise Refused(f"station {station_id} is not a polling station of this election: check the number")
    return station


def station_status_of(view: StateView, station_id: str) -> dict[str, Any]:
    """The station's status row, or the row of a station nothing has been recorded for yet."""
    row = view.get("station_status", (station_id,))
    if row is not None:
        return row
    return {"station_id": station_id, "state": StationState.NOT_SET_UP.value, "since": "", "reason": "",
            "queue_length": None, "opened_at": None, "inspector": "", "inspector_at": None, "events": 0,
            "at": "", "by": ""}


def text_arg(value: str, what: str, required: bool = True) -> str:
    text = value.strip()
    if required and not text:
        raise Refused(f"the {what} is empty: write it in a few words")
    if len(text) > MAX_TEXT:
        raise Refused(f"the {what} is {len(text):,} characters long: keep it under {MAX_TEXT:,}")
    return text


def count_arg(value: int, what: str) -> int:
    if value < 0:
        raise Refused(f"{what} is {value}: it cannot be negative")
    return value


def happened_at(ctx: CommandContext, clock_text: str | None, what: str) -> datetime:
    """When something happened: now, or an earlier UK wall-clock time the caller reports ("07:12")."""
    if clock_text is None or not clock_text.strip():
        return ctx.at
    clock = parse_clock(clock_text)
    if clock is None:
        raise Refused(f"'{clock_text}' is not a time for {what}: write it as HH:MM, e.g. 07:12")
    moment = recent_moment(clock, ctx.at)
    if ctx.at - moment > LONGEST_LOOK_BACK:
        # Either long past or still to come today: both are more likely a slip than the truth.
        raise Refused(f"{clock_text} for {what} is not within the last 12 hours (it is now "
                      f"{uk_time(ctx.at.isoformat())}): give the time it happened, or record it in a note")
    return moment.astimezone(ctx.at.tzinfo)  # stored like every other time of the command
