"""The verification desk's own widgets: the coloured verdict and the table of accounts."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable, Static
from textual.widgets.data_table import RowDoesNotExist

from pollday.domain.verification import STATE_LABELS, VERIFIED_STATES, AccountState
from pollday.tui.screens.verification_words import Tone, Verdict, variance_text
from pollday.tui.verification_readings import AccountLine

GREEN = "#80ff80"
AMBER = "#ffaf00"
RED = "#ff8080"
GREY = "#a0a0a0"


class VerdictPanel(Static):
    """Like the shared OutcomePanel, plus amber: a variance is neither done nor refused.

    Hidden until there is something to say; a rich Text, not markup, because reasons and
    notes come from the services and people and may contain brackets.
    """

    # No top or bottom border: at 80x24 every line is needed for the table; the colour carries the message.
    DEFAULT_CSS = """
    VerdictPanel {
        height: auto;
        max-height: 5;
        padding: 0 1;
        border-left: heavy white;
        color: white;
    }
    VerdictPanel.good { background: #005f00; border-left: heavy #80ff80; }
    VerdictPanel.warning { background: #ffaf00; color: black; border-left: heavy #875f00; }
    VerdictPanel.refused { background: #a00000; border-left: heavy #ff8080; }
    VerdictPanel.pending { background: #303030; border-left: heavy #a0a0a0; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.display = False
        self.verdict: Verdict | None = None

    @property
    def text(self) -> str:
        """What the panel says, as plain text (empty when hidden)."""
        if self.verdict is None:
            return ""
        return "\n".join(part for part in (self.verdict.heading, self.verdict.detail) if part)

    @property
    def tone(self) -> str:
        return self.verdict.tone if self.verdict is not None else ""

    def show(self, verdict: Verdict) -> None:
        self.verdict = verdict
        # The heading alone in bold: a style given to Text() itself would run on into the detail.
        message = Text()
        message.append(verdict.heading, style="bold")
        if verdict.detail:
            message.append("\n")
            message.append(verdict.detail)
        self.set_classes(verdict.tone)
        self.update(message)
        self.display = True

    def show_pending(self, heading: str) -> None:
        self.show(Verdict(Tone.PENDING, heading))

    def clear(self) -> None:
        self.verdict = None
        self.update("")
        self.display = False


# Widths of the short columns, so the state label can have whatever is left of the screen.
BOX_WIDTH = 7
BPA_WIDTH = 6
COUNTS_WIDTH = 14
LATEST_WIDTH = 6
VAR_WIDTH = 4
CELL_PADDING = 2  # DataTable pads each cell by one on either side
AROUND_TABLE = 4  # the desk's side padding and the table's vertical scrollbar
# The five short columns with their padding, and the state column's padding.
SHORT_COLUMNS = BOX_WIDTH + BPA_WIDTH + COUNTS_WIDTH + LATEST_WIDTH + VAR_WIDTH + 6 * CELL_PADDING
STATE_MIN = 18
ACCOUNT_MIN = 20


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def state_colour(state: AccountState) -> str:
    if state in VERIFIED_STATES:
        return GREEN
    if state == AccountState.VARIANCE:
        return AMBER
    if state == AccountState.BPA_KEYING_DIFFERS:
        return RED
    return GREY


def variance_cell(line: AccountLine) -> Text:
    variance = line.account.variance
    if variance is None:
        return Text("")
    if variance == 0:
        return Text("0", style=f"bold {GREEN}")
    # An unresolved variance is amber; one explained, grouped or recounted stays visible, in white.
    style = f"bold {AMBER}" if line.account.state == AccountState.VARIANCE else "white"
    return Text(variance_text(variance), style=style)


class AccountsTable(DataTable[Text | str]):
    """One row per account; the highlighted row's full story is shown beneath the table."""

    COLUMNS = ("Box", "BPA", "Counts", "Latest", "Var", "State", "Account")

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._layout: tuple[int, int] = (0, 0)

    @staticmethod
    def layout_for(lines: tuple[AccountLine, ...], screen_width: int) -> tuple[int, int]:
        """(state width, account width) for this screen: nothing is cut off at the right edge.

        The state is as wide as the longest one shown, or what the short columns leave (then
        with an ellipsis). The account's name gets whatever is left; below ACCOUNT_MIN it is
        left out, as the line under the table names the highlighted account anyway.
        """
        room = screen_width - SHORT_COLUMNS - AROUND_TABLE
        longest = max((len(STATE_LABELS[line.account.state]) for line in lines), default=STATE_MIN)
        state = max(STATE_MIN, min(longest, room))
        account = room - state - CELL_PADDING
        return state, account if account >= ACCOUNT_MIN else 0

    def show_lines(self, lines: tuple[AccountLine, ...], screen_width: int) -> None:
        """Fill the table, keeping the highlighted account where it was (a refresh must not jump)."""
        highlighted = self.highlighted_account_id
        layout = self.layout_for(lines, screen_width)
        state_width, account_width = layout
        if layout != self._layout:
            self.clear(columns=True)
            widths = (BOX_WIDTH, BPA_WIDTH, COUNTS_WIDTH, LATEST_WIDTH, VAR_WIDTH, state_width, account_width)
            for label, column_width in zip(self.COLUMNS, widths, strict=True):
                if column_width:
                    self.add_column(label, width=column_width, key=label)
            self._layout = layout
        else:
            self.clear()
        for line in lines:
            account = line.account
            cells: list[Text | str] = [
                _fit(line.box_ids_text, BOX_WIDTH),
                "" if account.expected is None else str(account.expected),
                _fit(line.counts_text, COUNTS_WIDTH),
                "" if account.counted is None else str(account.counted),
                variance_cell(line),
                Text(_fit(STATE_LABELS[account.state], state_width), style=state_colour(account.state)),
            ]
            if account_width:
                cells.append(_fit(account.label, account_width))
            self.add_row(*cells, key=account.account_id)
        if highlighted is not None:
            self.highlight(highlighted)

    @property
    def highlighted_account_id(self) -> str | None:
        if not self.row_count:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return row_key.value

    def highlight(self, account_id: str) -> None:
        try:
            row = self.get_row_index(account_id)
        except RowDoesNotExist:
            return  # the account is on another contest's table
        self.move_cursor(row=row)
