"""What the control room's documents share: the check that polling day has begun, the station asked
for, how turnout and minutes are written, and a compact grid of facts.

Every figure comes from `services/control_room_export.py`, the same read models as the TUI
desk and the CSV/JSON exports, measured at one moment `at` that the caller chooses (the
clock by default; `--at` to print the board as it stood at 21:00). `now` is only the
generated-at time on the page furniture.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from fpdf.enums import XPos, YPos

from pollday.documents.base import PolldayDocument
from pollday.documents.errors import DocumentError
from pollday.documents.facts import uk_datetime
from pollday.documents.report_tables import NONE, NotReady
from pollday.documents.typography import FAMILY, line_height
from pollday.domain.state import StateView

# Tables written as the polling day goes on: any row in one means the control room is in use.
CONTROL_ROOM_TABLES = ("station_status", "incidents", "turnout_returns", "pv_sweeps", "voter_id_refusals",
                       "voter_id_tallies", "box_dispatches")


MEASURED_NOTE = ("Everything recorded up to the journal position in the footer is included; what is late, overdue, "
                 "past a target or due is judged at the moment given above.")


def require_control_room(view: StateView, title: str) -> None:
    """A control-room document of a database with nothing recorded on the day would be all blanks."""
    if any(view.count(table) for table in CONTROL_ROOM_TABLES):
        return
    raise NotReady(f"no {title.lower()} yet: nothing has been recorded in the control room (no station status, "
                   "incident or turnout return). It can be made once polling day has begun.")


def require_station(view: StateView, station_id: str | None) -> None:
    if station_id is not None and view.get("stations", (station_id,)) is None:
        raise DocumentError(f"station {station_id} is not a polling station of this election")


def poll_date_of(view: StateView) -> date:
    return date.fromisoformat(view.rows("election")[0]["poll_date"])


def turnout(value: float | None) -> str:
    """The read models give turnout as a percentage to one place already: '41.7%'."""
    return NONE if value is None else f"{value:.1f}%"


def minutes(value: int | None) -> str:
    """'12 min', '2 h 05 min'."""
    if value is None:
        return NONE
    hours, rest = divmod(value, 60)
    return f"{hours} h {rest:02d} min" if hours else f"{rest} min"


def station_text(station_id: str | None, name: str) -> str:
    return f"{station_id} {name}" if station_id is not None else "(no station)"


def as_at(at: datetime) -> str:
    """'7 May 2026 22:30 BST': the moment every late, overdue and past-target figure is measured at."""
    return uk_datetime(at)


def fact_grid(doc: PolldayDocument, pairs: Sequence[tuple[str, str]], per_row: int = 2,
              key_share: float = 0.32) -> None:
    """Label and value pairs, `per_row` across, small print; each row kept whole on one page."""
    size = doc.layout.fonts.small_pt
    height = line_height(size)
    cell = doc.content_width / per_row
    key_width, value_width = cell * key_share, cell * (1 - key_share) - 2
    for start in range(0, len(pairs), per_row):
        row = pairs[start : start + per_row]
        doc.set_font(FAMILY, "B", size)
        lines = max(len(doc.multi_cell(value_width, height, value or NONE, align="L", dry_run=True,
                                         output="LINES"))
                    for _, value in row)
        if doc.will_page_break(lines * height):
            doc.add_page()
        top = doc.get_y()
        for column, (key, value) in enumerate(row):
            x = doc.l_margin + column * cell
            doc.set_font(FAMILY, "", size)
            doc.set_xy(x, top)
            doc.cell(key_width, height, key)
            doc.set_font(FAMILY, "B", size)
            doc.set_xy(x + key_width, top)
            doc.multi_cell(value_width, height, value or NONE, align="L", new_x=XPos.LMARGIN,
                           new_y=YPos.NEXT)
        doc.set_xy(doc.l_margin, top + lines * height)
    doc.ln(height * 0.4)
