"""The postal desk's words: the open session and batch, the form, and the system's proposal."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pollday.domain.commands.postal_support import Decision
from pollday.domain.ordering import natural_key
from pollday.domain.postal import FLAG_LABELS, Flag, labels, normalise_ballot_number
from pollday.domain.postal_figures import adjudication_queue
from pollday.domain.state import StateView

SOURCE_WORDS = {"post": "post", "council_office": "council office", "polling_station": "polling station",
                "found_in_ballot_box": "found in a ballot box"}


@dataclass(frozen=True)
class BatchRow:
    batch: str
    source: str
    envelopes: int  # covering envelopes counted
    items: int  # opened (checked) so far

    @property
    def complete(self) -> bool:
        return self.items >= self.envelopes


@dataclass(frozen=True)
class BoxRow:
    box_id: str
    contest_id: str
    contest: str
    state: str  # open, sealed or withdrawn
    papers: int  # papers placed: the postal ballot paper account once sealed


@dataclass(frozen=True)
class SessionInfo:
    session_id: str
    name: str
    location: str
    final: bool
    notice_given_at: str
    notice_warning: str
    max_agents: int
    agents: tuple[str, ...]
    opened_at: str


@dataclass(frozen=True)
class PostalReading:
    """What the desk shows: the open session (if any), its batches and boxes, and what waits for the RO."""

    session_id: str = ""
    session_name: str = ""
    batch: str = ""  # the first counted batch with envelopes still to open
    opened: int = 0
    envelopes: int = 0
    boxes: tuple[str, ...] = ()  # "PS1 (12)": open postal ballot boxes and their papers
    awaiting_ro: int = 0
    batches: tuple[str, ...] = field(default=())
    queue: tuple[dict[str, Any], ...] = field(default=())  # awaiting the RO, oldest first
    session: SessionInfo | None = None
    batch_rows: tuple[BatchRow, ...] = ()
    box_rows: tuple[BoxRow, ...] = ()  # every box of the open session, open ones first
    contests: tuple[tuple[str, str], ...] = ()  # (contest ID, name) in ballot order
    session_ids: tuple[str, ...] = ()  # every session ever opened: a new one needs its own ID
    last_session: SessionInfo | None = None  # the latest session: its place and agent limit are the likely ones

    @property
    def ready(self) -> bool:
        return bool(self.session_id and self.batch)

    def batch_row(self, batch: str) -> BatchRow | None:
        return next((b for b in self.batch_rows if b.batch == batch), None)


def _session_info(row: dict[str, Any]) -> SessionInfo:
    return SessionInfo(row["session_id"], row["name"], row["location"], row["final"], row["notice_given_at"],
                       row["notice_warning"], row["max_agents"], tuple(row["agents"]), row["opened_at"])


def read_postal(view: StateView, with_queue: bool = True) -> PostalReading:
    """Every desk reads this after each change anywhere: keep it cheap. The queue's rows are read only for
    a desk that shows them (the RO's), and only when the count says there are any."""
    sessions = view.rows("postal_sessions")
    waiting = view.count("postal_returns", decision=Decision.AWAITING_ADJUDICATION.value)
    queue = tuple(adjudication_queue(view)) if with_queue and waiting else ()
    contest_rows = sorted(view.rows("contests"), key=lambda c: c["position"])
    names = {c["contest_id"]: c["name"] for c in contest_rows}
    base: dict[str, Any] = {
        "awaiting_ro": waiting, "queue": queue,
        "contests": tuple((c["contest_id"], c["name"]) for c in contest_rows),
        "session_ids": tuple(s["session_id"] for s in sessions),
        "last_session": _session_info(max(sessions, key=lambda s: s["opened_at"])) if sessions else None,
    }
    open_sessions = [s for s in sessions if s["closed_at"] is None]
    if not open_sessions:
        return PostalReading(**base)
    session = open_sessions[0]
    sid = session["session_id"]
    batches = sorted(view.rows("postal_envelope_batches", session_id=sid), key=lambda b: natural_key(b["batch"]))
    current = next((b for b in batches if b["items"] < b["envelopes"]), None)
    box_rows = tuple(BoxRow(b["box_id"], b["contest_id"], names.get(b["contest_id"], b["contest_id"]), b["state"],
                            b["papers"])
                     for b in sorted(view.rows("postal_ballot_boxes", session_id=sid),
                                     key=lambda b: (b["state"] != "open", natural_key(b["box_id"]))))
    return PostalReading(
        sid, session["name"], current["batch"] if current else "", current["items"] if current else 0,
        current["envelopes"] if current else 0,
        tuple(f"{b.box_id} ({b.papers})" for b in box_rows if b.state == "open"),
        batches=tuple(b["batch"] for b in batches), session=_session_info(session),
        batch_rows=tuple(BatchRow(b["batch"], b["source"], b["envelopes"], b["items"]) for b in batches),
        box_rows=box_rows, **base)


def status_text(reading: PostalReading, batch: str | None = None) -> str:
    """One or two lines: the session, the batch being opened (`batch`, else the first with envelopes left)."""
    if not reading.session_id:
        return "No opening session is open: press F2 to open one (notice, agents), then count a batch."
    head = f"Session {reading.session_id}"
    waiting = f"{reading.awaiting_ro} await the RO"
    row = reading.batch_row(batch if batch is not None else reading.batch)
    if row is None:
        return f"{head} · no batch with envelopes left to open: F2 to count the next batch · {waiting}"
    boxes = ", ".join(reading.boxes) or "none open: F2 to open one"
    done = ", complete: F2 to count or choose the next" if row.complete else ""
    return (f"{head} · batch {row.batch}: {row.items}/{row.envelopes} opened{done} · "
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
