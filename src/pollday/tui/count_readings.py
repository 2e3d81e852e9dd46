"""What the count desk, the RO desk and the results screen read: one contest's count as a read model.

Every reader here may block on the store's lock, so screens call them from thread
workers. They read through the domain's own arithmetic (`count_position`), so what a
screen shows as blocking a result is exactly what the services will refuse it for.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from pollday.domain.count import CountPosition, TableStatus, count_position
from pollday.domain.election import Candidate, ContestKind
from pollday.domain.results import REJECTION_HEADS
from pollday.domain.stages import STAGE_LABELS, ContestStage
from pollday.domain.state import StateView
from pollday.domain.timefmt import uk_time
from pollday.services.election_service import ElectionService

CANDIDATE_FIELDS = tuple(f.name for f in fields(Candidate))
CAPACITY_LABELS = {
    "candidate": "candidate",
    "election_agent": "election agent",
    "designated_counting_agent": "designated counting agent",
    "returning_officer": "RO's own initiative",
}
SCOPE_LABELS = {"full": "full recount", "bundle_check": "bundle check", "piles": "piles"}


@dataclass(frozen=True)
class CandidateLine:
    candidate_id: str
    ballot_order: int
    ballot_name: str  # "OKAFOR, Emeka": as printed on the ballot paper, commonly used name first
    full_name: str  # "Chukwuemeka Okafor": how the lot note and the declaration name a candidate
    description: str


@dataclass(frozen=True)
class Keying:
    keying: str  # first, second, agreed (settled by a supervisor) or carried (from the previous round)
    by: str
    at: str
    figures: dict[str, Any]  # papers_given, votes {candidate_id: n}, valid_papers, doubtful
    note: str


@dataclass(frozen=True)
class TableLine:
    status: TableStatus  # effective figures, differences, doubtful papers decided
    keyings: tuple[Keying, ...]

    @property
    def table_id(self) -> str:
        return self.status.table_id

    def keying(self, name: str) -> Keying | None:
        return next((k for k in self.keyings if k.keying == name), None)

    @property
    def state_text(self) -> str:
        if self.status.differences:
            return "KEYINGS DIFFER"
        if self.keying("agreed"):
            return "settled"
        if self.keying("second"):
            return "keyed twice, agree"
        if self.keying("first"):
            return "keyed once"
        return "carried over"


@dataclass(frozen=True)
class DecisionLine:
    paper_ref: str
    table_id: str
    decision: str  # allowed, rejected, rejected_in_part
    candidate_ids: tuple[str, ...]
    head: str
    objected: bool
    by: str
    at: str


@dataclass(frozen=True)
class RecountLine:
    number: int
    asked_at: str
    requested_by: str
    capacity: str
    scope: str
    piles: tuple[str, ...]
    note: str
    recorded_by: str
    decision: str  # pending, granted, refused
    reason: str
    decided_by: str
    decided_at: str
    round_opened: int | None

    @property
    def capacity_text(self) -> str:
        return CAPACITY_LABELS.get(self.capacity, self.capacity)

    @property
    def scope_text(self) -> str:
        if self.scope == "piles":
            return f"piles: {', '.join(self.piles)}"
        return SCOPE_LABELS.get(self.scope, self.scope)


@dataclass(frozen=True)
class ProvisionalLine:
    version: int
    round: int
    at: str
    by: str
    figures: dict[str, Any]  # the snapshot kept when it was prepared


@dataclass(frozen=True)
class ContestCount:
    contest_id: str
    name: str
    kind: ContestKind
    seats: int
    stage: ContestStage
    signed_off: bool
    candidates: tuple[CandidateLine, ...]
    position: CountPosition
    tables: tuple[TableLine, ...]
    decisions: tuple[DecisionLine, ...]
    versions: tuple[ProvisionalLine, ...]
    recounts: tuple[RecountLine, ...]
    lot: dict[str, Any] | None  # the lot drawn for the latest provisional version
    declared: dict[str, Any] | None  # the declaration row: figures (with the lot's vote), at, by

    @property
    def heads(self) -> dict[str, str]:
        return REJECTION_HEADS[self.kind]

    @property
    def stage_label(self) -> str:
        return STAGE_LABELS[self.stage]

    @property
    def seats_text(self) -> str:
        return "1 seat" if self.seats == 1 else f"{self.seats} seats"

    @property
    def allows_rejected_in_part(self) -> bool:
        return self.seats > 1 and self.kind == ContestKind.LOCAL

    def name_of(self, candidate_id: str) -> str:
        return next((c.ballot_name for c in self.candidates if c.candidate_id == candidate_id), candidate_id)

    def full_name_of(self, candidate_id: str) -> str:
        return next((c.full_name for c in self.candidates if c.candidate_id == candidate_id), candidate_id)

    @property
    def latest(self) -> ProvisionalLine | None:
        return self.versions[-1] if self.versions else None

    @property
    def provisional_current(self) -> bool:
        """A provisional result covers the round being counted now."""
        return self.latest is not None and self.latest.round == self.position.round

    @property
    def pending_doubtful(self) -> int:
        return sum(max(t.status.pending_doubtful, 0) for t in self.tables)

    @property
    def pending_recounts(self) -> tuple[RecountLine, ...]:
        return tuple(r for r in self.recounts if r.decision == "pending")

    @property
    def recount_in_progress(self) -> RecountLine | None:
        """A granted recount whose round has no provisional result yet."""
        done = {v.round for v in self.versions}
        return next((r for r in self.recounts if r.round_opened is not None and r.round_opened not in done), None)

    @property
    def tied(self) -> tuple[str, ...]:
        latest = self.latest
        if latest is None or not self.provisional_current:
            return ()
        return tuple(latest.figures["tied_for_last_seat"])

    @property
    def needs_lot(self) -> bool:
        return bool(self.tied) and self.lot is None and self.declared is None

    @property
    def declarable(self) -> bool:
        return (self.declared is None and self.provisional_current and not self.pending_recounts
                and self.recount_in_progress is None and not self.needs_lot)


def _candidate_line(row: dict[str, Any]) -> CandidateLine:
    candidate = Candidate(**{name: row[name] for name in CANDIDATE_FIELDS})
    return CandidateLine(candidate.candidate_id, candidate.ballot_order, candidate.ballot_name,
                         f"{candidate.forenames} {candidate.surname}", candidate.description)


def _person(view: StateView, username: str | None) -> str:
    if not username:
        return ""
    user = view.get("users", (username,))
    return user["full_name"] if user else username


def _keyings(view: StateView, contest_id: str, round_number: int, table_id: str) -> tuple[Keying, ...]:
    order = {"first": 0, "second": 1, "agreed": 2, "carried": 3}
    rows = view.rows("count_tables", contest_id=contest_id, round=round_number, table_id=table_id)
    return tuple(
        Keying(row["keying"], _person(view, row["by"]), uk_time(row["at"]),
               {k: row[k] for k in ("papers_given", "votes", "valid_papers", "doubtful")}, row["note"])
        for row in sorted(rows, key=lambda r: order.get(r["keying"], 9))
    )


def _recount_line(view: StateView, row: dict[str, Any]) -> RecountLine:
    return RecountLine(
        number=row["number"], asked_at=uk_time(row["at"]), requested_by=row["requested_by"],
        capacity=row["capacity"], scope=row["scope"], piles=tuple(row["piles"]), note=row["note"],
        recorded_by=_person(view, row["recorded_by"]), decision=row["decision"], reason=row["decision_reason"],
        decided_by=_person(view, row["decided_by"]),
        decided_at=uk_time(row["decided_at"]) if row["decided_at"] else "", round_opened=row["round_opened"],
    )


def _paper_order(row: dict[str, Any], table_order: dict[str, int]) -> tuple[int, int]:
    """Tables in the count's order, then papers in the order they were decided (refs are 'T3-1', 'T3-2')."""
    number = row["paper_ref"].rsplit("-", 1)[-1]
    return table_order.get(row["table_id"], len(table_order)), int(number) if number.isdigit() else 0


def read_contest_count(view: StateView, contest_id: str) -> ContestCount:
    contest = view.get("contests", (contest_id,))
    if contest is None:
        raise KeyError(f"'{contest_id}' is not a contest of this election")
    position = count_position(view, contest_id)
    candidates = tuple(_candidate_line(row) for row in sorted(view.rows("candidates", contest_id=contest_id),
                                                                key=lambda r: r["ballot_order"]))
    tables = tuple(TableLine(status, _keyings(view, contest_id, position.round, status.table_id))
                   for status in position.tables)
    table_order = {t.table_id: n for n, t in enumerate(tables)}
    decisions = tuple(
        DecisionLine(row["paper_ref"], row["table_id"], row["decision"], tuple(row["candidate_ids"]), row["head"],
                     bool(row["objected"]), _person(view, row["by"]), uk_time(row["at"]))
        for row in sorted(view.rows("adjudications", contest_id=contest_id, round=position.round),
                          key=lambda r: _paper_order(r, table_order))
    )
    versions = tuple(
        ProvisionalLine(row["version"], row["round"], uk_time(row["at"]), _person(view, row["by"]), row["figures"])
        for row in sorted(view.rows("provisional_results", contest_id=contest_id), key=lambda r: r["version"])
    )
    recounts = tuple(_recount_line(view, row) for row in sorted(view.rows("recount_requests", contest_id=contest_id),
                                                                 key=lambda r: r["number"]))
    lot = view.get("lot_draws", (contest_id, versions[-1].version)) if versions else None
    signed = view.get("contest_verification", (contest_id,))
    return ContestCount(
        contest_id=contest_id, name=contest["name"], kind=ContestKind(contest["kind"]), seats=contest["seats"],
        stage=ContestStage(contest["stage"]), signed_off=bool(signed and signed["signed_off"]),
        candidates=candidates, position=position, tables=tables, decisions=decisions, versions=versions,
        recounts=recounts, lot=lot, declared=view.get("declarations", (contest_id,)),
    )


def read_all_counts(service: ElectionService) -> tuple[ContestCount, ...]:
    """Every contest of the election, in the order of the election definition."""
    view = service.store.view()
    contests = sorted(view.rows("contests"), key=lambda c: c["position"])
    return tuple(read_contest_count(view, c["contest_id"]) for c in contests)


def read_one_count(service: ElectionService, contest_id: str) -> ContestCount:
    return read_contest_count(service.store.view(), contest_id)


def decision_text(contest: ContestCount, decision: DecisionLine) -> str:
    """'allowed for ELLISON, Hamid', 'rejected: B (objected to)', in the words of the statement."""
    names = ", ".join(contest.name_of(c) for c in decision.candidate_ids)
    objected = " (rejection objected to)" if decision.objected else ""
    if decision.decision == "allowed":
        return f"allowed for {names}"
    head = f"{decision.head} {contest.heads.get(decision.head, '')}".strip()
    if decision.decision == "rejected_in_part":
        return f"rejected in part ({head}); counted for {names}{objected}"
    return f"rejected: {head}{objected}"


def decision_short(contest: ContestCount, decision: DecisionLine) -> str:
    """The same decision in a table cell: 'allowed: ELLISON, Hamid', 'rejected D, objected to'."""
    names = ", ".join(contest.name_of(c) for c in decision.candidate_ids)
    objected = ", objected to" if decision.objected else ""
    if decision.decision == "allowed":
        return f"allowed: {names}"
    if decision.decision == "rejected_in_part":
        return f"in part ({decision.head}{objected}): {names}"
    return f"rejected {decision.head}{objected}"


def lot_note(contest: ContestCount, winners: list[str] | tuple[str, ...]) -> str:
    """The note reference §3.6 prescribes, naming each winner of the lot."""
    names = [contest.full_name_of(w) for w in winners]
    if len(names) == 1:
        return f"Following an equality of votes, lots were drawn and an additional vote was allotted to {names[0]}."
    return ("Following an equality of votes, lots were drawn and an additional vote was allotted to each of "
            f"{', '.join(names[:-1])} and {names[-1]}.")
