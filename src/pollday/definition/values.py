"""Turning the text people type into typed values, with messages that say what to type instead.

Each parser raises `ValueProblem` whose message describes the value only ("'abc' is not a
whole number"); the caller puts the file, line and field in front.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import TypeVar

from pollday.definition.layout import POWER_SEPARATOR
from pollday.domain.roles import Power

# Excel saves a number cell formatted with separators as "1,553"; that is still a whole number.
_WHOLE_NUMBER = re.compile(r"^[+-]?(\d+|\d{1,3}(,\d{3})+)$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CLOCK_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
_SEAL_SEPARATORS = re.compile(r"[;\s]+")
# Boxes due before noon are the ones that arrive after midnight, once the poll has closed.
_LATEST_EVENING_START = time(12, 0)

ChoiceT = TypeVar("ChoiceT", bound=StrEnum)


class ValueProblem(ValueError):
    """A value that cannot be used; the message says why and what would be accepted."""


def parse_whole_number(raw: str) -> int:
    if not _WHOLE_NUMBER.match(raw):
        raise ValueProblem(f"'{raw}' is not a whole number")
    return int(raw.replace(",", ""))


def parse_date(raw: str) -> date:
    problem = ValueProblem(f"'{raw}' is not a date: write it as YYYY-MM-DD, e.g. 2026-05-07")
    # fromisoformat alone would also take "20260507", which nobody means in this file.
    if not _ISO_DATE.match(raw):
        raise problem
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise problem from None


def parse_choice(raw: str, choices: Iterable[ChoiceT]) -> ChoiceT:
    allowed = list(choices)
    for choice in allowed:
        # Spreadsheets like to capitalise the first letter of a cell; the meaning is the same.
        if raw.lower() == choice.value:
            return choice
    raise ValueProblem(f"'{raw}' is not one of: {', '.join(c.value for c in allowed)}")


def parse_powers(raw: str) -> tuple[Power, ...]:
    """';'-separated Power values; an empty cell means no powers."""
    powers: list[Power] = []
    for part in (p.strip() for p in raw.split(POWER_SEPARATOR)):
        if not part:
            continue
        power = parse_choice(part, Power)
        if power in powers:
            raise ValueProblem(f"'{part}' is listed twice")
        powers.append(power)
    return tuple(powers)


def parse_seals(raw: str) -> tuple[str, ...]:
    """Seal numbers as printed on the seals, separated by ';' or spaces."""
    return tuple(seal for seal in _SEAL_SEPARATORS.split(raw) if seal)


def parse_arrival(raw: str, poll_date: date) -> datetime:
    """An ISO date and time, or a clock time "HH:MM" on the night of the poll.

    A clock time from 12:00 is the evening of the poll date; before 12:00 it is the
    next morning, because boxes arrive after the poll closes and often after midnight.
    """
    clock = _CLOCK_TIME.match(raw)
    if clock:
        hour, minute = int(clock.group(1)), int(clock.group(2))
        if hour > 23 or minute > 59:
            raise ValueProblem(f"'{raw}' is not a time of day: use 00:00 to 23:59")
        at = time(hour, minute)
        day = poll_date if at >= _LATEST_EVENING_START else poll_date + timedelta(days=1)
        return datetime.combine(day, at)
    if "T" not in raw and " " not in raw:
        raise ValueProblem(f"'{raw}' is not a time: write HH:MM (e.g. 22:45) or a date and time "
                           "(e.g. 2026-05-07T22:45)")
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise ValueProblem(f"'{raw}' is not a date and time: write it as YYYY-MM-DDTHH:MM, "
                           "e.g. 2026-05-07T22:45") from None
    if moment.tzinfo is not None:
        raise ValueProblem(f"'{raw}' gives a time zone: give the local time at the count without one")
    return moment
