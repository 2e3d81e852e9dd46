"""What the count screen says about a contest, as text: its line, its gate, and one table's keyings."""

from __future__ import annotations

from rich.cells import set_cell_size
from rich.text import Text

from pollday.tui.count_readings import ContestCount, TableLine

NAME_WIDTH = 28
FIGURE_WIDTH = 10


def contest_line(contest: ContestCount) -> str:
    counting = f"round {contest.position.round}" if contest.position.round else "not started"
    return f"{contest.name} · {contest.seats_text} · {counting} · {contest.stage_label}"


def gate(contest: ContestCount) -> tuple[str, str]:
    """(kind, text): what stands between this contest and a provisional result, in the services' words.

    kind is 'done' (declared or covered by a provisional result), 'ready', 'blocked' or 'closed'.
    """
    if contest.declared is not None:
        return "done", f"Declared: the result is final. {_provisional_phrase(contest)}"
    if not contest.signed_off:
        return "closed", "Not verified and signed off yet: votes are counted after that."
    if contest.provisional_current and contest.latest is not None:
        return "done", (f"Provisional result {contest.latest.version} covers round {contest.position.round}: "
                        "for the RO desk to declare, or a recount.")
    if contest.position.ready:
        return "ready", "The figures reconcile: ready for a provisional result (p, count supervisor)."
    lines = ["Blocking a provisional result:"]
    lines += [f"• {blocker}" for blocker in contest.position.blockers]
    return "blocked", "\n".join(lines)


def _provisional_phrase(contest: ContestCount) -> str:
    latest = contest.latest
    return f"From provisional result {latest.version}." if latest is not None else ""


def table_cells(table: TableLine) -> tuple[str, ...]:
    """Table | Given | Valid | Doubtful | Awaiting RO | State, for the tables list."""
    figures = table.status.effective
    if figures is None:
        given = valid = doubtful = "—"
    else:
        given, valid, doubtful = (f"{figures[k]:,}" for k in ("papers_given", "valid_papers", "doubtful"))
    awaiting = table.status.pending_doubtful
    return (table.table_id, given, valid, doubtful, f"{awaiting:,}" if awaiting > 0 else "", table.state_text)


def table_detail(contest: ContestCount, table: TableLine) -> Text:
    """Every keying of one table side by side, with ≠ wherever they disagree.

    First against second is what blocks a result until a supervisor settles it; a settled or
    re-entered table against the figures carried from the last round shows what a recount moved.
    """
    text = Text()
    for keying in table.keyings:
        note = f": {keying.note}" if keying.note and keying.keying != "carried" else ""
        text.append(f"{table.table_id} {keying.keying}: {keying.by} at {keying.at}{note}\n", style="bold")
    header = set_cell_size("", NAME_WIDTH) + "".join(k.keying.rjust(FIGURE_WIDTH) for k in table.keyings)
    text.append(header + "\n", style="underline")

    def row(label: str, values: list[object]) -> None:
        cells = "".join(("—" if v is None else f"{v:,}").rjust(FIGURE_WIDTH) for v in values)
        text.append(set_cell_size(label, NAME_WIDTH) + cells)
        text.append("  ≠" if len(set(values)) > 1 else "", style="bold #ff8080")
        text.append("\n")

    row("Papers given", [k.figures["papers_given"] for k in table.keyings])
    for candidate in contest.candidates:
        row(f"{candidate.ballot_order:>2} {candidate.ballot_name}",
            [k.figures["votes"].get(candidate.candidate_id) for k in table.keyings])
    row("Doubtful", [k.figures["doubtful"] for k in table.keyings])
    if contest.seats > 1:
        row("Valid papers", [k.figures["valid_papers"] for k in table.keyings])
    decided = table.status.decided
    text.append(f"Doubtful papers decided by the RO: {decided}", style="#c0c0c0")
    return text
