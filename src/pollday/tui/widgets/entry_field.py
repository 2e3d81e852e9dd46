"""A text field that acts on Enter at once, so keys typed in a burst land where they belong."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.message import Message
from textual.widgets import Input


class EntryField(Input):
    """An Input that takes its value on Enter inside its own key handler.

    Textual's Input submits through a binding that runs only once the Enter key has
    bubbled up to the app; by then the keys after it in a burst (a fast typist over SSH,
    a browser session, a keyboard-wedge scanner) are already typed into the field and
    glued onto its value (shared/design/tech-notes.md, trap 1). Here Enter takes the value
    as it was when Enter was pressed, optionally clears the field and moves focus on in
    the same call, and keys that were already queued for this field after focus moved on
    are passed to the field that now has focus, so a PIN typed after a username never
    shows up in the username field. Editing keys are done in the same handler for the same
    reason.
    """

    class Entered(Message):
        def __init__(self, field: EntryField, value: str) -> None:
            super().__init__()
            self.field = field
            self.value = value

        @property
        def control(self) -> EntryField:
            return self.field

    def __init__(self, *, clear_on_enter: bool = False, focus_on_enter: str | None = None, **options: Any) -> None:
        super().__init__(**options)
        self.clear_on_enter = clear_on_enter
        self.focus_on_enter = focus_on_enter  # CSS selector of the field that takes over after Enter

    async def _on_key(self, event: events.Key) -> None:
        focused = self.screen.focused
        if focused is not self:
            # Queued for us before Enter moved focus on: it belongs to whichever field has focus now.
            event.stop()
            event.prevent_default()
            if focused is not None:
                focused.post_message(events.Key(event.key, event.character))
            return
        if event.key != "enter":
            if not event.is_printable:
                await self._edit_in_place(event)
            return
        event.stop()
        event.prevent_default()  # keeps Input's own submit binding from running later with a stale value
        value = self.value
        if self.clear_on_enter:
            self.value = ""
        if self.focus_on_enter:
            self.screen.set_focus(self.screen.query_one(self.focus_on_enter))
        self.post_message(self.Entered(self, value))

    async def _edit_in_place(self, event: events.Key) -> None:
        """Backspace, Delete, the arrows: done now, in order with the characters around them.

        Input edits through bindings, which run only once the key has bubbled up past the
        field; by then the characters after it in a burst are typed, so "recx", Backspace,
        "eption1" came out as "recxeption" (the last character deleted, not the x).
        """
        bindings = self._bindings.key_to_bindings.get(event.key)
        if not bindings:
            return
        event.stop()
        event.prevent_default()
        await self.run_action(bindings[0].action)
