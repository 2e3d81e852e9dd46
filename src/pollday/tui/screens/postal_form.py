"""The PVS form: what was in one covering envelope, answered with single keys.

After a scan the form takes the focus. Three questions (PVS present, envelope A present,
numbers match) take y or n; Enter, the first figure of the date of birth or a signature
letter accepts "yes" for every one left. Then the date of birth is typed as written (figures and / . - or
space) and a letter gives the signature (m matches, d does not match, b blank, w waiver).

The signature letter records the check at once when a date of birth was typed: a
straightforward PVS is the scan, eight figures and m (the issue asks for one every two
seconds, so every key counts). With the date left blank the letter waits for Enter, so a
reflex m straight after the scan cannot record a PVS as "date of birth blank".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import events
from textual.message import Message
from textual.widgets import Static

from pollday.domain.postal import Signature
from pollday.tui.screens.postal_words import yes_no

QUESTIONS = ("PVS present", "Envelope A present", "Numbers match")
SIGNATURE_KEYS = {"m": Signature.MATCHES, "d": Signature.DOES_NOT_MATCH, "b": Signature.BLANK,
                  "w": Signature.WAIVER}
SIGNATURE_WORDS = {Signature.MATCHES: "matches", Signature.DOES_NOT_MATCH: "does NOT match",
                   Signature.BLANK: "blank", Signature.WAIVER: "blank, waiver"}
DATE_CHARACTERS = set("0123456789/.- ")
MAX_DATE = 12


@dataclass(frozen=True)
class PvsEntry:
    ballot_number: str
    pvs_present: bool
    envelope_a_present: bool
    numbers_match: bool
    date_of_birth: str
    signature: Signature | None
    envelope_a_number: str = ""  # when the numbers do not match: the number on envelope A

    def command_args(self) -> dict[str, Any]:
        args: dict[str, Any] = {"ballot_number": self.ballot_number, "pvs_present": self.pvs_present,
                                "envelope_a_present": self.envelope_a_present,
                                "numbers_match": self.numbers_match}
        if self.envelope_a_number:
            args["envelope_a_number"] = self.envelope_a_number
        if self.pvs_present:
            args |= {"date_of_birth": self.date_of_birth,
                     "signature": self.signature.value if self.signature else None}
        return args


class PvsForm(Static, can_focus=True):
    DEFAULT_CSS: ClassVar[str] = """
    PvsForm { height: auto; min-height: 4; padding: 0 1; background: #1c1c1c; color: #e0e0e0; }
    PvsForm:focus { background: #262626; }
    """

    class Submitted(Message):
        def __init__(self, entry: PvsEntry) -> None:
            super().__init__()
            self.entry = entry

    class Problem(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, *, submit: Callable[[PvsEntry], None] | None = None, scan_field: str = "",
                 **options: Any) -> None:
        """`submit` is called in the Enter key's own handler (so focus moves before the next queued key);
        without it the form posts Submitted."""
        super().__init__("", markup=False, **options)
        self._submit_to = submit
        self._scan_field = scan_field  # a letter the form does not take starts a new scan there (a PVS label)
        self.clear()

    def clear(self, ballot_number: str = "") -> None:
        self.ballot_number = ballot_number
        self.answers = [True, True, True]
        self.question = 0  # 3 once the contents are answered
        self.dob = ""
        self.signature: Signature | None = None
        if self.is_mounted:
            self._draw()

    def on_mount(self) -> None:
        self._draw()

    @property
    def entry(self) -> PvsEntry:
        pvs, env_a, match = self.answers
        return PvsEntry(self.ballot_number, pvs, env_a, match, self.dob, self.signature)

    def on_key(self, event: events.Key) -> None:
        focused = self.screen.focused
        if focused is not self:
            # Queued for the form before Enter moved the focus on (a scan typed in one burst): pass it on.
            event.stop()
            event.prevent_default()
            if focused is not None:
                focused.post_message(events.Key(event.key, event.character))
            return
        key = event.key
        handled = self._take_key(key, event.character)
        if not handled and self._scan_field and event.character and event.character.isalpha():
            # The next PVS label is being scanned over an unfinished form: it starts again from the scan.
            event.stop()
            event.prevent_default()
            field = self.screen.query_one(self._scan_field)
            self.screen.set_focus(field)
            field.post_message(events.Key(event.key, event.character))
            return
        if handled:
            event.stop()
            event.prevent_default()
            self._draw()

    def _take_key(self, key: str, character: str | None) -> bool:
        if not self.ballot_number:
            return False
        if self.question < 3:
            if (character and character.isdigit()) or key in SIGNATURE_KEYS:
                self.question = 3  # the date of birth or the signature has begun: yes to the rest, and it counts
            elif key in ("y", "n"):
                self.answers[self.question] = key == "y"
                self.question += 1
                if not self.answers[0]:
                    self.question = 3  # no PVS: nothing more to ask
                return True
            elif key == "enter":
                self.question = 3
                if not self.answers[0]:
                    self._submit()
                return True
            else:
                return False
        if key == "enter":
            self._submit()
            return True
        if key == "backspace":
            self.dob = self.dob[:-1]
            return True
        if not self.answers[0]:
            return False
        if key in SIGNATURE_KEYS:
            self.signature = SIGNATURE_KEYS[key]
            if self.dob:
                self._submit()
            return True
        if character and character in DATE_CHARACTERS and len(self.dob) < MAX_DATE:
            self.dob += character
            return True
        return False

    def _submit(self) -> None:
        if self.answers[0] and self.signature is None:
            self.post_message(self.Problem("Give the signature judgement: m matches, d does not match, b blank, "
                                           "w waiver; then Enter"))
            return
        if self._submit_to is not None:
            self._submit_to(self.entry)
        else:
            self.post_message(self.Submitted(self.entry))

    def _draw(self) -> None:
        text = Text()
        if not self.ballot_number:
            text.append("Then y/n: PVS, envelope A, numbers match (or just type the date of birth: all yes) · "
                        "date of birth as written · m matches, d does not match, b blank, w waiver: records it.",
                        style="dim")
            self.update(text)
            return
        text.append(f"Ballot paper {self.ballot_number}\n", style="bold")
        for index, question in enumerate(QUESTIONS):
            current = index == self.question
            text.append(f"{question}: ", style="bold reverse" if current else "")
            text.append(("?" if current else yes_no(self.answers[index])) + "  ")
        text.append("\n")
        if self.question < 3:
            text.append("y / n for each; Enter or the date of birth: yes to the rest", style="dim")
        elif self.answers[0]:
            text.append("Date of birth: ", style="bold")
            text.append((self.dob or "(blank)") + "   ")
            text.append("Signature: ", style="bold")
            text.append(SIGNATURE_WORDS[self.signature] if self.signature else "m / d / b / w")
            if self.signature:
                text.append("   Enter: record" + ("" if self.dob else " with the date of birth blank"), style="dim")
            else:
                text.append("   the letter records it" if self.dob else "   (blank date: letter, then Enter)",
                            style="dim")
        else:
            text.append("No PVS: Enter records envelope A on its own", style="dim")
        self.update(text)
