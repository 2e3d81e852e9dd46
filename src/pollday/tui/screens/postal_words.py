"""The postal desk's words: the open session and batch, the form, and the system's proposal."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pollday.domain.ordering import natural_key
from pollday.domain.postal import FLAG_LABELS, Flag, labels, normalise_ballot_number
from pollday.domain.postal_figures import adjudication_queue
from pollday.domain.state import StateView


@dataclass(frozen=True)
class PostalReading:
    """What the desk shows: the open session (if any), the batch being opened, and what waits for the RO."""

    session_id: str = ""
    session_name: str = ""
    batch: str = ""  # the first counted batch with envelopes still to open
    opened: int = 0
    envelopes: int = 0
    boxes: tuple[str, ...] = ()  # "PS1 (12)": open postal ballot boxes and their papers
    awaiting_ro: int = 0
    batches: tuple[str, ...] = field(default=())
    queue: tuple[dict[str, Any], ...] = field(default=())  # awaiting the RO, oldest first

    @property
    def ready(self) -> bool:
        return bool(self.session_id and self.batch)


def read_postal(view: StateView) -> PostalReading:
    open_sessions = [s for s in view.rows("postal_sessions") if s["closed_at"] is None]
    queue = tuple(adjudication_queue(view))
    if not open_sessions:
        return PostalReading(awaiting_ro=len(queue), queue=queue)
    session = open_sessions[0]
    sid = session["session_id"]
    batches = sorted(view.rows("postal_envelope_batches", session_id=sid), key=lambda b: natural_key(b["batch"]))
    current = next((b for b in batches if b["items"] < b["envelopes"]), None)
    boxes = tuple(f"{b['box_id']} ({b['papers']})" for b in sorted(
        view.rows("postal_ballot_boxes", session_id=sid, state="open"), key=lambda b: natural_key(b["box_id"])))
    return PostalReading(sid, session["name"], current["batch"] if current else "",
                         current["items"] if current else 0, current["envelopes"] if current else 0,
                         boxes, len(queue), tuple(b["batch"] for b in batches), queue)


def status_text(reading: PostalReading) -> str:
    if not reading.session_id:
        return "No opening session is open: open one (postal.open_session) before checking PVSs."
    head = f"Session {reading.session_id}"
    waiting = f"{reading.awaiting_ro} await the RO"
    if not reading.batch:
        return f"{head} · no counted batch has envelopes left to open: count the next batch · {waiting}"
    boxes = ", ".join(reading.boxes) or "none open"
    return (f"{head} · batch {reading.batch}: {reading.opened}/{reading.envelopes} opened · "
            f"box {boxes} · {waiting}")


def returned_row(view: StateView, ballot_number: str) -> dict[str, Any] | None:
    paper = view.get("postal_papers", (normalise_ballot_number(ballot_number),))
    if paper is None:
        return None
    return view.get("postal_returns", (paper["pvs_number"],))


@dataclass(frozen=True)
class ProposalWords:
    tone: str  # "accepted" or "warning"
    heading: str
    detail: str


def proposal_words(ballot_number: str, row: dict[str, Any] | None) -> ProposalWords:
    """The system's proposal for one PVS, in words for the operator and the RO."""
    if row is None or not row.get("proposal"):
        return ProposalWords("accepted", f"Ballot paper {ballot_number}: recorded",
                             "Held until its PVS arrives.")
    flags = [FLAG_LABELS.get(Flag(f), f) if f in Flag._value2member_map_ else f for f in row["flags"]]
    if row["proposal"] == "accept":
        detail = "Accept: its papers go into the open postal ballot box."
        return ProposalWords("accepted", f"Ballot paper {ballot_number}: ACCEPT", " ".join([detail, *flags]))
    if row["proposal"] == "reject":
        reasons = "; ".join(labels(row["proposed_reasons"]))
        return ProposalWords("warning", f"Ballot paper {ballot_number}: REJECT proposed, set aside for the RO",
                             " ".join([f"Reason: {reasons}.", *flags]))
    return ProposalWords("warning", f"Ballot paper {ballot_number}: REFER to the RO, set aside",
                         " ".join(flags) or "The RO must look at it before it is accepted.")


def yes_no(value: bool) -> str:
    return "yes" if value else "NO"
