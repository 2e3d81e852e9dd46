"""Checking postal voting statements, the RO's adjudication and later re-checks (reference §5.4).

One covering envelope is one check: what was in it (PVS, ballot paper envelope "A"),
the date of birth as written and the operator's signature judgement. The decision
table proposes accept, reject or refer; accepted papers go straight into the open
postal ballot box of their contest, so a box's postal BPA is always the papers placed.
Documents that arrive apart (a paper without its PVS, or the reverse) are held and
matched when the other half turns up; what is never matched forms lists 1 and 2.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, ClassVar

from pollday.domain.commands.base import Command, CommandContext, Refused, register
from pollday.domain.commands.postal_opening import open_box_for
from pollday.domain.commands.postal_support import (
    BoxState,
    Decision,
    Overlay,
    PaperState,
    ballot_number_or_refuse,
    checked_by_text,
    open_session_or_refuse,
    paper_or_refuse,
    session_label,
    uk_date,
)
from pollday.domain.commands.reception import refuse_if_signed_off
from pollday.domain.postal import (
    Flag,
    IdentifierReason,
    NotADate,
    Proposal,
    Signature,
    judge_identifiers,
    parse_written_date,
)
from pollday.domain.roles import Permission
from pollday.domain.state import Change, StateView
from pollday.domain.timefmt import uk_time

MAX_BATCH_ITEMS = 5_000


class Verdict(StrEnum):
    ACCEPT = "accept"
    REJECT = "reject"


@dataclass(frozen=True)
class CheckItem:
    """The contents of one covering envelope as the operator found them."""

    ballot_number: str  # from the PVS barcode, or from envelope A when there is no PVS
    pvs_present: bool = True
    envelope_a_present: bool = True
    numbers_match: bool = True
    envelope_a_number: str = ""  # the number on envelope A when it is not this PVS's
    papers_missing: tuple[str, ...] = ()  # papers listed on the PVS but not in envelope A (combined polls)
    date_of_birth: str | None = None  # as written on the PVS; "" when the field is blank
    signature: Signature | None = None
    refer: bool = False  # the operator wants the RO to look at it
    note: str = ""


_ITEM_TYPES: dict[str, tuple[type, ...]] = {
    "ballot_number": (str,), "pvs_present": (bool,), "envelope_a_present": (bool,), "numbers_match": (bool,),
    "envelope_a_number": (str,), "papers_missing": (list,), "date_of_birth": (str, type(None)),
    "signature": (str, type(None)), "refer": (bool,), "note": (str,),
}


def item_from_json(index: int, data: Any) -> CheckItem:
    if not isinstance(data, dict):
        raise Refused(f"item {index}: expected an object describing one covering envelope")
    unknown = set(data) - set(_ITEM_TYPES)
    if unknown or "ballot_number" not in data:
        raise Refused(f"item {index}: needs ballot_number; unknown field(s): {', '.join(sorted(unknown)) or 'none'}")
    for key, value in data.items():
        if not isinstance(value, _ITEM_TYPES[key]) or (isinstance(value, bool) and bool not in _ITEM_TYPES[key]):
            raise Refused(f"item {index}: {key} has the wrong type ({value!r})")
    values = dict(data)
    if "papers_missing" in values:
        if not all(isinstance(n, str) for n in values["papers_missing"]):
            raise Refused(f"item {index}: papers_missing lists ballot paper numbers as text")
        values["papers_missing"] = tuple(values["papers_missing"])
    if values.get("signature") is not None:
        try:
            values["signature"] = Signature(values["signature"])
        except ValueError:
            raise Refused(f"item {index}: signature {values['signature']!r} is not one of: "
                          f"{', '.join(s.value for s in Signature)}") from None
    return CheckItem(**values)


def check_envelope(ov: Overlay, ctx: CommandContext, session_id: str, batch: str, item: CheckItem) -> None:
    """Apply one covering envelope to the overlay, or refuse."""
    counted = ov.get("postal_envelope_batches", (session_id, batch))
    if counted is None:
        raise Refused(f"batch {batch} has not been counted in this session: count its covering envelopes first")
    if counted["items"] >= counted["envelopes"]:
        raise Refused(f"all {counted['envelopes']} covering envelopes counted in batch {batch} have been opened: "
                      "count the next batch, or correct this batch's count with a note")
    number = ballot_number_or_refuse(item.ballot_number)
    paper, pack = paper_or_refuse(ov, number)
    if item.pvs_present:
        _receive_pvs(ov, ctx, session_id, batch, pack, item)
    else:
        if not item.envelope_a_present:
            raise Refused("neither a PVS nor a ballot paper envelope: there is nothing to check; correct the batch "
                          "count with a note if the envelope was empty")
        if item.signature is not None or item.date_of_birth or item.papers_missing or not item.numbers_match:
            raise Refused("there is no PVS, so there is no signature, date of birth or number to compare: scan "
                          "the number on envelope A only")
        _receive_paper(ov, ctx, session_id, batch, paper)
    if item.pvs_present and item.envelope_a_present and not item.numbers_match:
        other_number = ballot_number_or_refuse(item.envelope_a_number)
        other_paper, other_pack = paper_or_refuse(ov, other_number)
        if other_pack["pvs_number"] == pack["pvs_number"]:
            raise Refused(f"ballot paper {other_number} is listed on this same PVS: the numbers match")
        _receive_paper(ov, ctx, session_id, batch, other_paper)
    ov.patch("postal_envelope_batches", (session_id, batch), {"items": counted["items"] + 1})


def new_return(ctx: CommandContext, session_id: str, batch: str, pvs_number: str) -> dict[str, Any]:
    return {
        "pvs_number": pvs_number, "session_id": session_id, "batch": batch, "at": ctx.at.isoformat(),
        "by": ctx.actor, "pvs_received": False, "pvs_session_id": None, "pvs_at": None, "pvs_by": None,
        "envelope_a_present": False, "numbers_match": True, "dob_written": None, "signature": None,
        "proposal": "", "proposed_reasons": [], "flags": [], "decision": Decision.AWAITING_PVS.value, "reasons": [],
        "objected": False, "suspected_offence": False, "decided_by": None, "decided_at": None,
        "hand_in_reference": None, "note": "",
    }


def _refuse_if_received(ov: Overlay, paper: dict[str, Any]) -> None:
    if paper["state"] != PaperState.ISSUED:
        raise Refused(f"ballot paper {paper['number']} was already received in "
                      f"{session_label(ov, paper['session_id'])} at {uk_time(paper['at'])}: "
                      "set this one aside for the RO")


def _receive_pvs(ov: Overlay, ctx: CommandContext, session_id: str, batch: str, pack: dict[str, Any],
                 item: CheckItem) -> None:
    pvs_number = pack["pvs_number"]
    returned = ov.get("postal_returns", (pvs_number,))
    if returned is not None and returned["decision"] == Decision.REJECTED_AT_HAND_IN:
        raise Refused(f"the postal vote with PVS {pvs_number} was rejected when handed in (form "
                      f"{returned['hand_in_reference']}): it stays in the rejected hand-in packet")
    if returned is not None and returned["pvs_received"]:
        raise Refused(f"the PVS for ballot paper {pvs_number} was already checked "
                      f"{checked_by_text(ov, returned['pvs_session_id'], returned['pvs_at'], returned['pvs_by'])}")
    if item.signature is None or item.date_of_birth is None:
        raise Refused("enter the date of birth as written on the PVS (empty if the field is blank) and the "
                      "signature judgement")
    today = uk_date(ctx)
    try:
        written = parse_written_date(item.date_of_birth, today)
    except NotADate as error:
        raise Refused(str(error)) from None
    voter = ov.get("postal_voters", (pack["elector_number"],))
    assert voter is not None  # packs are imported with their voter
    recorded = date.fromisoformat(voter["date_of_birth"]) if voter["date_of_birth"] else None
    result = judge_identifiers(item.signature, written, recorded, voter["signature_waiver"], today, item.refer)
    numbers = [p["number"] for p in pack["papers"]]
    missing = {n.strip().upper() for n in item.papers_missing}
    if missing - set(numbers):
        raise Refused(f"{', '.join(sorted(missing - set(numbers)))} is not listed on this PVS: list only its own "
                      "papers as missing")
    in_envelope = [n for n in numbers if n not in missing] if item.envelope_a_present and item.numbers_match else []
    arriving = []
    for number in in_envelope:
        paper = ov.get("postal_papers", (number,))
        assert paper is not None
        if paper["state"] == PaperState.HELD:
            continue  # it came earlier without this PVS and has been waiting for it
        _refuse_if_received(ov, paper)
        arriving.append(number)
    row = returned or new_return(ctx, session_id, batch, pvs_number)
    accepted = result.proposal == Proposal.ACCEPT
    ov.put("postal_returns", {
        **row, "pvs_received": True, "pvs_session_id": session_id, "pvs_at": ctx.at.isoformat(), "pvs_by": ctx.actor,
        "envelope_a_present": item.envelope_a_present or row["envelope_a_present"],
        "numbers_match": item.numbers_match, "dob_written": written.isoformat() if written else None,
        "signature": item.signature.value, "proposal": result.proposal.value,
        "proposed_reasons": [r.value for r in result.reasons], "flags": [f.value for f in result.flags],
        "decision": (Decision.ACCEPTED if accepted else Decision.AWAITING_ADJUDICATION).value,
        "note": item.note.strip(),
    })
    for number in arriving:
        ov.patch("postal_papers", (number,), {"state": PaperState.HELD.value, "session_id": session_id,
                                             "at": ctx.at.isoformat()})
    if accepted:
        place_held_papers(ov, ctx, session_id, pack)


def _receive_paper(ov: Overlay, ctx: CommandContext, session_id: str, batch: str, paper: dict[str, Any]) -> None:
    """A ballot paper envelope without its own PVS: match it to its PVS, or hold it until the PVS comes."""
    _refuse_if_received(ov, paper)
    returned = ov.get("postal_returns", (paper["pvs_number"],))
    if returned is None:
        ov.put("postal_returns", new_return(ctx, session_id, batch, paper["pvs_number"]))
    ov.patch("postal_papers", (paper["number"],), {"state": PaperState.HELD.value, "session_id": session_id,
                                                   "at": ctx.at.isoformat()})
    decision = returned["decision"] if returned else Decision.AWAITING_PVS
    if decision == Decision.ACCEPTED:
        pack = ov.get("postal_packs", (paper["pvs_number"],))
        assert pack is not None
        place_held_papers(ov, ctx, session_id, pack)
    elif decision in (Decision.REJECTED, Decision.REJECTED_AT_HAND_IN):
        ov.patch("postal_papers", (paper["number"],), {"state": PaperState.ATTACHED.value})


def place_held_papers(ov: Overlay, ctx: CommandContext, session_id: str, pack: dict[str, Any]) -> None:
    """Put a pack's held papers into the open postal ballot box of each one's contest."""
    for listed in pack["papers"]:
        paper = ov.get("postal_papers", (listed["number"],))
        assert paper is not None
        if paper["state"] != PaperState.HELD:
            continue
        box = open_box_for(ov, session_id, paper["contest_id"])
        ov.patch("postal_ballot_boxes", (box["box_id"],), {"papers": box["papers"] + 1})
        ov.patch("postal_papers", (paper["number"],), {
            "state": PaperState.PLACED.value, "box_id": box["box_id"], "session_id": session_id,
            "at": ctx.at.isoformat(),
        })


def _attach_held_papers(ov: Overlay, pack: dict[str, Any]) -> None:
    for listed in pack["papers"]:
        paper = ov.get("postal_papers", (listed["number"],))
        if paper is not None and paper["state"] == PaperState.HELD:
            ov.patch("postal_papers", (paper["number"],), {"state": PaperState.ATTACHED.value})


@register
@dataclass(frozen=True)
class CheckPvs(Command):
    name: ClassVar[str] = "postal.check_pvs"
    summary: ClassVar[str] = "Check one covering envelope's postal voting statement"
    permission: ClassVar[Permission | None] = Permission.POSTAL_OPENING

    session_id: str
    batch: str
    ballot_number: str
    pvs_present: bool = True
    envelope_a_present: bool = True
    numbers_match: bool = True
    envelope_a_number: str = ""
    papers_missing: tuple[str, ...] = ()
    date_of_birth: str | None = None
    signature: Signature | None = None
    refer: bool = False
    note: str = ""

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        open_session_or_refuse(view, self.session_id)
        ov = Overlay(view)
        check_envelope(ov, ctx, self.session_id, self.batch.strip(), CheckItem(
            self.ballot_number, self.pvs_present, self.envelope_a_present, self.numbers_match,
            self.envelope_a_number, self.papers_missing, self.date_of_birth, self.signature, self.refer, self.note,
        ))
        return ov.changes()


@register
@dataclass(frozen=True)
class CheckBatch(Command):
    name: ClassVar[str] = "postal.check_batch"
    summary: ClassVar[str] = "Record the PVS checks of a batch (e.g. from a scanning machine)"
    permission: ClassVar[Permission | None] = Permission.POSTAL_OPENING

    session_id: str
    batch: str
    items: tuple[dict[str, Any], ...]

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        open_session_or_refuse(view, self.session_id)
        if not self.items or len(self.items) > MAX_BATCH_ITEMS:
            raise Refused(f"a batch holds 1 to {MAX_BATCH_ITEMS:,} covering envelopes")
        ov = Overlay(view)
        for index, data in enumerate(self.items, start=1):
            item = item_from_json(index, data)
            try:
                check_envelope(ov, ctx, self.session_id, self.batch.strip(), item)
            except Refused as refusal:
                raise Refused(f"nothing recorded: item {index} (ballot paper {item.ballot_number}): "
                              f"{refusal.reason}") from None
        return ov.changes()


def _reasons(verdict: Verdict, given: tuple[IdentifierReason, ...], proposed: list[str],
             objected: bool, offence: bool) -> list[str]:
    if verdict == Verdict.ACCEPT:
        if given or objected or offence:
            raise Refused("an accepted PVS has no rejection reasons, objection or suspected offence")
        return []
    reasons = [r.value for r in given] or proposed
    if not reasons:
        raise Refused("give the statutory reason(s) for rejecting it: signature_does_not_match, "
                      "date_of_birth_does_not_match, signature_blank or date_of_birth_blank")
    return sorted(set(reasons), key=[r.value for r in IdentifierReason].index)


def _pack_of(view: StateView, ballot_number: str) -> tuple[dict[str, Any], dict[str, Any]]:
    number = ballot_number_or_refuse(ballot_number)
    _paper, pack = paper_or_refuse(view, number)
    returned = view.get("postal_returns", (pack["pvs_number"],))
    if returned is None or not returned["pvs_received"]:
        raise Refused(f"the PVS for ballot paper {number} has not been checked yet: check it first")
    return pack, returned


@register
@dataclass(frozen=True)
class Adjudicate(Command):
    name: ClassVar[str] = "postal.adjudicate"
    summary: ClassVar[str] = "Decide a proposed rejection or a referred PVS"
    permission: ClassVar[Permission | None] = Permission.POSTAL_ADJUDICATE

    ballot_number: str
    decision: Verdict
    reasons: tuple[IdentifierReason, ...] = ()
    objected: bool = False  # "rejection objected to": an agent objected
    suspected_offence: bool = False
    note: str = ""

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        pack, returned = _pack_of(view, self.ballot_number)
        if returned["decision"] != Decision.AWAITING_ADJUDICATION:
            when = f"at {uk_time(returned['decided_at'] or returned['pvs_at'], with_date=True)}"
            hint = " (to reject it now, re-check it)" if returned["decision"] == Decision.ACCEPTED else ""
            raise Refused(f"the PVS for ballot paper {pack['pvs_number']} is not awaiting a decision: it was "
                          f"{returned['decision'].replace('_', ' ')} {when}{hint}")
        reasons = _reasons(self.decision, self.reasons, returned["proposed_reasons"], self.objected,
                           self.suspected_offence)
        session_id = returned["pvs_session_id"]
        open_session_or_refuse(view, session_id)
        ov = Overlay(view)
        ov.patch("postal_returns", (pack["pvs_number"],), {
            "decision": (Decision.ACCEPTED if self.decision == Verdict.ACCEPT else Decision.REJECTED).value,
            "reasons": reasons, "objected": self.objected, "suspected_offence": self.suspected_offence,
            "decided_by": ctx.actor, "decided_at": ctx.at.isoformat(),
            "note": "; ".join(n for n in (returned["note"], self.note.strip()) if n),
        })
        if self.decision == Verdict.ACCEPT:
            place_held_papers(ov, ctx, session_id, pack)
        else:
            _attach_held_papers(ov, pack)
        return ov.changes()


@register
@dataclass(frozen=True)
class Recheck(Command):
    name: ClassVar[str] = "postal.recheck"
    summary: ClassVar[str] = "Re-check an accepted PVS at a later session"
    permission: ClassVar[Permission | None] = Permission.POSTAL_ADJUDICATE

    session_id: str
    ballot_number: str
    decision: Verdict
    reasons: tuple[IdentifierReason, ...] = ()
    objected: bool = False
    suspected_offence: bool = False
    note: str = ""

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        open_session_or_refuse(view, self.session_id)
        pack, returned = _pack_of(view, self.ballot_number)
        if returned["decision"] != Decision.ACCEPTED:
            raise Refused(f"only an accepted PVS is re-checked; this one is {returned['decision'].replace('_', ' ')}")
        if self.decision == Verdict.REJECT and not self.reasons:
            raise Refused("give the statutory reason(s) found at the re-check")
        reasons = _reasons(self.decision, self.reasons, [], self.objected, self.suspected_offence)
        ov = Overlay(view)
        retrieved = _retrieve(ov, pack) if self.decision == Verdict.REJECT else []
        flags = [*returned["flags"], *([Flag.RECHECKED.value] if Flag.RECHECKED not in returned["flags"] else [])]
        changes: dict[str, Any] = {"flags": flags}
        if self.decision == Verdict.REJECT:
            changes |= {"decision": Decision.REJECTED.value, "reasons": reasons, "objected": self.objected,
                        "suspected_offence": self.suspected_offence, "decided_by": ctx.actor,
                        "decided_at": ctx.at.isoformat()}
        ov.patch("postal_returns", (pack["pvs_number"],), changes)
        number = view.count("postal_rechecks", pvs_number=pack["pvs_number"]) + 1
        ov.put("postal_rechecks", {
            "pvs_number": pack["pvs_number"], "number": number, "session_id": self.session_id,
            "decision": self.decision.value, "reasons": reasons, "retrieved": retrieved, "objected": self.objected,
            "suspected_offence": self.suspected_offence, "note": self.note.strip(), "at": ctx.at.isoformat(),
            "by": ctx.actor,
        })
        return ov.changes()


def _retrieve(ov: Overlay, pack: dict[str, Any]) -> list[dict[str, str]]:
    """Take the pack's papers back out of their postal ballot boxes and correct each box's postal BPA."""
    retrieved = []
    for listed in pack["papers"]:
        paper = ov.get("postal_papers", (listed["number"],))
        assert paper is not None
        if paper["state"] == PaperState.HELD:
            ov.patch("postal_papers", (paper["number"],), {"state": PaperState.ATTACHED.value})
        if paper["state"] != PaperState.PLACED:
            continue
        box = ov.get("postal_ballot_boxes", (paper["box_id"],))
        assert box is not None
        refuse_if_signed_off(ov, box["contest_id"])
        ov.patch("postal_ballot_boxes", (box["box_id"],), {"papers": box["papers"] - 1,
                                                          "retrieved": box["retrieved"] + 1})
        if box["state"] == BoxState.SEALED:
            account = ov.get("postal_boxes", (box["box_id"],))
            assert account is not None  # sealing wrote it
            ov.patch("postal_boxes", (box["box_id"],), {"papers_placed": account["papers_placed"] - 1})
        ov.patch("postal_papers", (paper["number"],), {"state": PaperState.RETRIEVED.value})
        retrieved.append({"number": paper["number"], "box_id": box["box_id"]})
    return retrieved
