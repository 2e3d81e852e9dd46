"""One box's history: where it has been and who had it, its seals, its packets and its BPA keyings.

The chain of custody (reference §1.5) on one screen, in time order, so a question about a
box ("who checked it in? which seal was broken?") is answered one key away from the desk.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Label, Static

from pollday.domain.timefmt import uk_time
from pollday.domain.verification import BPA_FIGURES
from pollday.tui.reception_readings import FIGURE_LABELS, BoxHistory, BpaKeying, read_box_history
from pollday.tui.screens.base import LiveScreen
from pollday.tui.screens.reception_views import box_line
from pollday.tui.screens.reception_widgets import BAD, seal_text
from pollday.tui.shell import shell_of

HISTORY_CSS = """
BoxHistoryScreen #history-body {
    padding: 0 1;
}

BoxHistoryScreen #history-title {
    text-style: bold;
    color: yellow;
}

BoxHistoryScreen .history-section {
    text-style: bold;
    color: yellow;
    margin-top: 1;
}
"""


def timeline(history: BoxHistory) -> Table:
    """Time, what and who, wrapped to the terminal's width rather than cut off."""
    table = Table(box=None, show_edge=False, pad_edge=False, expand=True, header_style="bold")
    table.add_column("Time", width=5, no_wrap=True)
    table.add_column("What", ratio=3)
    table.add_column("Who", ratio=1)
    for event in history.events:
        style = BAD if any(word in event.what for word in ("DAMAGED", "MISSING", "UNEXPECTED", "missing")) else ""
        table.add_row(uk_time(event.at), Text(event.what, style=style), event.by)
    return table


def bpa_table(keyings: tuple[BpaKeying, ...]) -> Table:
    """Every keying side by side; a figure the keyings disagree on is red."""
    table = Table(box=None, show_edge=False, pad_edge=False, header_style="bold")
    table.add_column("Figure")
    for keying in keyings:
        table.add_column(f"{keying.keying}\n{keying.by}, {uk_time(keying.at)}", justify="right")
    for figure in BPA_FIGURES:
        style = BAD if len({k.figures[figure] for k in keyings}) > 1 else ""
        table.add_row(Text(FIGURE_LABELS[figure], style=style),
                      *(Text(f"{k.figures[figure]:,}", style=style) for k in keyings))
    return table


class BoxHistoryScreen(LiveScreen[BoxHistory | None]):
    CSS = HISTORY_CSS
    AUTO_FOCUS = "#history-body"  # the scroll takes ↑ ↓ PgUp PgDn

    def __init__(self, box_id: str) -> None:
        super().__init__()
        self.box_id = box_id

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="history-body"):
            yield Label(f"History of box {self.box_id}", id="history-title", markup=False)
            yield Static("Reading the election…", id="history-box", markup=False)
            yield Label("What happened", classes="history-section")
            yield Static("", id="history-events")
            yield Label("Seals", classes="history-section")
            yield Static("", id="history-seals")
            yield Label("Ballot paper account", classes="history-section", id="history-bpa-title")
            yield Static("", id="history-bpa")

    def make_reader(self) -> Callable[[], BoxHistory | None]:
        service, box_id = shell_of(self).service, self.box_id
        return lambda: read_box_history(service, box_id)

    def show_reading(self, reading: BoxHistory | None) -> None:
        if reading is None:
            self.query_one("#history-box", Static).update(Text(f"Box {self.box_id} is not a box of this election.",
                                                               style=BAD))
            return
        detail = reading.detail
        self.query_one("#history-box", Static).update(box_line(detail.box))
        self.query_one("#history-events", Static).update(timeline(reading) if reading.events else "Nothing yet.")
        seals = detail.seals
        self.query_one("#history-seals", Static).update(seal_text(seals) if seals else "No seals were issued.")
        keyings = detail.bpa.keyings if detail.bpa is not None else ()
        self.query_one("#history-bpa-title").display = bool(keyings)
        bpa = self.query_one("#history-bpa", Static)
        bpa.display = bool(keyings)
        bpa.update(bpa_table(keyings) if keyings else "")
