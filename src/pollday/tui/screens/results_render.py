"""A result as lines of text: a Unicode block bar per candidate, then papers, heads, majority, turnouts.

Laid out by hand for the width available, so at 80 columns the bars shrink and the party
column goes rather than the figures; plain text underneath keeps the screen testable.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.text import Text

from pollday.tui.count_readings import ContestCount
from pollday.tui.screens.results_model import ResultView

EIGHTHS = " ▏▎▍▌▋▊▉"
FULL_BLOCK = "█"
PARTY_FROM_WIDTH = 110  # below this the party column gives way to the bars
MAX_NAME = 26
MARKER_WIDTH = 12
MARKER_STYLES = {"ELECTED": "bold black on #80ff80", "would win": "bold #80ff80", "wins by lot": "bold #80ff80",
                 "TIED": "bold black on yellow"}


def bar(value: int, maximum: int, width: int) -> str:
    """A bar `width` cells long at `maximum`, in eighths of a cell."""
    if maximum <= 0 or width <= 0 or value <= 0:
        return ""
    eighths = round(value / maximum * width * 8)
    return FULL_BLOCK * (eighths // 8) + (EIGHTHS[eighths % 8] if eighths % 8 else "")


def percent(fraction: float | None) -> str:
    return "—" if fraction is None else f"{fraction * 100:.2f}%"


def candidate_table(contest: ContestCount, view: ResultView, width: int) -> Text:
    votes: dict[str, int] = view.figures["votes"]
    before: dict[str, int] = view.previous["votes"] if view.previous else {}
    valid_votes = sum(votes.values())
    top = max(votes.values(), default=0)
    # the ballot number, a space, the name, and a gap before the next column
    name_width = min(max((cell_len(c.ballot_name) for c in contest.candidates), default=10) + 4, MAX_NAME)
    party_width = 22 if width >= PARTY_FROM_WIDTH else 0
    change_width = 8 if view.previous is not None else 0
    # name, party, votes, share, change, two spaces, the bar, a space, the marker
    fixed = name_width + (party_width + 1 if party_width else 0) + 9 + 8 + change_width + 3 + MARKER_WIDTH
    bar_width = max(8, width - fixed)

    text = Text()
    header = set_cell_size(" # Candidate", name_width)
    if party_width:
        header += " " + set_cell_size("Description", party_width)
    header += "Votes".rjust(9) + "Share".rjust(8)
    if change_width:
        header += "Change".rjust(change_width)
    text.append(header + "\n", style="bold underline")
    for candidate in contest.candidates:
        count = votes.get(candidate.candidate_id, 0)
        share = count / valid_votes if valid_votes else 0.0
        marker = view.marker(candidate.candidate_id)
        line = set_cell_size(f"{candidate.ballot_order:>2} {candidate.ballot_name}", name_width)
        if party_width:
            line += " " + set_cell_size(candidate.description, party_width)
        line += f"{count:,}".rjust(9) + percent(share).rjust(8)
        text.append(line, style="bold" if marker else "")
        if change_width:
            change = view.change(count, before.get(candidate.candidate_id))
            text.append(change.rjust(change_width), style="bold yellow" if change not in ("", "0") else "#c0c0c0")
        text.append("  ")
        text.append(set_cell_size(bar(count, top, bar_width), bar_width), style="#5fafff")
        text.append(" ")
        text.append(marker, style=MARKER_STYLES.get(marker, ""))
        text.append("\n")
    text.rstrip()
    return text


def summary(contest: ContestCount, view: ResultView) -> Text:
    figures = view.figures
    previous = view.previous
    text = Text()

    def line(label: str, value: str, change: str = "", style: str = "") -> None:
        text.append(set_cell_size(label, 62) + value.rjust(8), style=style)
        if change and change != "0":
            text.append(f"  ({change})", style="bold yellow")
        text.append("\n")

    def changed(key: str, head: str | None = None) -> str:
        if previous is None:
            return ""
        now = figures[key][head] if head else figures[key]
        before = previous[key][head] if head else previous[key]
        return view.change(now, before)

    counted = figures["valid_papers"] + figures["rejected_total"]
    line("Valid ballot papers", f"{figures['valid_papers']:,}", changed("valid_papers"))
    line("Rejected ballot papers", f"{figures['rejected_total']:,}", changed("rejected_total"))
    line("Ballot papers counted (valid + rejected)", f"{counted:,}")
    line("Verified total", f"{figures['verified_total']:,}")
    text.append("Rejected under each head\n", style="bold")
    for head, label in contest.heads.items():
        line(f"  {head}  {label}", f"{figures['rejected'].get(head, 0):,}", changed("rejected", head))
    if contest.allows_rejected_in_part or figures["rejected_in_part"]:
        line("  Rejected in part (the votes that stand were counted)", f"{figures['rejected_in_part']:,}",
             changed("rejected_in_part"))
    majority = figures["majority"]
    if majority is None:
        text.append("Majority: none (no more candidates than seats)\n")
    elif majority == 0:
        text.append("Majority: 0, a tie for the last seat: lots decide it\n", style="bold yellow")
    else:
        text.append(f"Majority: {majority:,} (the last elected over the first not elected)\n")
    electorate = f"{figures['electorate']:,}"
    text.append(f"Ballot box turnout {percent(figures['ballot_box_turnout'])}: ballot papers counted (valid and "
                f"rejected) ÷ electorate {electorate}\n")
    text.append(f"Valid vote turnout {percent(figures['valid_vote_turnout'])}: valid ballot papers ÷ electorate "
                f"{electorate}. Turnout is not a statutory figure.")
    return text
