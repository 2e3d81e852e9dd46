"""The public progress board: what candidates, agents and the hall may see at any moment.

It never shows a candidate's figures before the contest is declared: provisional results
are for the RO to brief candidates and agents, not for the wall.
"""

from __future__ import annotations

from dataclasses import dataclass

from pollday.domain.stages import STAGE_LABELS, ContestStage
from pollday.domain.table_cache import TableCache
from pollday.domain.verification import contest_verification
from pollday.services.election_service import ElectionService
from pollday.services.results_export import result_records


@dataclass(frozen=True)
class DeclaredLine:
    name: str  # as on the ballot paper
    party: str
    votes: int
    elected: bool


@dataclass(frozen=True)
class ContestProgress:
    contest_id: str
    name: str
    stage: str
    boxes_received: int
    boxes_total: int
    accounts_verified: int
    accounts_total: int
    verified_total: int | None
    declared: tuple[DeclaredLine, ...]  # empty until declared


@dataclass(frozen=True)
class ProgressBoard:
    election_name: str
    rehearsal: bool
    contests: tuple[ContestProgress, ...]
    announcements: tuple[str, ...]


def read_progress_board(service: ElectionService) -> ProgressBoard:
    view = TableCache(service.store.view())
    election = service.election()
    received = {r["box_id"] for r in view.rows("box_receipts")}
    declared_results = {r["ballot_paper_id"]: r for r in result_records(service) if r["status"] == "declared"}
    contests = []
    announcements = []
    station_boxes = [b["box_id"] for b in view.rows("boxes")]
    postal_boxes = [b["box_id"] for b in view.rows("postal_boxes")]
    if station_boxes and all(b in received for b in station_boxes):
        announcements.append("All polling station ballot boxes have been received.")
    if postal_boxes and all(b in received for b in postal_boxes):
        announcements.append("All postal ballot boxes have been received.")
    for contest in sorted(view.rows("contests"), key=lambda c: c["position"]):
        contest_id = contest["contest_id"]
        boxes = [b["box_id"] for b in view.rows("boxes", contest_id=contest_id)]
        boxes += [b["box_id"] for b in view.rows("postal_boxes", contest_id=contest_id)]
        progress = contest_verification(view, contest_id)
        signed = view.get("contest_verification", (contest_id,))
        verified_total = progress.verified_total if signed and signed["signed_off"] else None
        if verified_total is not None:
            turnout = progress.ballot_box_turnout
            share = f", ballot box turnout {turnout:.1%}" if turnout is not None else ""
            announcements.append(f"{contest['name']}: verification complete, {verified_total:,} ballot papers "
                                 f"go forward to the count{share}.")
        declared: tuple[DeclaredLine, ...] = ()
        if contest_id in declared_results:
            record = declared_results[contest_id]
            declared = tuple(
                DeclaredLine(f"{(c['commonly_used_surname'] or c['surname']).upper()}, "
                             f"{c['commonly_used_forenames'] or c['forenames']}", c["party"], c["votes"], c["elected"])
                for c in record["candidates"]
            )
            announcements.append(f"{contest['name']}: the result has been declared.")
        contests.append(ContestProgress(
            contest_id=contest_id, name=contest["name"], stage=STAGE_LABELS[ContestStage(contest["stage"])],
            boxes_received=sum(1 for b in boxes if b in received), boxes_total=len(boxes),
            accounts_verified=progress.verified_accounts, accounts_total=len(progress.accounts),
            verified_total=verified_total, declared=declared,
        ))
    return ProgressBoard(election["name"], service.is_rehearsal(), tuple(contests), tuple(announcements))
