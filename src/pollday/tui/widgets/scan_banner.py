"""The result of each scan at a scanning desk, big enough to read from a step away.

VotingWorks' lesson: an unknown or refused code must never meet silence. Every result
fills a block at least three lines high in a colour that says it all (green accepted,
amber check this, red refused), starts with a word and a symbol that say the same for
anyone who cannot tell the colours apart, gives the reason in words, and rings the
terminal bell when a person has to act.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.widgets import Static

from pollday.domain.payloads import ScanReading

IDLE = "idle"
ACCEPTED = "accepted"
WARNING = "warning"
REFUSED = "refused"
PENDING = "pending"
_HEADINGS = {
    IDLE: "READY",
    PENDING: "… CHECKING",
    ACCEPTED: "✔ ACCEPTED",
    WARNING: "▲ CHECK THIS",
    REFUSED: "✖ REFUSED",
}
IDLE_TEXT = "Scan a label, or type its code and press Enter."


def sentence(text: str) -> str:
    """Reasons from the services start in lower case ("check character wrong: ..."); a banner line does not."""
    return text[:1].upper() + text[1:]


class ScanBanner(Static):
    """Desks call show_accepted / show_warning / show_refused with the reason in words.

    Styles live here rather than in pollday.tcss so the banner looks the same in any app
    (the snapshot of a desk, a test harness); the app stylesheet does not target it.
    """

    DEFAULT_CSS: ClassVar[str] = """
    ScanBanner {
        width: 1fr;
        height: auto;
        min-height: 5;
        padding: 0 1;
        border: heavy #808080;
        background: #1c1c1c;
        color: white;
    }
    ScanBanner.pending {
        background: #303030;
        border: heavy #a0a0a0;
    }
    ScanBanner.accepted {
        background: #005f00;
        border: heavy #80ff80;
        color: white;
    }
    ScanBanner.warning {
        background: #ffaf00;
        border: heavy #ffffaf;
        color: black;
    }
    ScanBanner.refused {
        background: #a00000;
        border: heavy #ff8080;
        color: white;
    }
    """

    def __init__(self, *, id: str | None = None, idle_text: str = IDLE_TEXT) -> None:
        super().__init__("", id=id, markup=False)
        self.idle_text = idle_text
        self._kind = IDLE
        self._plain = ""
        self.results_shown = 0  # counts every result, including a repeat of the same one: tests wait on it

    @property
    def kind(self) -> str:
        """'idle', 'pending', 'accepted', 'warning' or 'refused'."""
        return self._kind

    @property
    def text(self) -> str:
        """What the banner says, as plain text (heading, reason and detail lines)."""
        return self._plain

    def on_mount(self) -> None:
        self.show_idle()

    def show_idle(self, text: str | None = None) -> None:
        self._show(IDLE, text if text is not None else self.idle_text, "")

    def show_pending(self, text: str) -> None:
        """While the desk's command runs: grey, so nobody takes it for a result."""
        self._show(PENDING, text, "")

    def show_accepted(self, text: str, detail: str = "") -> None:
        self._show(ACCEPTED, text, detail)
        self.results_shown += 1

    def show_warning(self, text: str, detail: str = "") -> None:
        self._show(WARNING, text, detail)
        self.results_shown += 1
        self.app.bell()

    def show_refused(self, text: str, detail: str = "") -> None:
        self._show(REFUSED, text, detail)
        self.results_shown += 1
        self.app.bell()

    def show_for_reading(self, reading: ScanReading) -> bool:
        """Refuse a code that is not a good label of this election, with read_scan's reason.

        Returns True for a valid reading and leaves the banner as it is: a well-formed
        label is not yet a result, the desk's command decides green or red (showing green
        first would flash the wrong answer at a clerk who glances up).
        """
        if reading.valid:
            return True
        self.show_refused(sentence(reading.reason), f"Read: {reading.raw.strip()}")
        return False

    def _show(self, kind: str, text: str, detail: str) -> None:
        # A rich Text, not markup: codes and reasons may contain square brackets.
        message = Text(_HEADINGS[kind], style="bold")
        message.append("\n")
        message.append(text, style="bold")
        if detail:
            message.append("\n")
            message.append(detail)
        self._kind = kind
        self._plain = message.plain
        self.set_classes(kind)
        self.update(message)
