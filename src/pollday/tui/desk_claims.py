"""Holding a desk at this terminal: claiming it on opening, taking it over, releasing it, losing it.

The rule itself is the domain's (`desk.open`, `desk.close`); this is the terminal's side.
Claims and releases are commands, so they run in thread workers like every write.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from pollday.domain.desks import Desk
from pollday.domain.timefmt import uk_time
from pollday.services.election_service import Result
from pollday.services.session import Session
from pollday.tui.screens.confirm import ConfirmScreen

if TYPE_CHECKING:
    from pollday.tui.app import PolldayApp


def still_held_here(row: dict[str, Any] | None, terminal: str) -> bool:
    return row is not None and bool(row["open"]) and row["terminal"] == terminal


def lost_desk_message(desk: Desk, row: dict[str, Any] | None) -> str:
    if row is not None and row["open"]:
        return (f"Your {desk.title} desk was taken over on terminal {row['terminal']} at {uk_time(row['since'])}. "
                "This terminal is back at the home screen.")
    return f"Your {desk.title} desk was closed elsewhere. This terminal is back at the home screen."


class DeskKeeper:
    """Which desk this terminal holds for its signed-in user, and the work to keep it."""

    def __init__(self, app: PolldayApp) -> None:
        self.app = app
        self.held: Desk | None = None

    def claim(self, desk: Desk, session: Session, take_over: bool = False) -> None:
        if not desk.exclusive:
            self.release(session)
            self.app.show_desk(desk, session)
            return
        previous = self.held.key if self.held is not None and self.held != desk else None
        self.app.run_worker(lambda: self._claim_in_thread(session, desk, previous, take_over), thread=True,
                            group="desk-claim", exit_on_error=False)

    def _claim_in_thread(self, session: Session, desk: Desk, previous: str | None, take_over: bool) -> None:
        service = self.app.service
        try:
            result = service.open_desk(session, desk.key, take_over)
            if result.applied and previous is not None:
                service.close_desk(session, previous)
            holder = None if result.applied else service.desk_session(session.username, desk.key)
        except Exception as error:
            self.app.call_from_thread(self.app.notify, f"The {desk.title} desk could not be opened: {error}",
                                      severity="error", timeout=15)
            return
        self.app.call_from_thread(self._claim_answered, session, desk, result, holder)

    def _claim_answered(self, session: Session, desk: Desk, result: Result, holder: dict[str, Any] | None) -> None:
        app = self.app
        if app.session != session:
            return  # signed out while the claim was on its way
        if result.applied:
            self.held = desk
            app.show_desk(desk, session)
            return
        app.bell()
        if holder is not None and holder["open"] and holder["terminal"] != app.service.terminal:
            app.push_screen(
                ConfirmScreen(
                    f"Take over the {desk.title} desk here?",
                    f"You have it open on terminal {holder['terminal']} since {uk_time(holder['since'])}. "
                    "Taking it over sends that terminal back to its home screen; everything already "
                    "recorded there is kept.",
                ),
                lambda yes: self.claim(desk, session, take_over=True) if yes else None,
            )
            return
        app.notify(result.reason, title=f"{desk.title} desk not opened", severity="error", timeout=15)

    def release(self, session: Session) -> None:
        """Back at the home screen: the desk is free for this person's other terminals."""
        if self.held is None:
            return
        desk, self.held = self.held, None
        self.app.run_worker(lambda: self._release_in_thread(session, desk), thread=True, group="desk-claim",
                            exit_on_error=False)

    def _release_in_thread(self, session: Session, desk: Desk) -> None:
        try:
            self.app.service.close_desk(session, desk.key)
        except Exception as error:
            self.app.call_from_thread(self.app.notify, f"Closing the {desk.title} desk was not recorded: {error}",
                                      severity="warning")

    def release_now(self, session: Session) -> None:
        """On quitting: record the release before the process ends (no worker would outlive it)."""
        if self.held is None:
            return
        desk, self.held = self.held, None
        # If it cannot be recorded the desk stays marked open here; the person's next terminal offers a take-over.
        with contextlib.suppress(Exception):
            self.app.service.close_desk(session, desk.key)

    def forget(self) -> None:
        """Signing out closes every desk at this terminal in the same command."""
        self.held = None

    def watched(self, session: Session | None) -> tuple[str, str] | None:
        """What the background check should read: this person's row for the desk held here."""
        if self.held is None or session is None:
            return None
        return session.username, self.held.key

    def lost(self, watched: tuple[str, str] | None, row: dict[str, Any] | None) -> Desk | None:
        """The desk held here, if the check shows it is held here no longer."""
        if watched is None or self.held is None or watched != self.watched(self.app.session):
            return None
        if still_held_here(row, self.app.service.terminal):
            return None
        return self.held
