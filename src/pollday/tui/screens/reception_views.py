"""The words the reception desk shows about a box, apart from the widgets that show them."""

from __future__ import annotations

from rich.text import Text

from pollday.domain.timefmt import uk_time
from pollday.tui.reception_readings import BoxDetail, BoxSummary, ReceptionReading, SealLine, box_exceptions
from pollday.tui.screens.reception_flow import seal_progress
from pollday.tui.screens.reception_widgets import BAD, GOOD, QUIET


def box_line(box: BoxSummary) -> str:
    """Which box, where from, and its receipt once there is one."""
    expected = f" · expected {uk_time(box.expected_arrival)}" if box.expected_arrival else ""
    line = f"Box {box.box_id} · {box.place} · {box.contest_name}{expected}"
    if box.received:
        line += (f"\nArrived {uk_time(box.arrived_at)}, delivered by {box.delivered_by}, "
                 f"received by {box.received_by}")
    elif box.presiding_officer:
        line += f"\nPresiding officer {box.presiding_officer} {box.presiding_officer_phone}".rstrip()
    return line


def seal_result(line: SealLine, detail: BoxDetail) -> tuple[str, str, bool]:
    """(heading, detail, whether it is good news) for the seal just recorded."""
    box_id = detail.box.box_id
    progress = seal_progress(detail)
    if line.status == "intact":
        return f"Seal {line.seal} matches box {box_id}", progress, True
    if line.status == "damaged":
        return f"Seal {line.seal} DAMAGED", f"Recorded as damaged on box {box_id} ({progress}).", False
    note = line.note.replace(", damaged", "") if line.note else "not issued to this box"
    damaged = " and damaged" if line.note.endswith("damaged") else ""
    return (f"Seal {line.seal} is NOT one of box {box_id}'s seals",
            f"It was {note}: recorded as unexpected{damaged}.", False)


def idle_text(reading: ReceptionReading) -> Text:
    text = Text("Boxes received: ", style="bold")
    postal = f", {reading.postal.text} postal" if reading.postal.total else ""
    text.append(f"{reading.stations.text} polling station{postal}\n")
    if reading.poll_state != "closed":
        text.append("The poll is not closed yet: polling station boxes are checked in after it closes.\n", style=BAD)
    text.append("F5 opens a box already checked in · F6 a box's history · F7 the box board", style=QUIET)
    return text


def done_text(detail: BoxDetail) -> Text:
    """What the desk leaves behind for a box: all good in green, anything open in red."""
    problems = box_exceptions(detail)
    unticked = len(detail.unticked_packets)
    text = Text(f"Box {detail.box.box_id} received at {uk_time(detail.box.arrived_at)}.\n", style="bold")
    if problems:
        text.append("Needs attention: " + "; ".join(problems) + "\n", style=BAD)
    else:
        text.append("Seals, packets and BPA in order.\n", style=GOOD)
    if unticked:
        text.append(f"{unticked} packet(s) not ticked: F5 opens the box again to tick them.\n", style="#ffaf5f")
    text.append("F6 shows its history · F8 sends it to verification", style=QUIET)
    return text
