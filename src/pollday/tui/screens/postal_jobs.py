"""The postal desk's commands, run one at a time in a worker thread, and what to say once each is answered.

Every command the desk sends (a PVS check, the RO's decision, and the chooser's session,
batch and box commands) is a PostalJob. The desk queues them so a burst of scans is
journaled in order; `run_job` runs in the worker and reads back what the system recorded,
so the event loop never waits for the store.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pollday.domain.postal import labels
from pollday.domain.state import StateView
from pollday.services.election_service import ElectionService, Result
from pollday.services.session import Session
from pollday.tui.screens.postal_form import PvsEntry
from pollday.tui.screens.postal_queue import Decision
from pollday.tui.screens.postal_words import SOURCE_WORDS, ProposalWords, proposal_words, returned_row

Words = Callable[[StateView], ProposalWords]


@dataclass(frozen=True)
class PostalJob:
    command: dict[str, Any]
    ballot_number: str = ""
    entry: PvsEntry | None = None  # a check
    decision: Decision | None = None  # or the RO's decision
    title: str = ""  # or a chooser command: what it does, for the banner ("open session S8")
    words: Words | None = None  # ... and what to say once it is applied, read from the state after it

    @property
    def subject(self) -> str:
        return self.title or f"ballot paper {self.ballot_number}"


@dataclass(frozen=True)
class PostalOutcome:
    job: PostalJob
    result: Result | None
    problem: str
    words: ProposalWords | None

    @property
    def applied(self) -> bool:
        return self.result is not None and self.result.applied

    @property
    def reason(self) -> str:
        return self.result.reason if self.result is not None else self.problem


def run_job(service: ElectionService, session: Session, job: PostalJob) -> PostalOutcome:
    """In a worker thread: run the command, then read what the system proposed or recorded."""
    number = job.ballot_number
    try:
        result = service.execute(session, job.command)
    except Exception as error:
        return PostalOutcome(job, None, f"nothing was saved: {type(error).__name__}: {error}", None)
    if not result.applied:
        return PostalOutcome(job, result, "", None)
    try:
        view = service.store.view()
        if job.words is not None:
            words = job.words(view)
        else:
            row = returned_row(view, number)
            words = proposal_words(number, row) if job.decision is None else decision_words(job.decision, row)
    except Exception:
        # The command is journaled: only the words failed, so say it was recorded rather than nothing.
        words = ProposalWords("accepted", f"{job.subject[:1].upper()}{job.subject[1:]}: recorded", "")
    return PostalOutcome(job, result, "", words)


def decision_words(decision: Decision, row: dict[str, Any] | None) -> ProposalWords:
    number = decision.ballot_number
    if decision.accept:
        return ProposalWords("accepted", f"PVS {number}: ACCEPTED by the RO",
                             "The proposal is overturned: its papers go into the open postal ballot box.")
    reasons = "; ".join(labels(row["reasons"])) if row else ""
    marks = [w for w, on in (("Rejection objected to.", decision.objected),
                             ("Suspected offence recorded.", decision.suspected_offence)) if on]
    return ProposalWords("accepted", f"PVS {number}: REJECTION confirmed by the RO",
                         " ".join([f"Reason: {reasons}." if reasons else "", *marks]).strip())


# --- the chooser's commands ------------------------------------------------------------------


def papers(count: int) -> str:
    return f"{count} paper{'' if count == 1 else 's'}"


def session_opened(session_id: str) -> Words:
    def words(view: StateView) -> ProposalWords:
        row = view.get("postal_sessions", (session_id,))
        name = row["name"] if row else session_id
        if row and row["notice_warning"]:
            return ProposalWords("warning", f"Session {session_id} open: {name}, with SHORT NOTICE",
                                 f"Recorded with the warning: {row['notice_warning']}.")
        return ProposalWords("accepted", f"Session {session_id} open: {name}",
                             "Next: show each postal ballot box empty and open it (o), then count a batch (c).")
    return words


def session_closed(session_id: str) -> Words:
    def words(view: StateView) -> ProposalWords:
        return ProposalWords("accepted", f"Session {session_id} closed",
                             "Its boxes are sealed and every counted envelope was opened.")
    return words


def batch_counted(session_id: str, batch: str, corrected: bool) -> Words:
    def words(view: StateView) -> ProposalWords:
        row = view.get("postal_envelope_batches", (session_id, batch))
        if row is None:
            return ProposalWords("accepted", f"Batch {batch}: counted", "")
        heading = f"Batch {batch}: {'count corrected to' if corrected else 'counted,'} {row['envelopes']} " \
                  "covering envelopes"
        return ProposalWords("accepted", heading, f"From: {SOURCE_WORDS.get(row['source'], row['source'])}. "
                             f"{row['items']} opened so far.")
    return words


def box_opened(box_id: str) -> Words:
    def words(view: StateView) -> ProposalWords:
        row = view.get("postal_ballot_boxes", (box_id,))
        contest = view.get("contests", (row["contest_id"],)) if row else None
        name = contest["name"] if contest else ""
        return ProposalWords("accepted", f"Postal ballot box {box_id} open" + (f" for {name}" if name else ""),
                             "Accepted papers of that contest go into it until it is sealed.")
    return words


def box_sealed(box_id: str) -> Words:
    def words(view: StateView) -> ProposalWords:
        row = view.get("postal_ballot_boxes", (box_id,))
        if row is None or row["state"] == "withdrawn":
            return ProposalWords("warning", f"Postal ballot box {box_id} was empty: withdrawn",
                                 "No paper was placed in it, so it has no account and verification skips it.")
        return ProposalWords("accepted", f"Postal ballot box {box_id} sealed: {papers(row['papers'])}",
                             f"Its postal ballot paper account is {row['papers']}: verification counts the box "
                             "against it.")
    return words
