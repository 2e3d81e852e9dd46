"""Postal figures read from the state: the statutory lists, the marked list, Form K, EC statistics.

Pure functions over a StateView. Every figure is per contest, because Form K is made
for each poll (reference §4.2): a pack issued for combined polls holds one paper per
contest, and each paper is accounted for in its own contest.

Secrecy (§9.3 item 14): lists 3 and 4 and the marked list are built from the elector's
details only. They never carry a ballot paper number, so nothing built here links a
named elector to a paper.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from pollday.domain.ordering import natural_key
from pollday.domain.postal import IdentifierReason, labels
from pollday.domain.postal_stations import handed_in
from pollday.domain.state import StateView

# Read as plain text here (the command modules own the enums) so this module stays a leaf.
_ACCEPTED, _REJECTED, _HAND_IN = "accepted", "rejected", "rejected_at_hand_in"
_AWAITING_ADJUDICATION, _AWAITING_PVS = "awaiting_adjudication", "awaiting_pvs"


class PaperOutcome(StrEnum):
    """Where one issued postal ballot paper ended up, for the figures."""

    CANCELLED = "cancelled"
    UNDELIVERED = "undelivered"
    NOT_RETURNED = "not_returned"
    INCLUDED = "included"  # in a postal ballot box: counted
    NO_VALID_PVS = "no_valid_pvs"  # list 1
    PAPER_MISSING = "paper_missing"  # list 2
    IDENTIFIER_REJECTED = "identifier_rejected"  # list 3
    HAND_IN_REJECTED = "hand_in_rejected"  # list 4
    AWAITING_ADJUDICATION = "awaiting_adjudication"


@dataclass(frozen=True)
class PostalBook:
    """The postal tables, read once."""

    contests: tuple[dict[str, Any], ...]
    voters: dict[str, dict[str, Any]]
    packs: dict[str, dict[str, Any]]
    papers: dict[str, dict[str, Any]]
    returns: dict[str, dict[str, Any]]
    sessions: dict[str, dict[str, Any]]
    boxes: tuple[dict[str, Any], ...]
    hand_ins: dict[str, dict[str, Any]]
    late: tuple[dict[str, Any], ...]
    rechecked: frozenset[str]

    def paper_of(self, pvs_number: str, contest_id: str) -> dict[str, Any] | None:
        for listed in self.packs[pvs_number]["papers"]:
            if listed["contest_id"] == contest_id:
                return self.papers[listed["number"]]
        return None


def load_book(view: StateView) -> PostalBook:
    return PostalBook(
        contests=tuple(sorted(view.rows("contests"), key=lambda c: c["position"])),
        voters={r["elector_number"]: r for r in view.rows("postal_voters")},
        packs={r["pvs_number"]: r for r in view.rows("postal_packs")},
        papers={r["number"]: r for r in view.rows("postal_papers")},
        returns={r["pvs_number"]: r for r in view.rows("postal_returns")},
        sessions={r["session_id"]: r for r in view.rows("postal_sessions")},
        boxes=tuple(sorted(view.rows("postal_ballot_boxes"), key=lambda b: natural_key(b["box_id"]))),
        hand_ins={r["reference"]: r for r in view.rows("postal_hand_ins")},
        late=tuple(view.rows("postal_late_returns")),
        rechecked=frozenset(r["pvs_number"] for r in view.rows("postal_rechecks")),
    )


def paper_outcome(book: PostalBook, paper: dict[str, Any]) -> PaperOutcome:
    pack = book.packs[paper["pvs_number"]]
    if pack["cancelled"]:
        return PaperOutcome.CANCELLED
    returned = book.returns.get(pack["pvs_number"])
    if returned is None:
        return PaperOutcome.UNDELIVERED if pack["undelivered_at"] else PaperOutcome.NOT_RETURNED
    decision = returned["decision"]
    if decision == _HAND_IN:
        return PaperOutcome.HAND_IN_REJECTED
    if decision == _REJECTED:
        return PaperOutcome.IDENTIFIER_REJECTED
    if decision == _AWAITING_ADJUDICATION:
        return PaperOutcome.AWAITING_ADJUDICATION
    if decision == _ACCEPTED:
        return PaperOutcome.INCLUDED if paper["state"] == "placed" else PaperOutcome.PAPER_MISSING
    # Only loose papers came back: this one is unmatched if it came, otherwise nothing of this contest did.
    return PaperOutcome.NO_VALID_PVS if paper["state"] != "issued" else PaperOutcome.NOT_RETURNED


def _returned_before_close(book: PostalBook, paper: dict[str, Any]) -> bool:
    """Something of this contest came back before the close: the PVS, or this paper."""
    returned = book.returns.get(paper["pvs_number"])
    return returned is not None and (returned["pvs_received"] or paper["state"] != "issued")


@dataclass(frozen=True)
class ContestFigures:
    contest_id: str
    contest_name: str
    electorate: int
    postal_voters: int  # electors with a pack (not cancelled) holding a paper of this contest
    proxy_postal_voters: int
    issued_original: int
    issued_replacement_spoilt: int
    issued_replacement_lost: int
    cancelled: int
    returned_before_close: int
    returned_after_close: int
    returned_undelivered: int
    unaccounted: int  # live papers with nothing back before the close; the late ones are among them
    included: int
    no_valid_pvs: int
    paper_missing: int
    identifier_rejected: int
    hand_in_rejected: int
    awaiting_adjudication: int
    placed_in_boxes: int  # papers in this contest's postal ballot boxes, open or sealed
    identifier_by_reason: dict[str, int] = field(default_factory=dict)
    identifier_by_combination: dict[str, int] = field(default_factory=dict)

    @property
    def issued(self) -> int:
        return self.issued_original + self.issued_replacement_spoilt + self.issued_replacement_lost

    @property
    def not_returned(self) -> int:
        return self.unaccounted - self.returned_after_close

    @property
    def rejected(self) -> int:
        return self.no_valid_pvs + self.paper_missing + self.identifier_rejected + self.hand_in_rejected

    def problems(self) -> list[str]:
        """Arithmetic that must hold (reference §9.3 item 10); empty when the figures add up."""
        found = []
        live = self.issued - self.cancelled
        accounted = self.returned_before_close + self.returned_after_close + self.returned_undelivered
        if live != accounted + self.not_returned or self.not_returned < 0:
            found.append(f"issued {self.issued} - cancelled {self.cancelled} = {live}, but returned before close, "
                         f"after close and undelivered come to {accounted} with {self.not_returned} not returned")
        decided = self.included + self.rejected + self.awaiting_adjudication
        if decided != self.returned_before_close:
            found.append(f"returned before the close {self.returned_before_close} but included {self.included} + "
                         f"rejected {self.rejected} + awaiting {self.awaiting_adjudication} = {decided}")
        if self.included != self.placed_in_boxes:
            found.append(f"{self.included} papers included but the postal ballot boxes hold {self.placed_in_boxes}")
        if self.awaiting_adjudication:
            found.append(f"{self.awaiting_adjudication} PVS(s) still await the RO's decision")
        return found


def contest_figures(book: PostalBook, contest: dict[str, Any]) -> ContestFigures:
    contest_id = contest["contest_id"]
    outcomes: Counter[PaperOutcome] = Counter()
    issued: Counter[str] = Counter()
    voters: set[str] = set()
    returned_before = 0
    by_reason: Counter[str] = Counter()
    by_combination: Counter[str] = Counter()
    for paper in book.papers.values():
        if paper["contest_id"] != contest_id:
            continue
        pack = book.packs[paper["pvs_number"]]
        issued[pack["issue_type"]] += 1
        outcome = paper_outcome(book, paper)
        outcomes[outcome] += 1
        if outcome == PaperOutcome.CANCELLED:
            continue
        voters.add(pack["elector_number"])
        returned_before += _returned_before_close(book, paper)
        if outcome == PaperOutcome.IDENTIFIER_REJECTED:
            reasons = book.returns[pack["pvs_number"]]["reasons"]
            by_reason.update(reasons)
            by_combination["+".join(reasons)] += 1
    proxies = sum(1 for v in voters if book.voters[v]["proxy_elector_number"] or book.voters[v]["proxy_name"])
    order = [r.value for r in IdentifierReason]
    return ContestFigures(
        contest_id=contest_id,
        contest_name=contest["name"],
        electorate=contest["electorate"],
        postal_voters=len(voters),
        proxy_postal_voters=proxies,
        issued_original=issued["original"],
        issued_replacement_spoilt=issued["replacement_spoilt"],
        issued_replacement_lost=issued["replacement_lost"],
        cancelled=outcomes[PaperOutcome.CANCELLED],
        returned_before_close=returned_before,
        returned_after_close=sum(r["envelopes"] for r in book.late if r["contest_id"] == contest_id),
        returned_undelivered=outcomes[PaperOutcome.UNDELIVERED],
        unaccounted=outcomes[PaperOutcome.NOT_RETURNED],
        included=outcomes[PaperOutcome.INCLUDED],
        no_valid_pvs=outcomes[PaperOutcome.NO_VALID_PVS],
        paper_missing=outcomes[PaperOutcome.PAPER_MISSING],
        identifier_rejected=outcomes[PaperOutcome.IDENTIFIER_REJECTED],
        hand_in_rejected=outcomes[PaperOutcome.HAND_IN_REJECTED],
        awaiting_adjudication=outcomes[PaperOutcome.AWAITING_ADJUDICATION],
        placed_in_boxes=sum(b["papers"] for b in book.boxes if b["contest_id"] == contest_id),
        identifier_by_reason={r: by_reason[r] for r in order if by_reason[r]},
        identifier_by_combination=dict(sorted(by_combination.items())),
    )


def all_contest_figures(book: PostalBook) -> list[ContestFigures]:
    return [contest_figures(book, contest) for contest in book.contests]


# --- the statutory lists (reg 87) ---------------------------------------------------------


def _elector(book: PostalBook, elector_number: str) -> dict[str, Any]:
    voter = book.voters[elector_number]
    return {
        "elector_number": elector_number, "name": voter["name"], "address": voter["address"],
        "proxy_name": voter["proxy_name"], "proxy_address": voter["proxy_address"],
        "proxy_elector_number": voter["proxy_elector_number"],
    }


def _contests_of(pack: dict[str, Any]) -> list[str]:
    return [p["contest_id"] for p in pack["papers"]]


def _papers_with(book: PostalBook, outcome: PaperOutcome) -> list[dict[str, Any]]:
    chosen = [p for p in book.papers.values() if paper_outcome(book, p) == outcome]
    return sorted(chosen, key=lambda p: natural_key(p["number"]))


def list_one(book: PostalBook) -> list[dict[str, Any]]:
    """Ballot paper numbers of postal papers received without a valid PVS."""
    return [{"ballot_number": p["number"], "contest_id": p["contest_id"], "session_id": p["session_id"],
             "received_at": p["at"]} for p in _papers_with(book, PaperOutcome.NO_VALID_PVS)]


def list_two(book: PostalBook) -> list[dict[str, Any]]:
    """Ballot paper numbers on a valid PVS whose paper was not received."""
    rows = []
    for paper in _papers_with(book, PaperOutcome.PAPER_MISSING):
        returned = book.returns[paper["pvs_number"]]
        rows.append({"ballot_number": paper["number"], "contest_id": paper["contest_id"],
                     "session_id": returned["pvs_session_id"], "pvs_checked_at": returned["pvs_at"]})
    return rows


def list_three(book: PostalBook) -> list[dict[str, Any]]:
    """Postal votes rejected on their identifiers: the elector and the reasons, never the ballot number."""
    rows = []
    for pvs_number, returned in book.returns.items():
        if returned["decision"] != _REJECTED:
            continue
        pack = book.packs[pvs_number]
        rows.append({
            **_elector(book, pack["elector_number"]),
            "reasons": list(returned["reasons"]), "reason_labels": labels(returned["reasons"]),
            "contests": _contests_of(pack), "session_id": returned["pvs_session_id"],
            "rejection_objected_to": returned["objected"], "suspected_offence": returned["suspected_offence"],
            "rejected_on_recheck": pvs_number in book.rechecked, "decided_at": returned["decided_at"],
        })
    return sorted(rows, key=lambda r: natural_key(r["elector_number"]))


def list_four(book: PostalBook) -> list[dict[str, Any]]:
    """Postal votes rejected when handed in (not kept for Welsh local polls): never the ballot number."""
    rows = []
    for pvs_number, returned in book.returns.items():
        if returned["decision"] != _HAND_IN:
            continue
        pack = book.packs[pvs_number]
        form = book.hand_ins[returned["hand_in_reference"]]
        rows.append({
            **_elector(book, pack["elector_number"]),
            "reasons": list(returned["reasons"]), "reason_labels": labels(returned["reasons"]),
            "paper_with_matching_number": returned["numbers_match"], "contests": _contests_of(pack),
            "hand_in_reference": form["reference"], "station_id": form["station_id"], "location": form["location"],
            "handed_in_recorded_at": form["at"], "suspected_offence": returned["suspected_offence"],
        })
    return sorted(rows, key=lambda r: natural_key(r["elector_number"]))


MARKED_STATUS = {
    _ACCEPTED: "accepted",
    _REJECTED: "rejected",
    _HAND_IN: "rejected when handed in",
    _AWAITING_ADJUDICATION: "provisionally rejected: awaiting the RO",
    _AWAITING_PVS: "ballot paper received without its PVS",
}


def marked_list(book: PostalBook) -> list[dict[str, Any]]:
    """The marked postal voters list: whose return came back, and where it stands; no paper numbers."""
    live: dict[str, dict[str, Any]] = {}
    for pack in book.packs.values():
        if not pack["cancelled"]:
            live[pack["elector_number"]] = pack
    rows = []
    for elector_number in sorted(book.voters, key=natural_key):
        pack = live.get(elector_number)
        returned = book.returns.get(pack["pvs_number"]) if pack else None
        if pack is None:
            status = "pack cancelled"
        elif returned is None:
            status = "returned undelivered" if pack["undelivered_at"] else "not returned"
        else:
            status = MARKED_STATUS[returned["decision"]]
        voter = book.voters[elector_number]
        rows.append({
            "elector_number": elector_number, "name": voter["name"], "address": voter["address"],
            "proxy_name": voter["proxy_name"], "returned": returned is not None,
            "pvs_returned": bool(returned and returned["pvs_received"]),
            "returned_at": returned["at"] if returned else None,
            "session_id": returned["session_id"] if returned else None, "status": status,
        })
    return rows


def adjudication_queue(view: StateView) -> list[dict[str, Any]]:
    """PVSs awaiting the RO: proposed rejections and referrals, oldest first."""
    waiting = view.rows("postal_returns", decision=_AWAITING_ADJUDICATION)
    return sorted(({
        "pvs_number": r["pvs_number"], "session_id": r["pvs_session_id"], "checked_at": r["pvs_at"],
        "checked_by": r["pvs_by"], "proposal": r["proposal"], "proposed_reasons": r["proposed_reasons"],
        "proposed_reason_labels": labels(r["proposed_reasons"]), "flags": r["flags"], "note": r["note"],
    } for r in waiting), key=lambda r: (r["checked_at"] or "", r["pvs_number"]))


def session_summaries(book: PostalBook) -> list[dict[str, Any]]:
    """Per opening session: notice, envelopes counted and opened, decisions, boxes sealed."""
    decisions: dict[str, Counter[str]] = {}
    for returned in book.returns.values():
        if returned["pvs_received"] and returned["pvs_session_id"]:
            decisions.setdefault(returned["pvs_session_id"], Counter())[returned["decision"]] += 1
    summaries = []
    for session in sorted(book.sessions.values(), key=lambda s: s["opened_at"]):
        counted = decisions.get(session["session_id"], Counter())
        summaries.append({
            "session_id": session["session_id"], "name": session["name"], "location": session["location"],
            "final": session["final"], "notice_given_at": session["notice_given_at"],
            "notice_warning": session["notice_warning"], "max_agents": session["max_agents"],
            "agents": session["agents"], "opened_at": session["opened_at"], "closed_at": session["closed_at"],
            "pvs_checked": sum(counted.values()), "accepted": counted[_ACCEPTED], "rejected": counted[_REJECTED],
            "rejected_at_hand_in": counted[_HAND_IN], "awaiting_adjudication": counted[_AWAITING_ADJUDICATION],
            "boxes": [{"box_id": b["box_id"], "contest_id": b["contest_id"], "state": b["state"],
                       "papers": b["papers"], "retrieved": b["retrieved"]}
                      for b in book.boxes if b["session_id"] == session["session_id"]],
        })
    return summaries


def hand_in_totals(book: PostalBook) -> dict[str, Any]:
    """Hand-ins across the election, and per polling station (to compare with the BPAs' postal figures)."""
    reasons: Counter[str] = Counter()
    by_station: dict[str, list[dict[str, Any]]] = {}
    totals: Counter[str] = Counter()
    for form in book.hand_ins.values():
        accepted = form["accepted_own"] + form["accepted_proxy"] + form["accepted_others"]
        rejected = (form["rejected_own"] + form["rejected_proxy"] + form["rejected_others"]
                    + form["rejected_left_behind"])
        totals.update(Counter(forms=1, accepted=accepted, rejected=rejected, wrong_area=form["wrong_area"],
                              opened=form["opened"]))
        if rejected:
            reasons.update(form["reasons"])
        if form["station_id"] is not None:
            by_station.setdefault(form["station_id"], []).append(form)
    # Per station as the BPA's section D counts them (postal_stations): packs left behind came without a form.
    return {
        "forms": totals["forms"], "accepted": totals["accepted"], "rejected": totals["rejected"],
        "wrong_area": totals["wrong_area"], "rejected_not_yet_opened": totals["rejected"] - totals["opened"],
        "rejected_forms_by_reason": dict(sorted(reasons.items())),
        "by_station": {s: {"forms": h.forms, "accepted": h.accepted, "rejected": h.rejected}
                       for s, h in ((s, handed_in(rows)) for s, rows in
                                    sorted(by_station.items(), key=lambda item: natural_key(item[0])))},
    }


# --- returns: Form K and the EC's post-poll data ---------------------------------------

FORM_K_CAVEAT = ("Line wording and numbering follow the domain reference §4.2 and must be confirmed against the "
                 "prescribed form (RPR 2001 Sch 3, as amended by SI 2013/3198) before the return is sent.")


def form_k_lines(figures: ContestFigures) -> list[dict[str, Any]]:
    """The statement as to postal ballot papers for one contest, line by line; every line to be confirmed."""

    def line(code: str, label: str, value: int, note: str = "") -> dict[str, Any]:
        return {"code": code, "label": label, "value": value, "to_be_confirmed": True, "note": note}

    return [
        line("issued_original", "Postal ballot papers issued (regulation 72)", figures.issued_original,
             "includes packs later cancelled"),
        line("issued_replacement_spoilt", "Replacement postal ballot papers issued for spoilt papers "
             "(regulation 77)", figures.issued_replacement_spoilt),
        line("issued_replacement_lost", "Replacement postal ballot papers issued for lost papers (regulation 78)",
             figures.issued_replacement_lost),
        line("issued_total", "Total postal ballot papers issued", figures.issued),
        line("cancelled", "Postal ballot papers cancelled (regulations 77, 78 and 78A)", figures.cancelled,
             "counted within the issues above"),
        line("returned_before_close", "Covering envelopes returned before the close of poll",
             figures.returned_before_close, "packs of which the PVS or this contest's paper came back"),
        line("returned_after_close", "Covering envelopes received after the close of poll",
             figures.returned_after_close, "recorded per contest by staff; kept unopened"),
        line("returned_undelivered", "Covering envelopes returned undelivered", figures.returned_undelivered),
        line("not_returned", "Covering envelopes not returned", figures.not_returned,
             "derived: issued - cancelled - returned before and after the close - undelivered"),
        line("rejected_no_valid_pvs", "Ballot papers received without a valid postal voting statement "
             "(first list)", figures.no_valid_pvs),
        line("rejected_paper_missing", "Valid postal voting statements without their ballot paper, or with a "
             "paper of another number (second list)", figures.paper_missing),
        line("rejected_identifiers", "Postal votes rejected because the identifiers did not match or were "
             "blank (third list)", figures.identifier_rejected),
        line("rejected_handed_in", "Postal votes rejected when handed in (fourth list)", figures.hand_in_rejected,
             "packs opened from the rejected hand-in packets"),
        line("rejected_total", "Number of cases marked 'rejected'", figures.rejected),
        line("included_in_count", "Postal ballot papers included in the count", figures.included),
    ]


def ec_statistics(figures: ContestFigures) -> dict[str, Any]:
    """The postal part of the EC's post-poll data request (field list varies by poll: §4.2 [EC/I])."""
    by_reason = figures.identifier_by_reason
    live = figures.issued - figures.cancelled
    return {
        "contest_id": figures.contest_id,
        "contest_name": figures.contest_name,
        "electorate": figures.electorate,
        "postal_voters": figures.postal_voters,
        "proxy_postal_voters": figures.proxy_postal_voters,
        "postal_votes_issued": figures.issued,
        "postal_votes_cancelled": figures.cancelled,
        "covering_envelopes_returned": figures.returned_before_close,
        "covering_envelopes_returned_after_close": figures.returned_after_close,
        "return_rate": round(figures.returned_before_close / live, 4) if live else None,
        "postal_votes_included_in_count": figures.included,
        "rejected_no_pvs": figures.no_valid_pvs,
        "rejected_no_ballot_paper": figures.paper_missing,
        "rejected_signature_missing": by_reason.get(IdentifierReason.SIGNATURE_BLANK.value, 0),
        "rejected_dob_missing": by_reason.get(IdentifierReason.DOB_BLANK.value, 0),
        "rejected_signature_mismatch": by_reason.get(IdentifierReason.SIGNATURE_MISMATCH.value, 0),
        "rejected_dob_mismatch": by_reason.get(IdentifierReason.DOB_MISMATCH.value, 0),
        "rejected_identifiers_total": figures.identifier_rejected,
        "rejected_identifiers_by_combination": figures.identifier_by_combination,
        "rejected_when_handed_in": figures.hand_in_rejected,
        "rejected_total": figures.rejected,
    }
