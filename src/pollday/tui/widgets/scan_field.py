"""The field a scanning desk reads codes from: keyboard-wedge scans and typing, one message per line.

A USB scanner in keyboard mode types its read and Enter into whichever field has the
focus. This field takes each line the moment its Enter is handled (tech-notes trap 1),
tells a scanner from a person by the keys' arrival times (devices.wedge), drops the
repeated reads a scanner makes of one label within its good-read delay, and posts one
ScanReceived per line. Typing is always allowed: a damaged label is typed instead, and
the desk checks typed codes on exactly the same terms as scanned ones.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import events
from textual.app import App
from textual.message import Message

from pollday.devices.profiles import ScannerProfile
from pollday.devices.wedge import DEFAULT_TIMING, WedgeEntry, WedgeTiming, classify_entry
from pollday.tui.messages import ScanReceived
from pollday.tui.widgets.entry_field import EntryField

# The shipped profiles' good-read delay: what applies when no keyboard-wedge profile is set.
DEFAULT_GOOD_READ_DELAY_MS = 500
PLACEHOLDER = "scan a label, or type its code and press Enter"


def wedge_profile_of(app: App[Any]) -> ScannerProfile | None:
    """The keyboard-wedge profile the app was started with (`--scanner keyboard-wedge`), if any.

    Read by attribute so the field also works in apps other than PolldayApp (tests, benches).
    """
    profile = getattr(app, "wedge_profile", None)
    return profile if isinstance(profile, ScannerProfile) else None


class ScanField(EntryField):
    """One line per read: Enter posts ScanReceived(text, "scanned" | "typed") and clears the field.

    Key times are the events' own timestamps (Textual stamps every event with the monotonic
    clock when the terminal's bytes are parsed), so keys that reach the field in one burst
    and are handled in one go are still timed as they arrived. Timing comes from `profile`,
    else from the app's keyboard-wedge profile, else DEFAULT_TIMING.
    """

    # Re-exported so a desk can write @on(ScanField.Received) and benches find the message on the class.
    Received: ClassVar[type[ScanReceived]] = ScanReceived

    class Timed(Message):
        """How one line arrived, for the scanner setup screen; posted only when `report_timing` is on.

        `line` is the text as it arrived (a scanner's prefix and suffix included), `keys`
        counts its keys including Enter. `repeated` lines were dropped as a scanner's second
        read of the same label, so no ScanReceived follows them.
        """

        def __init__(self, field: ScanField, line: str, entry: WedgeEntry, keys: int, repeated: bool) -> None:
            super().__init__()
            self.field = field
            self.line = line
            self.entry = entry
            self.keys = keys
            self.repeated = repeated

        @property
        def control(self) -> ScanField:
            return self.field

    def __init__(self, *, profile: ScannerProfile | None = None, report_timing: bool = False, **options: Any) -> None:
        options.setdefault("placeholder", PLACEHOLDER)
        super().__init__(clear_on_enter=True, **options)
        self._profile = profile
        self.report_timing = report_timing
        self._key_times: list[float] = []  # seconds, one per key of the line being typed
        self._last_text: str | None = None
        self._last_seen = 0.0

    @property
    def profile(self) -> ScannerProfile | None:
        return self._profile if self._profile is not None else wedge_profile_of(self.app)

    @property
    def timing(self) -> WedgeTiming:
        profile = self.profile
        return DEFAULT_TIMING if profile is None else WedgeTiming.from_profile(profile)

    @property
    def good_read_delay_ms(self) -> int:
        profile = self.profile
        return DEFAULT_GOOD_READ_DELAY_MS if profile is None else profile.good_read_delay_ms

    async def _on_key(self, event: events.Key) -> None:
        # Runs before EntryField's and Input's handlers (Textual dispatches along the MRO).
        if self.screen.focused is not self:
            return  # queued before focus moved on: EntryField passes it to the field that has it now
        if event.is_printable and not self.value:
            # A new line starts: forget the keys of one cleared without Enter (by a desk, or by
            # backspacing), or their old times would make the next scan look typed.
            self._key_times = []
        self._key_times.append(event.time)
        if event.key != "enter":
            return  # Input types it in
        # Take the line here, in the Enter key's own handler: the keys after it in a burst
        # are already queued and must start the next line, not join this one.
        event.stop()
        event.prevent_default()  # neither EntryField nor Input may act on this Enter later
        text, times = self.value, self._key_times
        self._key_times = []
        self.value = ""
        self._take_line(text, times, event.time)

    def _on_paste(self, event: events.Paste) -> None:
        """A pasted block of codes is one entry per line, taken as typed (a person pasted them)."""
        lines = event.text.splitlines()
        ends_a_line = event.text.endswith(("\r", "\n"))
        if not lines or (len(lines) == 1 and not ends_a_line):
            return  # part of one line: Input inserts it as usual
        event.stop()
        event.prevent_default()  # Input would keep only the first line and drop the rest silently
        complete, rest = (lines, "") if ends_a_line else (lines[:-1], lines[-1])
        complete[0] = self.value + complete[0]  # the first line finishes whatever was already in the field
        self._key_times = []
        self.value = rest
        for line in complete:
            self._take_line(line, [], event.time)

    def _take_line(self, text: str, key_times_s: list[float], at: float) -> None:
        if not text.strip():
            return  # Enter on an empty field: nothing was read
        entry = classify_entry(text, [seconds * 1000 for seconds in key_times_s], self.timing)
        # A 1-D code beside a 2-D code is read twice within milliseconds: pass the label once,
        # until it has been away for the good-read delay (as the serial reader does).
        repeated = entry.text == self._last_text and (at - self._last_seen) * 1000 < self.good_read_delay_ms
        self._last_text, self._last_seen = entry.text, at
        if self.report_timing:
            self.post_message(self.Timed(self, text, entry, len(key_times_s), repeated))
        if not repeated:
            self.post_message(ScanReceived(entry.text, entry.source.value))
