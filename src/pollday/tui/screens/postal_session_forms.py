"""The chooser's forms (their base), and opening a session with its notice checked as it is typed.

Each form gathers what was typed and dismisses with the PostalJob to run (or None on
Escape); the desk runs it with its other commands, and the services decide. Enter moves
to the next field and the last field's Enter sends it. What is suggested (the next
session ID, the next batch, a box number) is only typed in for the operator to change.
Counting a batch and opening a box are in postal_chooser_forms.py.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from pollday.tui.screens.postal_jobs import PostalJob, session_opened
from pollday.tui.screens.postal_session_words import (
    NOTICE_EXAMPLE,
    next_session_id,
    notice_check,
    read_notice,
)
from pollday.tui.screens.postal_words import PostalReading
from pollday.tui.widgets.entry_field import EntryField

TONE_STYLES = {"hint": "#c0c0c0", "bad": "bold white on #a00000", "short": "bold black on #ffaf00",
               "good": "bold #80ff80"}
FORM_CSS = """
PostalForm { align: center middle; }
PostalForm #pf-box { width: 76; height: auto; border: thick $accent; background: $surface; padding: 0 1; }
PostalForm #pf-title { text-style: bold; color: yellow; margin-bottom: 1; }
PostalForm .pf-row { height: 1; }
PostalForm .pf-label { width: 22; color: #e0e0e0; }
PostalForm .pf-row Input { width: 1fr; height: 1; border: none; padding: 0 1; background: #303030; }
PostalForm .pf-row Input:focus { border: none; background: #005f87; }
PostalForm .pf-line { height: auto; color: #c0c0c0; }
PostalForm #pf-problem { color: white; background: darkred; height: auto; }
"""


def row(label: str, field: Input) -> Horizontal:
    return Horizontal(Label(label, classes="pf-label"), field, classes="pf-row")


def entry(**options: Any) -> EntryField:
    """One line a field (compact): the whole form fits at 80x24 with its checks beside the fields."""
    return EntryField(compact=True, **options)


class PostalForm(ModalScreen[PostalJob | None]):
    # Not scoped: Textual scopes a screen's CSS to its own class name, and these rules are for every form
    # below. As the screen's CSS (not DEFAULT_CSS) they outrank the app's own Input rules.
    CSS = FORM_CSS
    SCOPED_CSS = False
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]
    TITLE_TEXT = ""
    HINT = "Enter: next field; Enter on the last one sends it. Tab / shift+Tab: move. Escape: cancel."

    def __init__(self, reading: PostalReading) -> None:
        super().__init__()
        self.reading = reading

    def compose(self) -> ComposeResult:
        with Vertical(id="pf-box"):
            yield Static(self.TITLE_TEXT, id="pf-title", markup=False)
            yield from self.compose_fields()
            yield Static(self.HINT, classes="pf-line", markup=False)
            yield Static("", id="pf-problem", markup=False)

    def compose_fields(self) -> ComposeResult:
        raise NotImplementedError

    def on_mount(self) -> None:
        self.query_one("#pf-problem", Static).display = False

    def action_cancel(self) -> None:
        self.dismiss(None)

    def say(self, problem: str, focus: str = "") -> None:
        line = self.query_one("#pf-problem", Static)
        line.update(problem)
        line.display = bool(problem)
        if focus:
            self.query_one(focus, Input).focus()

    def value(self, selector: str) -> str:
        return self.query_one(selector, Input).value.strip()


class OpenSessionForm(PostalForm):
    TITLE_TEXT = "Open an opening session (reference §5.4)"

    def __init__(self, reading: PostalReading, now: datetime) -> None:
        super().__init__(reading)
        self.now = now

    def compose_fields(self) -> ComposeResult:
        last = self.reading.last_session
        session_id = next_session_id(self.reading)
        yield row("Session ID", entry(value=session_id, id="pf-id", focus_on_enter="#pf-name"))
        yield row("Name", entry(value=f"Opening session {session_id.removeprefix('S')}", id="pf-name",
                                     focus_on_enter="#pf-notice"))
        yield row("Notice given (UK)", entry(id="pf-notice", placeholder=NOTICE_EXAMPLE,
                                                  focus_on_enter="#pf-agents"))
        yield Static("", id="pf-notice-check", classes="pf-line", markup=False)
        yield row("Agents notified", entry(id="pf-agents", placeholder="their names, separated by ;",
                                                focus_on_enter="#pf-max"))
        yield row("Max agents each", entry(value=str(last.max_agents) if last else "", restrict=r"\d{0,3}",
                                                placeholder="per candidate, as in the notice", id="pf-max",
                                                focus_on_enter="#pf-location"))
        yield row("Location", entry(value=last.location if last else "", id="pf-location",
                                         focus_on_enter="#pf-final"))
        yield row("Final session? y/n", entry(value="n", restrict=r"[ynYN]?", id="pf-final"))

    def on_mount(self) -> None:
        super().on_mount()
        self._check_notice("")
        self.query_one("#pf-notice", Input).focus()

    @on(Input.Changed, "#pf-notice")
    def _notice_changed(self, event: Input.Changed) -> None:
        self._check_notice(event.value)

    def _check_notice(self, text: str) -> None:
        tone, words = notice_check(text, self.now)
        self.query_one("#pf-notice-check", Static).update(Text(words, style=TONE_STYLES[tone]))

    @on(EntryField.Entered, "#pf-final")
    def _send(self, event: EntryField.Entered) -> None:
        event.stop()
        try:
            notice = read_notice(self.value("#pf-notice"), self.now)
        except ValueError as error:
            self.say(f"The notice: {error}", "#pf-notice")
            return
        if not self.value("#pf-max"):
            self.say("Give the maximum number of postal voting agents per candidate, as stated in the notice.",
                     "#pf-max")
            return
        session_id = self.value("#pf-id")
        args: dict[str, Any] = {
            "session_id": session_id, "title": self.value("#pf-name"), "notice_given_at": notice.isoformat(),
            "location": self.value("#pf-location"), "max_agents": int(self.value("#pf-max")),
            "agents": [a.strip() for a in self.value("#pf-agents").split(";") if a.strip()],
            "final": self.value("#pf-final").lower() == "y",
        }
        self.dismiss(PostalJob({"cmd": "postal.open_session", "args": args}, title=f"open session {session_id}",
                               words=session_opened(session_id)))
