"""Voter ID per station: ballot paper refusals with their reason code and whether the person came back,
and the evaluation form (VIDEF) tallies, with the area's counts split by greeter as councils publish them.

N records a refusal at the highlighted station (reason code by one key), R marks the
highlighted refusal as came back and issued (after a yes: it cannot be undone), V records
the station's VIDEF tallies. Elector numbers are never shown: the refusal list may be
disclosed only to the person refused or under a court order (reference §6.4).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from pollday.domain.control_room import REFUSAL_REASONS
from pollday.domain.timefmt import uk_time
from pollday.services.control_room_export import ControlRoomView
from pollday.services.control_room_records import StationBoardRow, VoterIdGroup, VoterIdSummary
from pollday.services.election_service import ElectionService
from pollday.tui.screens.confirm import ConfirmScreen
from pollday.tui.screens.control_base import SUB_SCREEN_CSS, ControlSubScreen, JobDesk, fill_table
from pollday.tui.screens.control_modal import ControlForm, Field, Filled
from pollday.tui.screens.control_widgets import Choice
from pollday.tui.screens.control_words import short
from pollday.tui.screens.verification_jobs import CommandJob, command
from pollday.tui.shell import shell_of

REASON_CHOICES = tuple(Choice(str(code), str(code), label) for code, label in REFUSAL_REASONS.items())
YES_NO = (Choice("y", "yes", "yes"), Choice("n", "no", "no"))
STATION_COLUMNS = ("Stn", "Station", "Refused", "Back", "Not back", "VIDEF", "Greeter")
REFUSAL_COLUMNS = ("No.", "Time", "Reason", "Came back", "Note")
TALLIES = (("vac_used", "VACs used"), ("aed_used", "AEDs used"), ("private_checks", "Checked in private"),
           ("not_issued_no_id", "Turned away, no ID"), ("returned_with_id", "Came back with ID"))


@dataclass(frozen=True)
class VoterIdReading:
    now: datetime
    board: tuple[StationBoardRow, ...]
    refusals: dict[str, tuple[dict[str, Any], ...]]  # station -> its refusal list, in order
    tallies: dict[str, dict[str, Any]]  # station -> its latest VIDEF tallies
    summary: VoterIdSummary


def read_voter_id(service: ElectionService, now: datetime) -> VoterIdReading:
    view = service.store.view()
    room = ControlRoomView.load(view)
    refusals: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in sorted(view.rows("voter_id_refusals"), key=lambda r: r["number"]):
        refusals[row["station_id"]].append(row)
    return VoterIdReading(now, tuple(room.board(now)), {s: tuple(rows) for s, rows in refusals.items()},
                          {row["station_id"]: row for row in view.rows("voter_id_tallies")}, room.voter_id_summary())


def group_text(name: str, group: VoterIdGroup) -> str:
    codes = ", ".join(f"{code}: {n}" for code, n in group.refusals_by_reason.items())
    return (f"{name}, {group.stations} stations: {group.refusals} refused (code {codes}), "
            f"{group.refused_then_issued} came back; VIDEF: VAC {group.vac_used}, AED {group.aed_used}, in private "
            f"{group.private_checks}, not issued {group.not_issued_no_id}, came back {group.returned_with_id}.")


def summary_lines(reading: VoterIdReading) -> str:
    summary = reading.summary
    return "\n".join([group_text("With a greeter", summary.with_greeter),
                      group_text("Without a greeter", summary.without_greeter)])


def station_cells(row: StationBoardRow, reading: VoterIdReading) -> tuple[str | Text, ...]:
    refusals = reading.refusals.get(row.station_id, ())
    back = sum(1 for r in refusals if r["later_issued"])
    tally = reading.tallies.get(row.station_id)
    videf: str | Text = "-" if tally is None else f"at {uk_time(tally['at'])}"
    greeter = "" if tally is None else ("yes" if tally["greeter"] else "no")
    waiting: str | Text = str(len(refusals) - back) if refusals else ""
    return (row.station_id, short(row.name, 24), str(len(refusals)) if refusals else "", str(back) if back else "",
            waiting, videf, greeter)


def refusal_cells(refusal: dict[str, Any]) -> tuple[str | Text, ...]:
    back: str | Text = (Text(f"yes, {uk_time(refusal['returned_at'])}", style="green") if refusal["later_issued"]
                        else "not yet")
    code = refusal["reason_code"]
    return (str(refusal["number"]), uk_time(refusal["at"]), f"{code} {REFUSAL_REASONS[code]}", back,
            short(refusal["note"], 30))


def tally_form(reading: VoterIdReading, station_id: str, typed: dict[str, str] | None, problem: str) -> ControlForm:
    current = reading.tallies.get(station_id, {})
    fields = [Field("station", "Station", value=station_id, station=True, required=True)]
    fields += [Field(key, label, value=str(current.get(key, "")), number=True, required=True)
               for key, label in TALLIES]
    greeter = "" if not current else ("yes" if current["greeter"] else "no")
    fields.append(Field("greeter", "Greeter", value=greeter, choices=YES_NO))
    return ControlForm("Voter ID evaluation form (VIDEF) tallies", fields, board=reading.board, typed=typed,
                       problem=problem, help_text="Enter: next; Y or N for the greeter records it. Escape: cancel.")


class ControlVoterIdScreen(ControlSubScreen[VoterIdReading]):
    AUTO_FOCUS = "#cv-stations"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "refusal", "Record a refusal"),
        Binding("r", "returned", "Came back"),
        Binding("v", "tally", "VIDEF tallies"),
    ]
    CSS = SUB_SCREEN_CSS + """
    ControlVoterIdScreen #cv-summary { max-height: 4; }
    ControlVoterIdScreen #cv-stations { height: 2fr; }
    ControlVoterIdScreen #cv-refusals { height: 1fr; }
    """

    def __init__(self, desk: JobDesk) -> None:
        super().__init__(desk)
        self.reading: VoterIdReading | None = None

    def compose_body(self) -> ComposeResult:
        with Vertical(classes="cr-body"):
            yield Static("Voter ID", id="cv-heading", classes="cr-heading", markup=False)
            yield Static("", id="cv-summary", classes="cr-line", markup=False)
            yield DataTable(id="cv-stations", cursor_type="row", zebra_stripes=True)
            yield Static("Refusals", id="cv-refusal-heading", classes="cr-heading", markup=False)
            yield DataTable(id="cv-refusals", cursor_type="row", zebra_stripes=True)
        yield from self.message_line("N: refusal at the highlighted station. R: came back. V: VIDEF tallies.")

    def make_reader(self) -> Callable[[], VoterIdReading]:
        shell = shell_of(self)
        service, clock = shell.service, shell.clock
        return lambda: read_voter_id(service, clock.now())

    def show_reading(self, reading: VoterIdReading) -> None:
        self.reading = reading
        total = sum(len(r) for r in reading.refusals.values())
        back = sum(1 for rows in reading.refusals.values() for r in rows if r["later_issued"])
        self.query_one("#cv-heading", Static).update(
            f"Voter ID: {total} refused, {back} came back and were issued a paper; "
            f"VIDEF from {reading.summary.stations_reported} of {len(reading.board)} stations")
        self.query_one("#cv-summary", Static).update(summary_lines(reading))
        table = self.query_one("#cv-stations", DataTable)
        row = table.cursor_row
        fill_table(table, STATION_COLUMNS, ((s.station_id, station_cells(s, reading)) for s in reading.board))
        if reading.board:
            table.move_cursor(row=min(max(row, 0), len(reading.board) - 1), animate=False)
        self._show_refusals()

    def station_id(self) -> str | None:
        table = self.query_one("#cv-stations", DataTable)
        if self.reading is None or not self.reading.board or table.row_count == 0:
            return None
        return self.reading.board[min(max(table.cursor_row, 0), len(self.reading.board) - 1)].station_id

    def _refusals_here(self) -> tuple[dict[str, Any], ...]:
        station_id = self.station_id()
        return self.reading.refusals.get(station_id, ()) if self.reading and station_id else ()

    def _show_refusals(self) -> None:
        station_id = self.station_id()
        name = next((r.name for r in self.reading.board if r.station_id == station_id), "") if self.reading else ""
        refusals = self._refusals_here()
        self.query_one("#cv-refusal-heading", Static).update(
            f"Refusals at {station_id} {name}: {len(refusals)}" if station_id else "Refusals")
        table = self.query_one("#cv-refusals", DataTable)
        row = table.cursor_row
        fill_table(table, REFUSAL_COLUMNS, ((str(r["number"]), refusal_cells(r)) for r in refusals))
        if refusals:
            table.move_cursor(row=min(max(row, 0), len(refusals) - 1), animate=False)

    @on(DataTable.RowHighlighted, "#cv-stations")
    def _station_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self._show_refusals()

    def action_refusal(self, typed: dict[str, str] | None = None, problem: str = "") -> None:
        if self.reading is None:
            return

        def recorded(filled: Filled | None) -> None:
            if filled is None:
                return
            station_id = filled.station("station") or ""
            code = filled.text("reason")
            self.run(CommandJob(f"Refusal at station {station_id}", f"Refusal recorded at station {station_id}",
                                command("voter_id.refusal", station_id=station_id,
                                        reason_code=int(code) if code.isdigit() else 0,
                                        elector_number=filled.text("elector"), note=filled.text("note"))),
                     lambda p: self.action_refusal(filled.typed, p))

        self.app.push_screen(ControlForm("Record a ballot paper refusal", (
            Field("station", "Station", value=self.station_id() or "", station=True, required=True),
            Field("reason", "Reason code", choices=REASON_CHOICES),
            Field("elector", "Elector number", placeholder="optional: kept confidential, never shown",
                  submits=True),
            Field("note", "Note", placeholder="optional", submits=True),
        ), board=self.reading.board, typed=typed, problem=problem, start="reason" if typed is None else None,
            help_text="Press 1, 2 or 3 for the reason, then Enter. Escape: cancel."), recorded)

    def action_returned(self) -> None:
        station_id = self.station_id()
        refusals = self._refusals_here()
        table = self.query_one("#cv-refusals", DataTable)
        if not refusals or station_id is None:
            self.say("No refusal at this station to mark: highlight the station first.", refused=True)
            return
        if table.has_focus:
            refusal = refusals[min(max(table.cursor_row, 0), len(refusals) - 1)]
        else:
            waiting = [r for r in refusals if not r["later_issued"]]
            if len(waiting) != 1:
                table.focus()
                self.say("Highlight the refusal in the lower list (Tab), then R.", refused=True)
                return
            refusal = waiting[0]
        number, code = refusal["number"], refusal["reason_code"]

        def answered(yes: bool | None) -> None:
            if yes:
                self.run(CommandJob(f"Refusal {number} at station {station_id} came back",
                                    f"Refusal {number} at station {station_id}: came back and issued a paper",
                                    command("voter_id.returned", station_id=station_id, number=number)))

        self.app.push_screen(ConfirmScreen(
            f"Refusal {number} at station {station_id} ({uk_time(refusal['at'])}, code {code}): came back?",
            "The person came back with accepted ID and was issued a ballot paper. This cannot be undone."), answered)

    def action_tally(self, typed: dict[str, str] | None = None, problem: str = "") -> None:
        if self.reading is None:
            return
        station_id = self.station_id() or ""

        def recorded(filled: Filled | None) -> None:
            if filled is None:
                return
            station = filled.station("station") or ""
            figures = {key: filled.number(key) for key, _ in TALLIES}
            self.run(CommandJob(f"VIDEF tallies for station {station}", f"VIDEF tallies recorded for station {station}",
                                command("voter_id.tally", station_id=station, greeter=filled.text("greeter") == "yes",
                                        **figures)),
                     lambda p: self.action_tally(filled.typed, p))

        self.app.push_screen(tally_form(self.reading, station_id, typed, problem), recorded)
