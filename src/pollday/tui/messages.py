"""Messages shared between the app and its screens ("attributes down, messages up")."""

from __future__ import annotations

from typing import Any

from textual.message import Message

from pollday.tui.readings import StoreMark


class StoreChecked(Message):
    """Posted by the background change check: the database's mark now, or why it could not be read."""

    def __init__(self, mark: StoreMark | None, problem: str = "", watched: tuple[str, str] | None = None,
                 desk_row: dict[str, Any] | None = None) -> None:
        super().__init__()
        self.mark = mark
        self.problem = problem
        self.watched = watched  # (username, desk) whose row was read, or None
        self.desk_row = desk_row


class ElectionDataChanged(Message):
    """Something was committed to the election (here or on another terminal): re-read what you show."""


class ScanReceived(Message):
    """One code read at this terminal, by a serial scanner, a keyboard-wedge scanner or typed by hand.

    Every source delivers the same message to the screen that has the focus, so a desk handles
    `on_scan_received` once and a damaged label can always be typed instead of scanned.
    `source` is "serial", "scanned" (keyboard wedge) or "typed".
    """

    def __init__(self, text: str, source: str) -> None:
        super().__init__()
        self.text = text
        self.source = source
