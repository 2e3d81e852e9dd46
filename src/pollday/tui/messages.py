"""Messages shared between the app and its screens ("attributes down, messages up")."""

from __future__ import annotations

from textual.message import Message

from pollday.tui.readings import StoreMark


class StoreChecked(Message):
    """Posted by the background change check: the database's mark now, or why it could not be read."""

    def __init__(self, mark: StoreMark | None, problem: str = "") -> None:
        super().__init__()
        self.mark = mark
        self.problem = problem


class ElectionDataChanged(Message):
    """Something was committed to the election (here or on another terminal): re-read what you show."""
