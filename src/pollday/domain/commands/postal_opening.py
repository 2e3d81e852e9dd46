"""Opening sessions: notice, covering envelopes, postal ballot boxes (reference §5.4)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from pollday.domain.commands.base import Command, CommandContext, Refused, register
from pollday.domain.commands.postal_support import (
    BoxState,
    Decision,
    EnvelopeSource,
    contest_name,
    open_session_or_refuse,
)
from pollday.domain.commands.reception import person_name, refuse_if_signed_off
from pollday.domain.ordering import natural_key
from pollday.domain.postal import NOTICE_HOURS, notice_shortfall
from pollday.domain.roles import Permission
from pollday.domain.state import Change, Patch, Put, StateView
from pollday.domain.timefmt import UK, uk_time

MAX_ENVELOPES = 100_000  # far above any batch: catches a count keyed with extra digits
MAX_AGENTS = 100


def _notice_time(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise Refused(f"'{text}' is not a date and time: give when the notice went to the candidates, "
                      "e.g. 2026-04-20T10:00 (UK time)") from None
    return moment.replace(tzinfo=UK) if moment.tzinfo is None else moment


@register
@dataclass(frozen=True)
class OpenSession(Command):
    name: ClassVar[str] = "postal.open_session"
    summary: ClassVar[str] = "Open a postal vote opening session"
    permission: ClassVar[Permission | None] = Permission.POSTAL_OPENING

    session_id: str
    title: str  # e.g. "Opening session 3"; `name` is taken by the command's own name
    notice_given_at: str
    location: str = ""
    max_agents: int = 0
    agents: tuple[str, ...] = ()
    final: bool = False

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        session_id, title = self.session_id.strip(), self.title.strip()
        if not session_id or not title:
            raise Refused("a session needs a short ID (e.g. S3) and a name (e.g. 'Opening session 3')")
        earlier = view.get("postal_sessions", (session_id,))
        if earlier is not None:
            raise Refused(f"session {session_id} ({earlier['name']}) was opened at "
                          f"{uk_time(earlier['opened_at'], with_date=True)}: give the new session its own ID")
        still_open = [s for s in view.rows("postal_sessions") if s["closed_at"] is None]
        if still_open:
            raise Refused(f"{still_open[0]['name']} ({still_open[0]['session_id']}) is still open: close it before "
                          "opening another")
        notice = _notice_time(self.notice_given_at)
        if notice > ctx.at:
            raise Refused("the notice cannot have been given after the session starts: check the date and time")
        if not 0 <= self.max_agents <= MAX_AGENTS:
            raise Refused(f"give the maximum number of postal voting agents per candidate (0 to {MAX_AGENTS}), "
                          "as stated in the notice")
        shortfall = notice_shortfall(notice, ctx.at)
        warning = ""
        if shortfall is not None:
            given = (ctx.at - notice).total_seconds() / 3600
            warning = (f"notice was given {given:.0f} hours before the session; candidates must have at least "
                       f"{NOTICE_HOURS} hours' written notice of each opening session")
        return [Put("postal_sessions", {
            "session_id": session_id, "name": title, "location": self.location.strip(), "final": self.final,
            "notice_given_at": notice.isoformat(), "max_agents": self.max_agents,
            "agents": [a.strip() for a in self.agents if a.strip()], "notice_warning": warning,
            "opened_at": ctx.at.isoformat(), "opened_by": ctx.actor, "closed_at": None, "closed_by": None,
        })]


@register
@dataclass(frozen=True)
class CloseSession(Command):
    name: ClassVar[str] = "postal.close_session"
    summary: ClassVar[str] = "Close a postal vote opening session"
    permission: ClassVar[Permission | None] = Permission.POSTAL_OPENING

    session_id: str

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        session = open_session_or_refuse(view, self.session_id)
        waiting = sorted(r["pvs_number"] for r in view.rows(
            "postal_returns", pvs_session_id=self.session_id, decision=Decision.AWAITING_ADJUDICATION.value))
        if waiting:
            listed = ", ".join(waiting[:5]) + (f" and {len(waiting) - 5} more" if len(waiting) > 5 else "")
            raise Refused(f"{len(waiting)} PVS(s) of {session['name']} await the RO's decision ({listed}): "
                          "adjudicate them before closing")
        open_boxes = sorted((b["box_id"] for b in view.rows("postal_ballot_boxes", session_id=self.session_id,
                                                              state=BoxState.OPEN.value)), key=natural_key)
        if open_boxes:
            raise Refused(f"postal ballot box(es) {', '.join(open_boxes)} are still open: seal them first")
        unopened = [b for b in view.rows("postal_envelope_batches", session_id=self.session_id)
                    if b["items"] < b["envelopes"]]
        if unopened:
            listed = "; ".join(f"batch {b['batch']}: {b['envelopes']} counted, {b['items']} opened"
                               for b in sorted(unopened, key=lambda b: natural_key(b["batch"]))[:5])
            raise Refused(f"not every covering envelope counted has been opened ({listed}): open the rest, or "
                          "correct the count with a note (e.g. 'two envelopes were empty')")
        return [Patch("postal_sessions", (self.session_id,), {"closed_at": ctx.at.isoformat(),
                                                               "closed_by": ctx.actor})]


@register
@dataclass(frozen=True)
class CountEnvelopes(Command):
    name: ClassVar[str] = "postal.count_envelopes"
    summary: ClassVar[str] = "Count a batch of covering envelopes"
    permission: ClassVar[Permission | None] = Permission.POSTAL_OPENING

    session_id: str
    batch: str
    envelopes: int
    source: EnvelopeSource = EnvelopeSource.POST
    note: str = ""
    correct: bool = False

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        open_session_or_refuse(view, self.session_id)
        batch = self.batch.strip()
        if not batch:
            raise Refused("give the batch a number (e.g. 1, 2, 3 in the order the envelopes were counted)")
        if not 0 <= self.envelopes <= MAX_ENVELOPES:
            raise Refused(f"{self.envelopes} is not a number of envelopes in one batch: count them again")
        existing = view.get("postal_envelope_batches", (self.session_id, batch))
        if existing is not None and not self.correct:
            raise Refused(f"batch {batch} was counted at {uk_time(existing['at'])} by "
                          f"{person_name(view, existing['by'])} as {existing['envelopes']}: to change the count, "
                          "correct it with a note")
        if self.correct:
            if existing is None:
                raise Refused(f"batch {batch} has not been counted yet, so there is nothing to correct")
            if not self.note.strip():
                raise Refused("say why the count is corrected (e.g. 'two envelopes were empty'): it goes on record")
            if self.envelopes < existing["items"]:
                raise Refused(f"{existing['items']} envelopes of batch {batch} have already been opened: the count "
                              f"cannot be {self.envelopes}")
        elif self.envelopes == 0:
            raise Refused("a batch has at least one envelope")
        return [Put("postal_envelope_batches", {
            "session_id": self.session_id, "batch": batch, "envelopes": self.envelopes,
            "items": existing["items"] if existing else 0, "source": self.source.value, "note": self.note.strip(),
            "at": ctx.at.isoformat(), "by": ctx.actor,
        })]


def box_number_free(view: StateView, box_id: str) -> None:
    if (view.get("boxes", (box_id,)) is not None or view.get("postal_boxes", (box_id,)) is not None
            or view.get("postal_ballot_boxes", (box_id,)) is not None):
        raise Refused(f"box number {box_id} is already used: give the postal box its own number (e.g. P1)")


@register
@dataclass(frozen=True)
class OpenBox(Command):
    name: ClassVar[str] = "postal.open_box"
    summary: ClassVar[str] = "Show a postal ballot box empty and start filling it"
    permission: ClassVar[Permission | None] = Permission.POSTAL_OPENING

    session_id: str
    box_id: str
    contest_id: str

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        session = open_session_or_refuse(view, self.session_id)
        if view.get("contests", (self.contest_id,)) is None:
            raise Refused(f"'{self.contest_id}' is not a contest of this election")
        refuse_if_signed_off(view, self.contest_id)
        box_id = self.box_id.strip().upper()
        if not box_id:
            raise Refused("give the postal ballot box its number (e.g. P3)")
        box_number_free(view, box_id)
        already = view.rows("postal_ballot_boxes", session_id=self.session_id, contest_id=self.contest_id,
                            state=BoxState.OPEN.value)
        if already:
            raise Refused(f"postal ballot box {already[0]['box_id']} is already open for "
                          f"{contest_name(view, self.contest_id)} in {session['name']}: seal it first")
        return [Put("postal_ballot_boxes", {
            "box_id": box_id, "contest_id": self.contest_id, "session_id": self.session_id,
            "state": BoxState.OPEN.value, "papers": 0, "retrieved": 0, "opened_at": ctx.at.isoformat(),
            "opened_by": ctx.actor, "sealed_at": None, "sealed_by": None,
        })]


@register
@dataclass(frozen=True)
class SealBox(Command):
    name: ClassVar[str] = "postal.seal_box"
    summary: ClassVar[str] = "Seal a postal ballot box with its postal ballot paper account"
    permission: ClassVar[Permission | None] = Permission.POSTAL_OPENING

    box_id: str

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        box_id = self.box_id.strip().upper()
        box = view.get("postal_ballot_boxes", (box_id,))
        if box is None:
            raise Refused(f"there is no postal ballot box {box_id} being filled: check the number")
        if box["state"] != BoxState.OPEN:
            raise Refused(f"postal ballot box {box_id} was already {box['state']} at {uk_time(box['sealed_at'])} by "
                          f"{person_name(view, box['sealed_by'] or '')}")
        sealed = {"sealed_at": ctx.at.isoformat(), "sealed_by": ctx.actor}
        if box["papers"] == 0:
            # An empty box has no postal BPA to verify against: withdraw it rather than make an account of 0.
            return [Patch("postal_ballot_boxes", (box_id,), {"state": BoxState.WITHDRAWN.value, **sealed})]
        refuse_if_signed_off(view, box["contest_id"])
        if view.get("boxes", (box_id,)) is not None or view.get("postal_boxes", (box_id,)) is not None:
            raise Refused(f"box number {box_id} has since been used for another box: ask the count manager")
        session = view.get("postal_sessions", (box["session_id"],))
        assert session is not None  # a box is opened in a session
        # Exactly the row `postal_box.register` writes, so verification treats both alike.
        return [
            Patch("postal_ballot_boxes", (box_id,), {"state": BoxState.SEALED.value, **sealed}),
            Put("postal_boxes", {
                "box_id": box_id, "contest_id": box["contest_id"], "session": session["name"],
                "papers_placed": box["papers"], "state": "expected", "at": ctx.at.isoformat(), "by": ctx.actor,
            }),
        ]


def open_box_for(view: StateView, session_id: str, contest_id: str) -> dict[str, Any]:
    boxes = view.rows("postal_ballot_boxes", session_id=session_id, contest_id=contest_id, state=BoxState.OPEN.value)
    if not boxes:
        session = view.get("postal_sessions", (session_id,))
        raise Refused(f"no postal ballot box is open for {contest_name(view, contest_id)} in "
                      f"{session['name'] if session else session_id}: open one (show it empty) first")
    return min(boxes, key=lambda b: natural_key(b["box_id"]))
