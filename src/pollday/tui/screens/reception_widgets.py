"""The reception desk's own widgets and texts: the seals, the packet checklist, BPA differences."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from pollday.domain.commands.reception import PacketStatus
from pollday.tui.reception_readings import UNTICKED, BoxDetail, BpaStatus, PacketLine, SealLine

GOOD = "bold #80ff80"
BAD = "bold #ff8080"
QUIET = "#a0a0a0"


def seal_text(lines: tuple[SealLine, ...]) -> Text:
    """One seal per line: green when it matches, red when damaged, missing or not this box's."""
    text = Text()
    for number, line in enumerate(lines):
        if number:
            text.append("\n")
        mark, style = ("✗ ", BAD) if line.problem else ("✓ ", GOOD) if line.status == "intact" else ("· ", QUIET)
        text.append(mark + line.text, style=style)
    return text


PACKET_MARKS = {
    UNTICKED: ("[ ]", "white"),
    PacketStatus.PRESENT.value: ("[✓]", GOOD),
    PacketStatus.MISSING.value: ("[✗]", BAD),
    PacketStatus.NOT_APPLICABLE.value: ("[–]", QUIET),
}


def packet_prompt(number: int, line: PacketLine) -> Text:
    mark, style = PACKET_MARKS.get(line.status, ("[?]", "white"))
    text = Text(f"{number:>2} ", style=QUIET)
    text.append(f"{mark} {line.label}", style=style)
    if line.status == PacketStatus.MISSING:
        text.append(f"  MISSING: {line.note}", style=BAD)
    elif line.status == PacketStatus.NOT_APPLICABLE:
        text.append("  not applicable", style=QUIET)
    return text


def exceptions_text(detail: BoxDetail) -> Text:
    """What is wrong or not yet done with this station's packets: it stays on the list until settled."""
    missing = detail.missing_packets
    unticked = detail.unticked_packets
    if not missing and not unticked:
        return Text("Every packet is accounted for.", style=GOOD)
    text = Text("Exceptions: ", style="bold")
    if missing:
        text.append("missing " + ", ".join(p.label.split(" (")[0] for p in missing), style=BAD)
    if unticked:
        text.append(" · " if missing else "")
        text.append(f"{len(unticked)} not yet ticked", style="bold #ffaf5f")
    return text


class PacketChecklist(OptionList):
    """The station's packets: Space ticks the highlighted one present, 1-9 tick by number.

    m marks it missing (the desk then asks what happened), n not applicable. Capital
    letters are what a keyboard-wedge scanner types: they are handed to the scan field
    with the focus, so a label scanned while the list has the focus is not lost.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "mark('present')", "Present"),
        Binding("m", "mark('missing')", "Missing"),
        Binding("n", "mark('not_applicable')", "Not applicable"),
        *(Binding(str(n), f"tick({n})", f"Tick {n}", show=False) for n in range(1, 10)),
    ]

    class Marked(Message):
        def __init__(self, packet: str, status: PacketStatus) -> None:
            super().__init__()
            self.packet = packet
            self.status = status

    def __init__(self, *, typing_goes_to: str, id: str | None = None) -> None:
        super().__init__(id=id)
        self.typing_goes_to = typing_goes_to  # CSS selector of the scan field
        self._packets: tuple[PacketLine, ...] = ()

    def show_packets(self, packets: tuple[PacketLine, ...]) -> None:
        highlighted = self.highlighted
        self._packets = packets
        self.set_options(Option(packet_prompt(n, p), id=p.packet) for n, p in enumerate(packets, start=1))
        if packets:
            self.highlighted = min(highlighted or 0, len(packets) - 1)

    def action_mark(self, status: str) -> None:
        index = self.highlighted
        if index is None or index >= len(self._packets):
            return
        self.post_message(self.Marked(self._packets[index].packet, PacketStatus(status)))
        if status != PacketStatus.MISSING:
            self._highlight_next_unticked(index)

    def highlight_first_unticked(self) -> None:
        self.highlighted = next((i for i, p in enumerate(self._packets) if p.status == UNTICKED), 0)

    def move_past(self, packet: str) -> None:
        """After a packet was recorded elsewhere (a missing one's note): on to the next unticked."""
        index = next((i for i, p in enumerate(self._packets) if p.packet == packet), None)
        if index is not None:
            self._highlight_next_unticked(index)

    def action_tick(self, number: int) -> None:
        if number <= len(self._packets):
            self.highlighted = number - 1
            self.action_mark(PacketStatus.PRESENT.value)

    def _highlight_next_unticked(self, after: int) -> None:
        # Walking down with Space ticks the checklist in order, skipping what is already recorded.
        order = list(range(after + 1, len(self._packets))) + list(range(after))
        self.highlighted = next((i for i in order if self._packets[i].status == UNTICKED), after)

    async def _on_key(self, event: events.Key) -> None:
        focused = self.screen.focused
        if focused is not self:
            # Queued for the list before a capital letter moved the focus: it belongs to the scan field.
            event.stop()
            event.prevent_default()
            if focused is not None:
                focused.post_message(events.Key(event.key, event.character))
            return
        if event.character is not None and event.character.isupper():
            event.stop()
            event.prevent_default()
            target = self.screen.query_one(self.typing_goes_to)
            self.screen.set_focus(target)
            target.post_message(events.Key(event.key, event.character))


def differences_text(bpa: BpaStatus) -> Text:
    """The two keyings side by side, only the figures that differ, so a supervisor sees them at once."""
    first, second = bpa.first, bpa.second
    if first is None or second is None:
        return Text("")
    text = Text("The two keyings differ:\n", style=BAD)
    text.append(f"{'':32} {'first':>16} {'second':>16}\n", style="bold")
    text.append(f"{'':32} {first.by[:16]:>16} {second.by[:16]:>16}\n", style=QUIET)
    for difference in bpa.differences:
        text.append(f"{difference.label:32} {difference.first:>16,} {difference.second:>16,}\n", style=BAD)
    text.append("A supervisor checks the paper BPA and settles the figures (bpa.resolve).", style=QUIET)
    return text
