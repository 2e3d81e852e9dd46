"""The count: table figures, adjudication, provisional results, recounts, lots, declaration (§3, §4)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, ClassVar

from pollday.domain.commands.base import Command, CommandContext, Refused, register
from pollday.domain.commands.reception import person_name
from pollday.domain.count import candidate_order, count_position, current_round, table_statuses
from pollday.domain.election import ContestKind
from pollday.domain.results import REJECTION_HEADS, majority, standing, turnouts
from pollday.domain.roles import Permission
from pollday.domain.stages import ContestStage
from pollday.domain.state import Change, Patch, Put, StateView
from pollday.domain.timefmt import uk_time

MAX_TABLE_PAPERS = 200_000


class TableKeying(StrEnum):
    FIRST = "first"
    SECOND = "second"


class Decision(StrEnum):
    ALLOWED = "allowed"
    REJECTED = "rejected"
    REJECTED_IN_PART = "rejected_in_part"


class Capacity(StrEnum):
    CANDIDATE = "candidate"
    ELECTION_AGENT = "election_agent"
    DESIGNATED_COUNTING_AGENT = "designated_counting_agent"  # combined-authority mayoral polls only
    RETURNING_OFFICER = "returning_officer"  # a recount on the RO's own initiative


class RecountScope(StrEnum):
    FULL = "full"
    BUNDLE_CHECK = "bundle_check"
    PILES = "piles"


class RecountDecision(StrEnum):
    GRANTED = "granted"
    REFUSED = "refused"


def _contest(view: StateView, contest_id: str) -> dict[str, Any]:
    contest = view.get("contests", (contest_id,))
    if contest is None:
        raise Refused(f"'{contest_id}' is not a contest of this election")
    return contest


def _counting_contest(view: StateView, contest_id: str) -> dict[str, Any]:
    """A contest whose figures may change now: verified, and not declared."""
    contest = _contest(view, contest_id)
    if contest["stage"] == ContestStage.DECLARED:
        declared = view.get("declarations", (contest_id,))
        when = uk_time(declared["at"]) if declared else "earlier"
        raise Refused(f"{contest['name']} was declared at {when}: the result is final and cannot change")
    signed = view.get("contest_verification", (contest_id,))
    if signed is None or not signed["signed_off"]:
        raise Refused(f"{contest['name']} has not been verified and signed off yet: votes are counted after that")
    return contest


def _start_counting(view: StateView, ctx: CommandContext, contest_id: str) -> list[Change]:
    changes: list[Change] = []
    if view.get("count_state", (contest_id,)) is None:
        changes.append(Put("count_state", {"contest_id": contest_id, "round": 1, "opened_at": ctx.at.isoformat(),
                                           "opened_by": ctx.actor}))
    contest = view.get("contests", (contest_id,))
    if contest is not None and contest["stage"] in (ContestStage.VERIFIED, ContestStage.PROVISIONAL):
        changes.append(Patch("contests", (contest_id,), {"stage": ContestStage.COUNTING.value}))
    return changes


def _table_figures(view: StateView, contest: dict[str, Any], table_id: str, papers_given: int,
                   votes: dict[str, Any], valid_papers: int | None, doubtful: int) -> dict[str, Any]:
    """Check one table's figures reconcile to the papers it was given; return them in stored form."""
    order = candidate_order(view, contest["contest_id"])
    if set(votes) != set(order):
        missing = [c for c in order if c not in votes]
        unknown = [c for c in votes if c not in order]
        raise Refused(f"table {table_id}: give a figure for every candidate and no one else "
                      f"(missing: {missing or 'none'}; not candidates here: {unknown or 'none'})")
    for name, value in [("papers given", papers_given), ("doubtful", doubtful), *votes.items()]:
        if not isinstance(value, int) or isinstance(value, bool) or value < 0 or value > MAX_TABLE_PAPERS:
            raise Refused(f"table {table_id}: {name} must be a whole number from 0 to {MAX_TABLE_PAPERS:,}, "
                          f"not {value!r}")
    total_votes = sum(votes.values())
    seats = contest["seats"]
    if seats == 1:
        if valid_papers is not None and valid_papers != total_votes:
            raise Refused(f"table {table_id}: in a single-seat contest valid papers equal the votes ({total_votes})")
        valid_papers = total_votes
    elif valid_papers is None:
        raise Refused(f"table {table_id}: a {seats}-seat contest needs the number of valid papers as well as votes")
    if valid_papers + doubtful != papers_given:
        raise Refused(f"table {table_id}: {valid_papers:,} valid papers + {doubtful:,} doubtful = "
                      f"{valid_papers + doubtful:,}, but the table was given {papers_given:,} papers")
    if seats > 1:
        if total_votes > seats * valid_papers:
            raise Refused(f"table {table_id}: {total_votes:,} votes is more than {seats} x {valid_papers:,} "
                          "valid papers allows")
        over = [c for c, n in votes.items() if n > valid_papers]
        if over:
            raise Refused(f"table {table_id}: {', '.join(over)} cannot have more votes than valid papers")
    return {"papers_given": papers_given, "votes": {c: votes[c] for c in order}, "valid_papers": valid_papers,
            "doubtful": doubtful}


@register
@dataclass(frozen=True)
class RecordTable(Command):
    name: ClassVar[str] = "count.record_table"
    summary: ClassVar[str] = "Enter a count table's figures"
    permission: ClassVar[Permission | None] = Permission.RECORD_COUNT

    contest_id: str
    table_id: str
    papers_given: int
    votes: dict[str, Any]
    doubtful: int = 0
    valid_papers: int | None = None
    keying: TableKeying = TableKeying.FIRST

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        contest = _counting_contest(view, self.contest_id)
        if not self.table_id.strip():
            raise Refused("name the count table (e.g. 'T3')")
        figures = _table_figures(view, contest, self.table_id, self.papers_given, self.votes, self.valid_papers,
                                 self.doubtful)
        round_number = max(current_round(view, self.contest_id), 1)
        existing = {r["keying"]: r for r in view.rows("count_tables", contest_id=self.contest_id,
                                                       round=round_number, table_id=self.table_id)}
        if "agreed" in existing:
            raise Refused(f"table {self.table_id}'s figures were settled by a supervisor; a supervisor changes them")
        if self.keying in existing:
            earlier = existing[self.keying]
            raise Refused(f"table {self.table_id} was already keyed ({self.keying.value}) at {uk_time(earlier['at'])} "
                          f"by {person_name(view, earlier['by'])}; a supervisor corrects it")
        if self.keying == TableKeying.SECOND:
            first = existing.get("first")
            if first is None:
                raise Refused(f"table {self.table_id} has not been keyed a first time yet")
            if first["by"] == ctx.actor:
                raise Refused("the second keying must be done by a different person from the first")
        return [
            *_start_counting(view, ctx, self.contest_id),
            Put("count_tables", {"contest_id": self.contest_id, "round": round_number, "table_id": self.table_id,
                                 "keying": self.keying.value, **figures, "note": "", "at": ctx.at.isoformat(),
                                 "by": ctx.actor}),
        ]


@register
@dataclass(frozen=True)
class ResolveTable(Command):
    name: ClassVar[str] = "count.resolve_table"
    summary: ClassVar[str] = "Settle or correct a count table's figures"
    permission: ClassVar[Permission | None] = Permission.SUPERVISE_COUNT

    contest_id: str
    table_id: str
    papers_given: int
    votes: dict[str, Any]
    reason: str
    doubtful: int = 0
    valid_papers: int | None = None

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        contest = _counting_contest(view, self.contest_id)
        if not self.reason.strip():
            raise Refused("give the reason for settling or correcting the table's figures")
        round_number = current_round(view, self.contest_id)
        if not view.rows("count_tables", contest_id=self.contest_id, round=round_number, table_id=self.table_id):
            raise Refused(f"table {self.table_id} has not entered figures in this round yet")
        figures = _table_figures(view, contest, self.table_id, self.papers_given, self.votes, self.valid_papers,
                                 self.doubtful)
        decided = view.count("adjudications", contest_id=self.contest_id, round=round_number, table_id=self.table_id)
        if figures["doubtful"] < decided:
            raise Refused(f"table {self.table_id} already has {decided} doubtful papers adjudicated")
        return [Put("count_tables", {"contest_id": self.contest_id, "round": round_number, "table_id": self.table_id,
                                     "keying": "agreed", **figures, "note": self.reason.strip(),
                                     "at": ctx.at.isoformat(), "by": ctx.actor})]


@register
@dataclass(frozen=True)
class Adjudicate(Command):
    name: ClassVar[str] = "count.adjudicate"
    summary: ClassVar[str] = "Adjudicate a doubtful ballot paper"
    permission: ClassVar[Permission | None] = Permission.ADJUDICATE

    contest_id: str
    table_id: str
    decision: Decision
    candidate_ids: tuple[str, ...] = ()
    head: str = ""
    objected: bool = False
    paper_ref: str = ""  # to reconsider a decision already made; empty for the next undecided paper

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        contest = _counting_contest(view, self.contest_id)
        round_number = current_round(view, self.contest_id)
        table = next((t for t in table_statuses(view, self.contest_id) if t.table_id == self.table_id), None)
        if table is None or table.effective is None:
            raise Refused(f"table {self.table_id} has no settled figures in this round, so no doubtful papers")
        self._check_decision(view, contest)
        if self.paper_ref:
            earlier = view.get("adjudications", (self.contest_id, round_number, self.paper_ref))
            if earlier is None or earlier["table_id"] != self.table_id:
                raise Refused(f"there is no adjudicated paper {self.paper_ref} from table {self.table_id} to "
                              "reconsider in this round")
            paper_ref = self.paper_ref
        else:
            if table.pending_doubtful <= 0:
                raise Refused(f"table {self.table_id} has no doubtful papers left to adjudicate")
            paper_ref = f"{self.table_id}-{table.decided + 1}"
        return [Put("adjudications", {
            "contest_id": self.contest_id, "round": round_number, "paper_ref": paper_ref, "table_id": self.table_id,
            "decision": self.decision.value, "candidate_ids": list(self.candidate_ids), "head": self.head,
            "objected": self.objected, "at": ctx.at.isoformat(), "by": ctx.actor,
        })]

    def _check_decision(self, view: StateView, contest: dict[str, Any]) -> None:
        seats = contest["seats"]
        order = candidate_order(view, self.contest_id)
        unknown = [c for c in self.candidate_ids if c not in order]
        if unknown or len(set(self.candidate_ids)) != len(self.candidate_ids):
            raise Refused(f"the candidates must be different candidates of this contest (not: {unknown})")
        heads = REJECTION_HEADS[ContestKind(contest["kind"])]
        if self.decision == Decision.ALLOWED:
            if not 1 <= len(self.candidate_ids) <= seats or self.head:
                raise Refused(f"an allowed paper counts for 1 to {seats} candidate(s) and has no rejection head")
            if self.objected:
                raise Refused("'rejection objected to' applies to rejected papers only")
        elif self.decision == Decision.REJECTED:
            if self.candidate_ids or self.head not in heads:
                raise Refused(f"a rejected paper needs a head ({', '.join(heads)}) and no candidates")
        else:
            if seats == 1 or contest["kind"] != ContestKind.LOCAL:
                raise Refused("'rejected in part' applies only to multi-member local contests")
            if not 1 <= len(self.candidate_ids) < seats or self.head not in heads:
                raise Refused("a paper rejected in part counts for the candidates whose votes stand (fewer than "
                              f"{seats}) and names the head for the void part ({', '.join(heads)})")


def _latest_provisional(view: StateView, contest_id: str) -> dict[str, Any] | None:
    versions = view.rows("provisional_results", contest_id=contest_id)
    return max(versions, key=lambda v: v["version"]) if versions else None


def _open_recount(view: StateView, contest_id: str) -> dict[str, Any] | None:
    latest = _latest_provisional(view, contest_id)
    version = latest["version"] if latest else 0
    for request in view.rows("recount_requests", contest_id=contest_id):
        if request["decision"] == "pending":
            return request
        if request["decision"] == RecountDecision.GRANTED and request["round_opened"] is not None \
                and request["after_version"] >= version:
            return request  # a granted recount with no provisional result after it yet
    return None


@register
@dataclass(frozen=True)
class PrepareProvisional(Command):
    name: ClassVar[str] = "count.provisional"
    summary: ClassVar[str] = "Prepare the provisional result"
    permission: ClassVar[Permission | None] = Permission.SUPERVISE_COUNT

    contest_id: str

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        contest = _counting_contest(view, self.contest_id)
        position = count_position(view, self.contest_id)
        if position.round == 0:
            raise Refused(f"the count of {contest['name']} has not started")
        if not position.ready:
            raise Refused("the figures do not reconcile yet: " + "; ".join(position.blockers))
        pending = next((r for r in view.rows("recount_requests", contest_id=self.contest_id)
                        if r["decision"] == "pending"), None)
        if pending is not None:
            raise Refused(f"recount request {pending['number']} awaits the RO's decision")
        latest = _latest_provisional(view, self.contest_id)
        if latest is not None and latest["round"] == position.round:
            raise Refused(f"provisional result {latest['version']} already covers this round; a recount opens a "
                          "new one")
        figures = position.figures
        order = figures.candidate_ids
        result = standing(figures.votes, figures.seats, order)
        snapshot = {
            "votes": dict(figures.votes), "valid_papers": figures.valid_papers, "rejected": dict(figures.rejected),
            "rejected_in_part": figures.rejected_in_part, "rejected_total": figures.rejected_total,
            "verified_total": figures.verified_total, "electorate": figures.electorate, "seats": figures.seats,
            "winners": list(result.winners), "tied_for_last_seat": list(result.tied_for_last_seat),
            "majority": majority(figures.votes, figures.seats, order), **turnouts(figures),
        }
        version = (latest["version"] + 1) if latest else 1
        return [
            Put("provisional_results", {"contest_id": self.contest_id, "version": version, "round": position.round,
                                        "figures": snapshot, "at": ctx.at.isoformat(), "by": ctx.actor}),
            Patch("contests", (self.contest_id,), {"stage": ContestStage.PROVISIONAL.value}),
        ]


@register
@dataclass(frozen=True)
class RequestRecount(Command):
    name: ClassVar[str] = "recount.request"
    summary: ClassVar[str] = "Record a recount request"
    permission: ClassVar[Permission | None] = Permission.SUPERVISE_COUNT

    contest_id: str
    requested_by: str
    capacity: Capacity
    scope: RecountScope
    piles: tuple[str, ...] = ()
    note: str = ""

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        contest = _counting_contest(view, self.contest_id)
        latest = _latest_provisional(view, self.contest_id)
        if latest is None:
            raise Refused("a recount is requested when a count or recount finishes: there is no provisional "
                          "result yet")
        if not self.requested_by.strip():
            raise Refused("name who asked for the recount")
        if self.capacity == Capacity.DESIGNATED_COUNTING_AGENT and contest["kind"] != ContestKind.MAYORAL:
            raise Refused("only candidates and election agents may ask for a recount (designated counting agents "
                          "only at combined-authority mayoral polls)")
        if self.scope == RecountScope.PILES and not self.piles:
            raise Refused("name the piles to recount (e.g. candidates' bundles or tables)")
        if self.scope != RecountScope.PILES and self.piles:
            raise Refused("piles are named only for a recount of specific piles")
        waiting = _open_recount(view, self.contest_id)
        if waiting is not None and waiting["decision"] == "pending":
            raise Refused(f"request {waiting['number']} is still awaiting the RO's decision")
        number = view.count("recount_requests", contest_id=self.contest_id) + 1
        return [Put("recount_requests", {
            "contest_id": self.contest_id, "number": number, "requested_by": self.requested_by.strip(),
            "capacity": self.capacity.value, "scope": self.scope.value, "piles": list(self.piles),
            "note": self.note.strip(), "after_version": latest["version"], "at": ctx.at.isoformat(),
            "recorded_by": ctx.actor, "decision": "pending", "decision_reason": "", "decided_by": None,
            "decided_at": None, "round_opened": None,
        })]


@register
@dataclass(frozen=True)
class DecideRecount(Command):
    name: ClassVar[str] = "recount.decide"
    summary: ClassVar[str] = "Decide a recount request"
    permission: ClassVar[Permission | None] = Permission.DECIDE_RECOUNT

    contest_id: str
    number: int
    decision: RecountDecision
    reason: str

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        _counting_contest(view, self.contest_id)
        request = view.get("recount_requests", (self.contest_id, self.number))
        if request is None:
            raise Refused(f"there is no recount request {self.number} for {self.contest_id}")
        if request["decision"] != "pending":
            raise Refused(f"recount request {self.number} was already {request['decision']}")
        if not self.reason.strip():
            raise Refused("give the reason for the decision: it goes on the recount register")
        opens_round = self.decision == RecountDecision.GRANTED and request["scope"] != RecountScope.BUNDLE_CHECK
        changes: list[Change] = []
        round_opened = None
        if opens_round:
            round_opened = current_round(view, self.contest_id) + 1
            changes += _open_round(view, ctx, self.contest_id, round_opened)
        changes.insert(0, Patch("recount_requests", (self.contest_id, self.number), {
            "decision": self.decision.value, "decision_reason": self.reason.strip(), "decided_by": ctx.actor,
            "decided_at": ctx.at.isoformat(), "round_opened": round_opened,
        }))
        return changes


def _open_round(view: StateView, ctx: CommandContext, contest_id: str, round_number: int) -> list[Change]:
    """Carry the settled figures and decisions into a new round, where they can be re-entered."""
    previous = round_number - 1
    changes: list[Change] = [
        Patch("count_state", (contest_id,), {"round": round_number, "opened_at": ctx.at.isoformat(),
                                              "opened_by": ctx.actor}),
        Patch("contests", (contest_id,), {"stage": ContestStage.COUNTING.value}),
    ]
    for table in table_statuses(view, contest_id, previous):
        assert table.effective is not None  # a provisional result exists, so every table was settled
        changes.append(Put("count_tables", {
            **{k: table.effective[k] for k in ("contest_id", "table_id", "papers_given", "votes", "valid_papers",
                                               "doubtful")},
            "round": round_number, "keying": "carried", "note": f"carried from round {previous}",
            "at": ctx.at.isoformat(), "by": ctx.actor,
        }))
    for decision in view.rows("adjudications", contest_id=contest_id, round=previous):
        changes.append(Put("adjudications", {**decision, "round": round_number}))
    return changes


@register
@dataclass(frozen=True)
class DrawLots(Command):
    name: ClassVar[str] = "count.draw_lots"
    summary: ClassVar[str] = "Record the drawing of lots"
    permission: ClassVar[Permission | None] = Permission.DECLARE

    contest_id: str
    method: str
    witnesses: str
    winners: tuple[str, ...]

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        _counting_contest(view, self.contest_id)
        latest = _latest_provisional(view, self.contest_id)
        if latest is None or not latest["figures"]["tied_for_last_seat"]:
            raise Refused("lots are drawn only when the provisional result shows a tie that decides a seat")
        figures = latest["figures"]
        tied = figures["tied_for_last_seat"]
        seats_left = figures["seats"] - len(figures["winners"])
        if len(set(self.winners)) != seats_left or any(w not in tied for w in self.winners):
            raise Refused(f"the lot decides {seats_left} seat(s): name that many of the tied candidates "
                          f"({', '.join(tied)})")
        if view.get("lot_draws", (self.contest_id, latest["version"])) is not None:
            raise Refused("lots were already drawn for this provisional result")
        if not self.method.strip() or not self.witnesses.strip():
            raise Refused("record how the lot was drawn and who witnessed it")
        return [Put("lot_draws", {
            "contest_id": self.contest_id, "version": latest["version"], "method": self.method.strip(),
            "witnesses": self.witnesses.strip(), "tied": tied, "winners": list(self.winners),
            "at": ctx.at.isoformat(), "by": ctx.actor,
        })]


@register
@dataclass(frozen=True)
class Declare(Command):
    name: ClassVar[str] = "count.declare"
    summary: ClassVar[str] = "Declare the result"
    permission: ClassVar[Permission | None] = Permission.DECLARE

    contest_id: str

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        contest = _counting_contest(view, self.contest_id)
        latest = _latest_provisional(view, self.contest_id)
        if latest is None or latest["round"] != current_round(view, self.contest_id):
            raise Refused(f"{contest['name']} has no provisional result for the current round: prepare one first")
        open_request = _open_recount(view, self.contest_id)
        if open_request is not None:
            raise Refused(f"recount request {open_request['number']} is still open: decide it, or finish the "
                          "recount, before declaring")
        figures = dict(latest["figures"])
        winners = list(figures["winners"])
        if figures["tied_for_last_seat"]:
            lot = view.get("lot_draws", (self.contest_id, latest["version"]))
            if lot is None:
                raise Refused("there is a tie for the last seat: record the drawing of lots before declaring")
            figures["lot"] = {"winners": lot["winners"], "method": lot["method"], "witnesses": lot["witnesses"],
                              "tied": lot["tied"]}
            # The law treats each winner of the lot as having received one more vote (§3.6).
            figures["votes"] = {c: v + (c in lot["winners"]) for c, v in figures["votes"].items()}
            winners.extend(lot["winners"])
        figures["elected"] = winners
        return [
            Put("declarations", {"contest_id": self.contest_id, "version": latest["version"], "figures": figures,
                                 "at": ctx.at.isoformat(), "by": ctx.actor}),
            Patch("contests", (self.contest_id,), {"stage": ContestStage.DECLARED.value}),
        ]
