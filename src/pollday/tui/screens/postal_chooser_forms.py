"""The chooser's other forms: count a batch of covering envelopes, open a postal ballot box.

Built on PostalForm (postal_session_forms.py): each dismisses with the PostalJob to run.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.widgets import Input, Static

from pollday.tui.screens.postal_jobs import PostalJob, batch_counted, box_opened
from pollday.tui.screens.postal_session_forms import TONE_STYLES, PostalForm, entry, row
from pollday.tui.screens.postal_session_words import contest_needing_a_box, next_batch, suggested_box_id
from pollday.tui.screens.postal_words import SOURCE_WORDS, PostalReading
from pollday.tui.widgets.entry_field import EntryField

SOURCE_KEYS = {"p": "post", "c": "council_office", "s": "polling_station", "f": "found_in_ballot_box"}


class CountBatchForm(PostalForm):
    TITLE_TEXT = "Count a batch of covering envelopes"
    HINT = ("Type the number counted, Enter. Tab: the batch number; an earlier batch's number corrects its "
            "count, with a note. Escape: cancel.")

    def __init__(self, reading: PostalReading, current_batch: str) -> None:
        super().__init__(reading)
        current = reading.batch_row(current_batch)
        self.source = current.source if current else (reading.batch_rows[-1].source if reading.batch_rows else "post")

    def compose_fields(self) -> ComposeResult:
        yield row("Envelopes counted", CountField(self, id="pf-envelopes", restrict=r"\d{0,6}", placeholder="how many",
                                                  compact=True))
        yield row("Batch", entry(value=next_batch(self.reading), id="pf-batch", focus_on_enter="#pf-envelopes"))
        yield Static("", id="pf-source", classes="pf-line", markup=False)
        yield Static("", id="pf-earlier", classes="pf-line", markup=False)
        yield row("Note", entry(id="pf-note", placeholder="why a count is corrected (goes on record)"))

    def on_mount(self) -> None:
        super().on_mount()
        self._show_source()
        self._batch_changed()
        self.query_one("#pf-envelopes", Input).focus()

    def _show_source(self) -> None:
        text = Text("From:", style="bold")
        for key, source in SOURCE_KEYS.items():
            chosen = source == self.source
            words = "found in a box" if source == "found_in_ballot_box" else SOURCE_WORDS[source]
            text.append(" ")
            text.append(f" {key} {words} ", style="bold reverse" if chosen else "")
        self.query_one("#pf-source", Static).update(text)

    def choose_source(self, key: str) -> None:
        self.choose_source_of(SOURCE_KEYS[key])

    def choose_source_of(self, source: str) -> None:
        self.source = source
        self._show_source()

    @on(Input.Changed, "#pf-batch")
    def _batch_changed(self) -> None:
        earlier = self.reading.batch_row(self.value("#pf-batch"))
        if earlier is not None and earlier.source != self.source:
            self.choose_source_of(earlier.source)  # a correction keeps where the batch came from, unless changed
        words = "" if earlier is None else (f"Batch {earlier.batch} was counted as {earlier.envelopes} "
                                             f"({earlier.items} opened): this corrects its count; say why in the note.")
        line = self.query_one("#pf-earlier", Static)
        line.update(Text(words, style=TONE_STYLES["short"]))
        line.display = bool(words)

    @on(EntryField.Entered, "#pf-envelopes")
    @on(EntryField.Entered, "#pf-note")
    def _send(self, event: EntryField.Entered) -> None:
        event.stop()
        batch, envelopes, note = self.value("#pf-batch"), self.value("#pf-envelopes"), self.value("#pf-note")
        if not envelopes:
            self.say("Type how many covering envelopes are in the batch.", "#pf-envelopes")
            return
        correct = self.reading.batch_row(batch) is not None
        if correct and not note:
            self.say(f"Batch {batch} is already counted: say why its count is corrected, then Enter.", "#pf-note")
            return
        args: dict[str, Any] = {"session_id": self.reading.session_id, "batch": batch, "envelopes": int(envelopes),
                                "source": self.source}
        if correct:
            args |= {"correct": True, "note": note}
        self.dismiss(PostalJob({"cmd": "postal.count_envelopes", "args": args}, title=f"count of batch {batch}",
                               words=batch_counted(self.reading.session_id, batch, correct)))


class CountField(EntryField):
    """Figures only; p, c, s or f typed here choose where the envelopes came from."""

    def __init__(self, form: CountBatchForm, **options: Any) -> None:
        super().__init__(**options)
        self.form = form

    async def _on_key(self, event: events.Key) -> None:
        # Before Input's own handler, which would swallow the letter as text it does not allow.
        if event.key in SOURCE_KEYS and self.screen.focused is self:
            event.stop()
            event.prevent_default()
            self.form.choose_source(event.key)


class OpenBoxForm(PostalForm):
    TITLE_TEXT = "Open a postal ballot box: show it empty to the agents first"
    HINT = "↑ ↓ or its number: the contest, Enter. Then the number on the box's label, Enter. Escape: cancel."

    def __init__(self, reading: PostalReading) -> None:
        super().__init__(reading)
        self.contest_id = contest_needing_a_box(reading)

    def compose_fields(self) -> ComposeResult:
        yield ContestPicker(self, id="pf-contests")
        yield row("Box number", entry(value=suggested_box_id(self.reading, self.contest_id), id="pf-box-id"))

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(ContestPicker).focus()

    def choose(self, contest_id: str) -> None:
        self.contest_id = contest_id
        self.query_one("#pf-box-id", Input).value = suggested_box_id(self.reading, contest_id)
        self.query_one(ContestPicker).refresh_lines()

    @on(EntryField.Entered, "#pf-box-id")
    def _send(self, event: EntryField.Entered) -> None:
        event.stop()
        box_id = self.value("#pf-box-id").upper()
        if not box_id:
            self.say("Type the number on the box's label (e.g. P8).", "#pf-box-id")
            return
        args = {"session_id": self.reading.session_id, "box_id": box_id, "contest_id": self.contest_id}
        self.dismiss(PostalJob({"cmd": "postal.open_box", "args": args}, title=f"open box {box_id}",
                               words=box_opened(box_id)))


class ContestPicker(Static, can_focus=True):
    DEFAULT_CSS: ClassVar[str] = """
    ContestPicker { height: auto; margin-top: 1; padding: 0 1; background: #262626; }
    ContestPicker:focus { background: #005f87; }
    """

    def __init__(self, form: OpenBoxForm, **options: Any) -> None:
        super().__init__("", markup=False, **options)
        self.form = form

    def on_mount(self) -> None:
        self.refresh_lines()

    def refresh_lines(self) -> None:
        text = Text("Contest:", style="bold")
        open_for = {b.contest_id for b in self.form.reading.box_rows if b.state == "open"}
        for number, (contest_id, name) in enumerate(self.form.reading.contests, start=1):
            mark = "▶" if contest_id == self.form.contest_id else " "
            note = "  (a box is open)" if contest_id in open_for else ""
            text.append(f"\n{mark} {number} {name}{note}", style="bold" if mark != " " else "")
        self.update(text)

    def on_key(self, event: events.Key) -> None:
        contests = [cid for cid, _name in self.form.reading.contests]
        if not contests:
            return
        index = contests.index(self.form.contest_id) if self.form.contest_id in contests else 0
        if event.key in ("up", "down"):
            index = (index + (1 if event.key == "down" else -1)) % len(contests)
        elif event.character and event.character.isdigit() and 1 <= int(event.character) <= len(contests):
            index = int(event.character) - 1
        elif event.key == "enter":
            self.form.query_one("#pf-box-id", Input).focus()
        else:
            return
        event.stop()
        event.prevent_default()
        self.form.choose(contests[index])
