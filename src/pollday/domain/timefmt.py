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
