"""The box board: every ballot box, overdue ones first, with what is wrong with those received.

Readable from across the reception area at 80x24 and 120x40. It re-reads when another
terminal commits and once a minute on its own, because a box becomes overdue with time
alone (reference §1.5: expected arrival times flag overdue boxes).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Label, Static

from pollday.domain.timefmt import uk_time
from pollday.tui.reception_readings import BoardReading, BoardRow, BoxCondition, read_board
from pollday.tui.screens.base import LiveScreen
from pollday.tui.screens.box_history import BoxHistoryScreen
from pollday.tui.shell import shell_of

REREAD_SECONDS = 60.0
WIDE_FROM = 110  # columns: from here the poll gets its own column and names are not cut short

BOARD_CSS = """
BoxBoardScreen #board-body {
    padding: 0 1;
    height: 1fr;
}

BoxBoardScreen #board-title {
    text-style: bold;
    color: yellow;
}

BoxBoardScreen #board-counters {
    height: auto;
}

BoxBoardScreen #board-announcements {
    height: auto;
    text-style: bold;
    color: black;
    background: #80ff80;
    padding: 0 1;
}

BoxBoardScreen #board-table {
    height: 1fr;
    max-height: 100%;
}

BoxBoardScreen #board-detail {
    height: auto;
    min-height: 2;
    border-top: solid #808080;
}
"""

CONDITION_STYLES = {
    BoxCondition.OVERDUE: "bold white on #a00000",
    BoxCondition.IN_TRANSIT: "#ffaf5f",
    BoxCondition.EXPECTED: "#a0a0a0",
    BoxCondition.RECEIVED: "#80ff80",
}


def cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def column_widths(width: int) -> dict[str, int]:
    """Fixed columns first; what is left of the terminal goes to the exceptions.

    Each DataTable column has a cell of padding either side, and the vertical scrollbar
    takes two columns: without counting them the table scrolls sideways at 80 columns.
    """
    wide = width >= WIDE_FROM
    widths = {"box": 4, "place": 30 if wide else 20, "poll": 20 if wide else 0, "expected": 5, "status": 14}
    columns = 6 if wide else 5
    spare = width - 2 - 2 - 2 * columns - sum(widths.values())  # body padding, scrollbar, cell padding
    return {**widths, "exceptions": max(spare, 12)}


def row_cells(row: BoardRow, widths: dict[str, int]) -> list[Text]:
    box = row.box
    style = CONDITION_STYLES[row.condition]
    exceptions = ", ".join(row.short_exceptions)
    cells = [
        Text(box.box_id, style="bold" if row.condition != BoxCondition.OVERDUE else style),
        Text(cut(box.short_place, widths["place"])),
    ]
    if widths["poll"]:
        cells.append(Text(cut(box.contest_name, widths["poll"])))
    cells += [
        Text(uk_time(box.expected_arrival) if box.expected_arrival else "—"),
        Text(row.status_text, style=style),
        Text(cut(exceptions, widths["exceptions"]), style="bold #ff8080" if exceptions else ""),
    ]
    return cells


class BoxBoardScreen(LiveScreen[BoardReading]):
    CSS = BOARD_CSS
    AUTO_FOCUS = "#board-table"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "history", "History of the box"),
        Binding("h", "history", "History", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._widths: dict[str, int] = {}  # the columns now on the table
        self._rows: dict[str, BoardRow] = {}
        self._reading: BoardReading | None = None

    def compose_body(self) -> ComposeResult:
        with Vertical(id="board-body"):
            yield Label("Box board", id="board-title")
            yield Static("Reading the election…", id="board-counters", markup=False)
            yield Static("", id="board-announcements", markup=False)
            yield DataTable(id="board-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="board-detail", markup=False)

    def on_mount(self) -> None:
        self.query_one("#board-announcements").display = False
        self.set_interval(REREAD_SECONDS, self.reload)

    def make_reader(self) -> Callable[[], BoardReading]:
        shell = shell_of(self)
        service, clock = shell.service, shell.clock
        return lambda: read_board(service, clock.now())

    def _columns(self, table: DataTable[Text], widths: dict[str, int]) -> None:
        if widths == self._widths:
            return
        self._widths = widths
        table.clear(columns=True)
        table.add_column("Box", width=widths["box"])
        table.add_column("Station / postal", width=widths["place"])
        if widths["poll"]:
            table.add_column("Poll", width=widths["poll"])
        table.add_column("Due", width=widths["expected"])
        table.add_column("Status", width=widths["status"])
        table.add_column("Exceptions", width=widths["exceptions"])

    def show_reading(self, reading: BoardReading) -> None:
        self._reading = reading
        lines = [contest.text for contest in reading.contests]
        in_transit = sum(1 for r in reading.rows if r.condition == BoxCondition.IN_TRANSIT)
        lines.append(f"At {uk_time(reading.now.isoformat())}: {reading.overdue} overdue, {in_transit} in transit")
        self.query_one("#board-counters", Static).update("\n".join(lines))
        announcements = self.query_one("#board-announcements", Static)
        announcements.update("\n".join(reading.announcements))
        announcements.display = bool(reading.announcements)
        self._fill_table(reading)

    def on_resize(self) -> None:
        if self._reading is not None:
            self._fill_table(self._reading)

    def _fill_table(self, reading: BoardReading) -> None:
        table: DataTable[Text] = self.query_one("#board-table", DataTable)
        widths = column_widths(self.size.width)
        highlighted = self._highlighted_box()
        self._columns(table, widths)
        table.clear()
        self._rows = {row.box.box_id: row for row in reading.rows}
        for row in reading.rows:
            table.add_row(*row_cells(row, widths), key=row.box.box_id)
        if highlighted in self._rows:
            table.move_cursor(row=table.get_row_index(highlighted))
        self._show_detail()

    def _highlighted_box(self) -> str | None:
        table = self.query_one("#board-table", DataTable)
        if not table.row_count:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def on_data_table_row_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        row = self._rows.get(self._highlighted_box() or "")
        detail = self.query_one("#board-detail", Static)
        if row is None:
            detail.update("")
            return
        box = row.box
        where = f"Box {box.box_id}, {box.place}, {box.contest_name}: {row.status_text}"
        if box.received:
            where += f", delivered by {box.delivered_by}, received by {box.received_by}"
        elif box.presiding_officer:
            where += f"; presiding officer {box.presiding_officer} {box.presiding_officer_phone}"
        problems = "; ".join(row.exceptions)
        detail.update(f"{where}\n{problems}" if problems else where)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.app.push_screen(BoxHistoryScreen(str(event.row_key.value)))

    def action_history(self) -> None:
        box_id = self._highlighted_box()
        if box_id is not None:
            self.app.push_screen(BoxHistoryScreen(box_id))
