"""What the chooser's forms suggest and say: the next session and batch, a box number, the notice check.

Only suggestions and warnings: the commands decide (a duplicate ID or box number is refused
there, with its reason), and short notice is recorded, never refused (reference §5.4).
"""

from __future__ import annotations

import re
from datetime import datetime

from pollday.domain.postal import NOTICE_HOURS, NotADate, notice_shortfall, parse_written_date
from pollday.domain.timefmt import UK
from pollday.tui.screens.postal_words import PostalReading

NOTICE_EXAMPLE = "e.g. 20/11/2026 10:00"
_DATE_AND_TIME = re.compile(r"^(?P<date>.+?)[\sT,]+(?P<hour>\d{1,2})[:.](?P<minute>\d{2})$")


def _number_in(text: str) -> int | None:
    match = re.search(r"(\d+)$", text)
    return int(match.group(1)) if match else None


def next_session_id(reading: PostalReading) -> str:
    numbers = [n for n in (_number_in(s) for s in reading.session_ids) if n is not None]
    number = max(numbers, default=0) + 1
    while f"S{number}" in reading.session_ids:
        number += 1
    return f"S{number}"


def next_batch(reading: PostalReading) -> str:
    numbers = [n for n in (_number_in(b.batch) for b in reading.batch_rows) if n is not None]
    return str(max(numbers, default=0) + 1)


def suggested_box_id(reading: PostalReading, contest_id: str) -> str:
    """P8 for the first contest's box in session S8, P8-2 for the second contest's, and so on."""
    number = _number_in(reading.session_id) if reading.session_id else None
    position = next((i for i, (cid, _name) in enumerate(reading.contests) if cid == contest_id), 0)
    base = f"P{number if number is not None else ''}" + (f"-{position + 1}" if position else "")
    taken = {b.box_id for b in reading.box_rows}
    if base not in taken:
        return base
    return next(f"{base}{letter}" for letter in "ABCDEFGHJKLMNPQRSTUVWXYZ" if f"{base}{letter}" not in taken)


def contest_needing_a_box(reading: PostalReading) -> str:
    """The first contest without an open box in this session: the likely one to open next."""
    open_for = {b.contest_id for b in reading.box_rows if b.state == "open"}
    return next((cid for cid, _name in reading.contests if cid not in open_for),
                reading.contests[0][0] if reading.contests else "")


def read_notice(text: str, today: datetime) -> datetime:
    """A UK date and time as typed ("20/11/2026 10:00", "2026-11-20 10:00"), without a zone (UK time).

    Raises ValueError with what to type instead.
    """
    match = _DATE_AND_TIME.match(text.strip())
    if match is None:
        raise ValueError(f"give the date and the time, {NOTICE_EXAMPLE}")
    try:
        day = parse_written_date(match.group("date"), today.date())
    except NotADate as error:
        raise ValueError(str(error)) from None
    hour, minute = int(match.group("hour")), int(match.group("minute"))
    if day is None or hour > 23 or minute > 59:
        raise ValueError(f"'{text.strip()}' is not a date and time: {NOTICE_EXAMPLE}")
    return datetime(day.year, day.month, day.day, hour, minute)


def _how_long(hours: float) -> str:
    whole = int(hours)
    if whole < 48:
        return f"{whole} hour{'s' if whole != 1 else ''}"
    return f"{whole // 24} days {whole % 24} hours"


def notice_check(text: str, now: datetime) -> tuple[str, str]:
    """(tone, words) for the notice typed so far: hint, bad, short or good."""
    if not text.strip():
        return "hint", "When did written notice of this session go to the candidates? Day/month/year and time."
    local_now = now.astimezone(UK)
    try:
        notice = read_notice(text, local_now).replace(tzinfo=UK)
    except ValueError as error:
        return "bad", str(error)[:1].upper() + str(error)[1:]
    if notice > local_now:
        return "bad", "That is later than now: the notice must have gone out before the session starts."
    given = _how_long((local_now - notice).total_seconds() / 3600)
    if notice_shortfall(notice, local_now) is not None:
        return "short", (f"▲ Only {given} of notice: candidates must have at least {NOTICE_HOURS} hours' written "
                         "notice. The session can still open; the warning is recorded with it.")
    return "good", f"✓ Notice given {given} before now: at least {NOTICE_HOURS} hours."
