"""Scanner setup: is the scanner connected, what exactly does it send, and what does pollday make of it.

A technician plugs the scanner in, opens this screen from the command palette and scans
a label. Each read shows its raw bytes (a missing suffix, a wrong keyboard layout or line
noise shows up here), the text pollday took from it, what read_scan makes of it against
the open election, and for a keyboard scanner how fast its keys came (whether it would
be taken for a scanner or for typing). Serial reads from before the screen was opened
are shown too: the app keeps the last few.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Label, Static

from pollday.devices.framing import Frame
from pollday.devices.profiles import ScannerProfile
from pollday.devices.wedge import WedgeTiming
from pollday.domain.payloads import KIND_LABELS, read_scan
from pollday.tui.messages import ScanReceived
from pollday.tui.scanning import RECENT_FRAMES, ScannerConfig
from pollday.tui.screens.base import DeskScreen
from pollday.tui.shell import shell_of
from pollday.tui.widgets.scan_field import ScanField

READ_COLUMNS = ("From", "Text", "Verdict", "Timing")  # newest first; the highlighted read in full below


@dataclass(frozen=True)
class ReadRow:
    """One read as the setup screen shows it."""

    source: str  # "serial" or "keyboard"
    raw: str  # repr of the bytes received, or of the line as typed
    text: str
    verdict: str  # short, for the table: "valid", "bad check", "frame error", "repeat ignored"...
    meaning: str  # the kind and payload, or "" when the code is not a pollday payload
    reason: str
    timing: str = ""


def _judge(text: str, election_id: str, mode: str) -> tuple[str, str, str]:
    reading = read_scan(text, election_id, mode)
    payload = reading.payload
    meaning = f"{KIND_LABELS[payload.kind]}, tag {payload.tag}, body {payload.body}" if payload else ""
    return reading.verdict.value.replace("_", " "), meaning, reading.reason


def row_for_frame(frame: Frame, election_id: str, mode: str) -> ReadRow:
    if not frame.ok:
        return ReadRow("serial", repr(frame.raw), frame.text, "frame error", "", str(frame.error))
    verdict, meaning, reason = _judge(frame.text, election_id, mode)
    return ReadRow("serial", repr(frame.raw), frame.text, verdict, meaning, reason)


def row_for_keys(timed: ScanField.Timed, election_id: str, mode: str) -> ReadRow:
    entry = timed.entry
    gap = "no gap (one key)" if entry.slowest_gap_ms is None else f"slowest gap {entry.slowest_gap_ms:.0f} ms"
    timing = f"{timed.keys} keys, {gap}: {entry.source.value}"
    if timed.repeated:
        return ReadRow("keyboard", repr(timed.line), entry.text, "repeat ignored", "",
                       "the same code again within the good-read delay: a scanner's second read of one "
                       "label, so the desk never sees it", timing)
    verdict, meaning, reason = _judge(entry.text, election_id, mode)
    return ReadRow("keyboard", repr(timed.line), entry.text, verdict, meaning, reason, timing)


def timing_rule(timing: WedgeTiming) -> str:
    if timing.prefix:
        return f"a line starting with {timing.prefix!r} counts as scanned, others as typed"
    limit, length = f"{timing.max_inter_key_ms:g}", timing.min_length
    return f"keys at most {limit} ms apart, {length}+ characters: scanned; otherwise typed"


def connection_text(config: ScannerConfig | None, wedge_timing: WedgeTiming) -> str:
    keyboard = f"Keyboard: {timing_rule(wedge_timing)}."
    if config is None:
        return f"No serial scanner: start pollday with --scanner PROFILE --port DEVICE to add one.\n{keyboard}"
    profile: ScannerProfile = config.profile
    if not config.is_serial:
        return f"Keyboard scanner, profile {profile.name}.\n{keyboard}"
    return (f"Serial: profile {profile.name} on {config.port_url} ({profile.baud} baud, reads end with "
            f"{profile.terminator.value}).\n{keyboard}")


def detail_text(row: ReadRow) -> str:
    lines = [
        f"Raw:     {row.raw}",
        f"Text:    {row.text}",
        f"Meaning: {row.meaning or 'not a pollday payload'}",
        f"Verdict: {row.verdict}: {row.reason}",
        f"Timing:  {row.timing or 'a serial read (no key timing)'}",
    ]
    return "\n".join(lines)


class ScannerSetupScreen(DeskScreen):
    """Open to everyone signed in: it changes nothing, it only shows what the scanner does."""

    AUTO_FOCUS = "#scanner-test"
    # CSS, not DEFAULT_CSS: default rules lose to the app stylesheet's DataTable rule whatever their selector.
    CSS: ClassVar[str] = """
    #setup-body { padding: 0 2; }
    #setup-title { text-style: bold; color: yellow; }
    #setup-status { text-style: bold; }
    #setup-connection { color: #e0e0e0; }
    #setup-reads { max-height: 6; }
    #setup-detail { padding: 0 1; background: #1c1c1c; }
    """

    def __init__(self) -> None:
        super().__init__()
        self._rows: deque[ReadRow] = deque(maxlen=RECENT_FRAMES)
        self._frames_seen = 0

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="setup-body"):
            # Sized for 80x24: everything, including five reads and the newest in full, fits on one screen.
            yield Label("Scanner setup", id="setup-title")
            yield Static("", id="setup-status", markup=False)
            yield Static("", id="setup-connection", markup=False)
            yield ScanField(id="scanner-test", report_timing=True,
                            placeholder="scan a label here to test a keyboard scanner, or type to compare")
            yield DataTable(id="setup-reads", cursor_type="row", zebra_stripes=True)
            yield Static("Nothing read yet: scan a label.", id="setup-detail", markup=False)

    def on_mount(self) -> None:
        shell = shell_of(self)
        self.query_one("#setup-reads", DataTable).add_columns(*READ_COLUMNS)
        field = self.query_one("#scanner-test", ScanField)
        self.query_one("#setup-connection", Static).update(connection_text(shell.scanner, field.timing))
        self.watch(shell, "scanner_status", self._show_status)
        bridge = shell.scanner_bridge
        if bridge is not None:
            for frame in bridge.recent:
                self._rows.appendleft(self._row_for_frame(frame))
            self._frames_seen = bridge.frames_read
        self.watch(shell, "scanner_reads", self._take_new_frames)
        self._show_rows()

    @property
    def rows(self) -> tuple[ReadRow, ...]:
        """The reads shown, newest first."""
        return tuple(self._rows)

    # --- what arrives ------------------------------------------------------------------

    def on_scan_received(self, message: ScanReceived) -> None:
        # Rows come from the raw frames and the field's timing reports, which say more than
        # this message; taking it here also tells the app that serial reads are not ignored.
        message.stop()

    def on_scan_field_timed(self, message: ScanField.Timed) -> None:
        message.stop()
        election_id, mode = self._election()
        self._rows.appendleft(row_for_keys(message, election_id, mode))
        self._show_rows()

    def on_data_table_row_highlighted(self, message: DataTable.RowHighlighted) -> None:
        if 0 <= message.cursor_row < len(self._rows):
            self.query_one("#setup-detail", Static).update(detail_text(self._rows[message.cursor_row]))

    def _take_new_frames(self, _reads: int) -> None:
        bridge = shell_of(self).scanner_bridge
        if bridge is None:
            return
        new = min(bridge.frames_read - self._frames_seen, len(bridge.recent))
        self._frames_seen = bridge.frames_read
        if new <= 0:
            return
        for frame in list(bridge.recent)[-new:]:
            self._rows.appendleft(self._row_for_frame(frame))
        self._show_rows()

    # --- showing -------------------------------------------------------------------------

    def _show_status(self, status: str) -> None:
        self.query_one("#setup-status", Static).update(f"Status: {status}")

    def _show_rows(self) -> None:
        table = self.query_one("#setup-reads", DataTable)
        table.clear()
        for row in self._rows:
            table.add_row(row.source, row.text, row.verdict, row.timing)
        if self._rows:
            table.move_cursor(row=0)  # the newest read is what the technician just scanned
            self.query_one("#setup-detail", Static).update(detail_text(self._rows[0]))

    def _row_for_frame(self, frame: Frame) -> ReadRow:
        election_id, mode = self._election()
        return row_for_frame(frame, election_id, mode)

    def _election(self) -> tuple[str, str]:
        identity = shell_of(self).identity
        return identity.election_id, "rehearsal" if identity.is_rehearsal else "official"
