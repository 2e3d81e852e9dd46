"""The session chooser at the postal desk (F2): the open session, its batches and its postal ballot boxes.

Keys, on either table: Enter on a batch works on it; c counts a batch (or corrects a
count); o opens a postal ballot box; s seals the highlighted box; x closes the session;
n opens a new session when none is open; Tab moves between the tables. The panel only
asks: the desk opens the forms and sends the commands, and the services decide.

A capital letter or a figure is a keyboard-wedge scanner typing a label: it goes back to
checking and into the scan field, as the next PVS arriving always does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Static

from pollday.domain.timefmt import uk_time
from pollday.tui.screens.postal_words import PostalReading

SHORT_SOURCES = {"post": "post", "council_office": "office", "polling_station": "station",
                 "found_in_ballot_box": "in a box"}
HINT_OPEN = "Enter open batch · c count · o open box · s seal box · x close session · Tab"
HINT_NONE = "n: open a new opening session (notice, agents) · F2 or Escape: back"
ACTION_KEYS = {"c": "count", "o": "open_box", "s": "seal", "x": "close", "n": "new_session"}


def is_scan_key(event: events.Key) -> bool:
    """Labels are printed in capitals and figures; the chooser's own keys are small letters."""
    character = event.character or ""
    return len(character) == 1 and (character.isdigit() or character.isupper())


class ChooserTable(DataTable[str]):
    """Passes the chooser's letters up to the panel; the table keeps the arrows and Enter."""

    def on_key(self, event: events.Key) -> None:
        focused = self.screen.focused
        panel = self.query_ancestor(SessionPanel)
        if focused is not self:
            # Queued before a scan moved the focus on: the rest of the label belongs there.
            event.stop()
            event.prevent_default()
            if focused is not None:
                focused.post_message(events.Key(event.key, event.character))
            return
        if is_scan_key(event):
            event.stop()
            event.prevent_default()
            panel.scan_started(event)
        elif event.key in ACTION_KEYS:
            event.stop()
            event.prevent_default()
            panel.ask(ACTION_KEYS[event.key])


class SessionPanel(Vertical):
    DEFAULT_CSS: ClassVar[str] = """
    SessionPanel { height: 1fr; }
    SessionPanel #ps-session { height: auto; max-height: 3; background: #1c1c1c; color: #e0e0e0; }
    SessionPanel #ps-tables { height: 1fr; }
    SessionPanel ChooserTable { height: 1fr; scrollbar-size-vertical: 1; }
    SessionPanel #ps-batches { width: 36; margin-right: 1; }
    SessionPanel #ps-boxes { width: 1fr; }
    SessionPanel #ps-hint { height: auto; color: #a0a0a0; }
    """

    class Asked(Message):
        """`action`: choose (a batch), count, open_box, seal (a box), close or new_session."""

        def __init__(self, action: str, target: str) -> None:
            super().__init__()
            self.action = action
            self.target = target

    def __init__(self, *, on_scan_key: Callable[[events.Key], None] | None = None, **options: Any) -> None:
        super().__init__(**options)
        self._on_scan_key = on_scan_key
        self.reading: PostalReading | None = None
        self.current_batch = ""

    def compose(self) -> ComposeResult:
        yield Static("", id="ps-session", markup=False)
        with Horizontal(id="ps-tables"):
            yield ChooserTable(id="ps-batches", cursor_type="row", zebra_stripes=True)
            yield ChooserTable(id="ps-boxes", cursor_type="row", zebra_stripes=True)
        yield Static(HINT_NONE, id="ps-hint", markup=False)

    def on_mount(self) -> None:
        batches = self.batches
        for label, key, width in (("Batch", "batch", 5), ("From", "source", 8), ("Counted", "envelopes", 7),
                                  ("Opened", "items", 6)):
            batches.add_column(label, key=key, width=width)
        boxes = self.boxes
        for label, key, width in (("Box", "box", 6), ("Contest", "contest", 12), ("State", "state", 9),
                                  ("Papers", "papers", 6)):
            boxes.add_column(label, key=key, width=width)

    @property
    def batches(self) -> ChooserTable:
        return self.query_one("#ps-batches", ChooserTable)

    @property
    def boxes(self) -> ChooserTable:
        return self.query_one("#ps-boxes", ChooserTable)

    def show(self, reading: PostalReading, current_batch: str) -> None:
        # The highlighted rows are found in the old reading, then kept by key in the new one.
        keep_batch, keep_box = self.highlighted_batch or current_batch, self.highlighted_box
        self.reading, self.current_batch = reading, current_batch
        self.query_one("#ps-session", Static).update(session_text(reading))
        self.query_one("#ps-hint", Static).update(HINT_OPEN if reading.session_id else HINT_NONE)
        self._fill_batches(reading, current_batch, keep_batch)
        self._fill_boxes(reading, keep_box)

    def _fill_batches(self, reading: PostalReading, current_batch: str, keep: str) -> None:
        table = self.batches
        table.clear()
        for row in reading.batch_rows:
            mark = "▶" if row.batch == current_batch else " "
            opened = f"{row.items}" + (" ✓" if row.complete else "")
            table.add_row(f"{mark}{row.batch}", SHORT_SOURCES.get(row.source, row.source), str(row.envelopes),
                          opened, key=row.batch)
        if keep and reading.batch_row(keep) is not None:
            table.move_cursor(row=table.get_row_index(keep))

    def _fill_boxes(self, reading: PostalReading, keep: str) -> None:
        table = self.boxes
        table.clear()
        for box in reading.box_rows:
            table.add_row(box.box_id, box.contest, box.state, str(box.papers), key=box.box_id)
        if keep and any(b.box_id == keep for b in reading.box_rows):
            table.move_cursor(row=table.get_row_index(keep))

    @property
    def highlighted_batch(self) -> str:
        return _highlighted(self.batches, [b.batch for b in self.reading.batch_rows] if self.reading else [])

    @property
    def highlighted_box(self) -> str:
        return _highlighted(self.boxes, [b.box_id for b in self.reading.box_rows] if self.reading else [])

    def focus_tables(self) -> None:
        self.screen.set_focus(self.batches)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.data_table.id == "ps-batches" and event.row_key.value is not None:
            self.post_message(self.Asked("choose", str(event.row_key.value)))

    def ask(self, action: str) -> None:
        target = self.highlighted_box if action == "seal" else ""
        self.post_message(self.Asked(action, target))

    def scan_started(self, event: events.Key) -> None:
        if self._on_scan_key is not None:
            self._on_scan_key(event)


def _highlighted(table: DataTable[str], keys: list[str]) -> str:
    if not keys or table.row_count == 0:
        return ""
    return keys[min(table.cursor_row, len(keys) - 1)]


def session_text(reading: PostalReading) -> Text:
    session = reading.session
    text = Text()
    if session is None:
        text.append("No opening session is open. ", style="bold")
        text.append("Press n to open one: you give the time written notice went to the candidates, and the "
                    "agents notified.")
        return text
    text.append(f"{session.session_id} {session.name}", style="bold")
    if session.final:
        text.append(" (final)")
    text.append(f" · opened {uk_time(session.opened_at)} · notice {uk_time(session.notice_given_at, True)}")
    if session.notice_warning:
        text.append(" ▲ SHORT NOTICE", style="bold black on #ffaf00")
    agents = ", ".join(session.agents) or "none named"
    text.append(f" · up to {session.max_agents} agents each · agents: {agents}")
    return text
