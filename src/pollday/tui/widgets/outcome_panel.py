"""The big coloured answer to what a user just tried: green when done, red with the reason when not."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class OutcomePanel(Static):
    """Hidden until there is something to say. Refusals must be impossible to miss at a busy desk."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, classes="outcome-panel")
        self.display = False
        self._plain = ""

    @property
    def text(self) -> str:
        """What the panel says, as plain text (empty when hidden)."""
        return self._plain

    @property
    def kind(self) -> str:
        """'applied', 'refused', 'pending', or '' when hidden."""
        for kind in ("applied", "refused", "pending"):
            if self.display and self.has_class(kind):
                return kind
        return ""

    def show_applied(self, heading: str, detail: str = "") -> None:
        self._show("applied", heading, detail)

    def show_refused(self, heading: str, detail: str = "") -> None:
        self._show("refused", heading, detail)

    def show_pending(self, heading: str) -> None:
        self._show("pending", heading, "")

    def clear(self) -> None:
        self._plain = ""
        self.update("")
        self.display = False

    def _show(self, kind: str, heading: str, detail: str) -> None:
        # A rich Text, not markup: reasons come from the services and may contain brackets.
        message = Text(heading, style="bold")
        if detail:
            message.append("\n")
            message.append(detail)
        self._plain = message.plain
        self.set_classes(f"outcome-panel {kind}")
        self.update(message)
        self.display = True
