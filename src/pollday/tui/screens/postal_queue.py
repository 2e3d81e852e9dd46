"""The RO's adjudication queue at the postal desk: confirm or overturn each proposed rejection or referral.

Keys on the highlighted PVS: r confirms the rejection (with the proposed statutory
reasons), a accepts it (overturns), o marks "rejection objected to", s a suspected
offence. The services decide whether each is allowed and keep the record.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Static

from pollday.domain.postal import FLAG_LABELS, Flag

HINT = "r reject (confirm) · a accept (overturn) · o objected · s suspected offence · F3 back to checking"


def flag_words(flags: list[str]) -> str:
    return "; ".join(FLAG_LABELS[Flag(f)] if f in Flag._value2member_map_ else f for f in flags)


@dataclass(frozen=True)
class Decision:
    ballot_number: str
    accept: bool
    objected: bool
    suspected_offence: bool

    def command(self) -> dict[str, Any]:
        args: dict[str, Any] = {"ballot_number": self.ballot_number,
                                "decision": "accept" if self.accept else "reject"}
        if not self.accept:
            args |= {"objected": self.objected, "suspected_offence": self.suspected_offence}
        return {"cmd": "postal.adjudicate", "args": args}


class QueueTable(DataTable[str]):
    """Passes r/a/o/s up to the panel; the table keeps the arrows."""

    def on_key(self, event: events.Key) -> None:
        if event.key in ("r", "a", "o", "s"):
            event.stop()
            event.prevent_default()
            panel = self.parent
            if isinstance(panel, AdjudicationPanel):
                panel.take_key(event.key)


class AdjudicationPanel(Vertical):
    DEFAULT_CSS: ClassVar[str] = """
    AdjudicationPanel { height: 1fr; }
    AdjudicationPanel QueueTable { height: 1fr; }
    AdjudicationPanel #pq-detail { height: auto; max-height: 3; background: #1c1c1c; color: #e0e0e0; }
    AdjudicationPanel #pq-hint { height: auto; color: #a0a0a0; }
    """

    class Decided(Message):
        def __init__(self, decision: Decision) -> None:
            super().__init__()
            self.decision = decision

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.rows: list[dict[str, Any]] = []
        self.marks: dict[str, tuple[bool, bool]] = {}  # pvs number -> (objected, suspected offence)

    def compose(self) -> ComposeResult:
        yield QueueTable(id="pq-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="pq-detail", markup=False)
        yield Static(HINT, id="pq-hint", markup=False)

    def on_mount(self) -> None:
        table = self.query_one(QueueTable)
        table.add_column("PVS", key="pvs", width=9)
        table.add_column("Proposal", key="proposal", width=8)
        table.add_column("Reasons", key="reasons", width=30)
        table.add_column("Marks", key="marks", width=16)

    @property
    def table(self) -> QueueTable:
        return self.query_one(QueueTable)

    def show_queue(self, rows: list[dict[str, Any]]) -> None:
        table = self.table
        highlighted = self.highlighted
        self.rows = rows
        self.marks = {k: v for k, v in self.marks.items() if any(r["pvs_number"] == k for r in rows)}
        table.clear()
        for row in rows:
            number = row["pvs_number"]
            reasons = ", ".join(r.replace("_", " ") for r in row["proposed_reasons"]) or "-"
            table.add_row(number, row["proposal"], reasons, self._marks_text(number), key=number)
        if highlighted is not None and any(r["pvs_number"] == highlighted for r in rows):
            table.move_cursor(row=table.get_row_index(highlighted))
        self._show_detail()

    def _marks_text(self, number: str) -> str:
        objected, offence = self.marks.get(number, (False, False))
        return ", ".join(w for w, on in (("objected", objected), ("offence", offence)) if on)

    @property
    def highlighted(self) -> str | None:
        table = self.table
        if not self.rows or table.row_count == 0:
            return None
        return self.rows[min(table.cursor_row, len(self.rows) - 1)]["pvs_number"]

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_detail()

    def _show_detail(self) -> None:
        number = self.highlighted
        row = next((r for r in self.rows if r["pvs_number"] == number), None)
        if row is None:
            text = "Nothing awaits the RO's decision."
        else:
            labels = "; ".join(row["proposed_reason_labels"]) or "no statutory reason proposed (referred)"
            flags = flag_words(row["flags"])
            text = f"PVS {number}: {labels}." + (f" {flags}." if flags else "")
        self.query_one("#pq-detail", Static).update(text)

    def take_key(self, key: str) -> None:
        number = self.highlighted
        if number is None:
            return
        objected, offence = self.marks.get(number, (False, False))
        if key == "o":
            self.marks[number] = (not objected, offence)
        elif key == "s":
            self.marks[number] = (objected, not offence)
        else:
            self.post_message(self.Decided(Decision(number, key == "a", objected, offence)))
            return
        self.table.update_cell(number, "marks", self._marks_text(number))
