"""Which desks a signed-in user may open (the desks themselves are defined in the domain)."""

from __future__ import annotations

from pollday.domain.desks import DESKS, DESKS_BY_KEY, Desk
from pollday.services.session import Session

__all__ = ["DESKS", "DESKS_BY_KEY", "Desk", "desks_for"]


def desks_for(session: Session) -> tuple[Desk, ...]:
    return tuple(desk for desk in DESKS if desk.open_to(session))
