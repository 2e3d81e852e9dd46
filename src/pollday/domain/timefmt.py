"""Showing stored times as the UK clock on the count-centre wall."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")


def uk_time(iso: str | None, with_date: bool = False) -> str:
    """'22:41' (or '2026-05-07 22:41') in UK local time; naive times are already local."""
    if not iso:
        return "an unknown time"
    moment = datetime.fromisoformat(iso)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UK)
    return moment.strftime("%Y-%m-%d %H:%M" if with_date else "%H:%M")


def minutes_words(minutes: int) -> str:
    """'12 min', '3h 05m', '4 days': lateness a person can take in at a glance, even the next morning."""
    if minutes < 120:
        return f"{minutes} min"
    if minutes < 48 * 60:
        return f"{minutes // 60}h {minutes % 60:02d}m"
    return f"{minutes // (24 * 60)} days"
