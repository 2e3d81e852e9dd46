"""Where the election stands: one read model shared by `pollday status` and the TUI."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from pollday.domain.election import CONTEST_KIND_LABELS, ContestKind
from pollday.domain.stages import STAGE_LABELS, BoxState, ContestStage
from pollday.domain.state import StateView
from pollday.domain.table_cache import TableCache
from pollday.domain.verification import contest_verification
from pollday.services.election_service import ElectionService


@dataclass(frozen=True)
class ContestStatus:
    contest_id: str
    name: str
    kind: str
    seats: int
    stage: str
    stage_label: str
    boxes_total: int
    boxes_received: int
    accounts_total: int
    accounts_verified: int
    verified_total: int | None  # ballot papers verified, once every account is
    verification_signed_off: bool


@dataclass(frozen=True)
class ElectionStatus:
    election_id: str
    name: str
    authority: str
    poll_date: str
    mode: str
    poll_state: str
    contests: tuple[ContestStatus, ...]
    stations: int
    users: int
    journal_length: int
    journal_head_seq: int
    journal_head_hash: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def contests_in_order(view: StateView, contest_id: str | None = None) -> list[dict[str, Any]]:
    """Every contest in definition order, or the one asked for; ValueError if it is not one of them."""
    contests = [c for c in sorted(view.rows("contests"), key=lambda c: c["position"])
                if contest_id is None or c["contest_id"] == contest_id]
    if contest_id is not None and not contests:
        raise ValueError(f"'{contest_id}' is not a contest of this election")
    return contests


def election_status(service: ElectionService) -> ElectionStatus:
    view = TableCache(service.store.view())
    election = service.election()
    contests = []
    for contest in contests_in_order(view):
        boxes = view.rows("boxes", contest_id=contest["contest_id"])
        boxes += view.rows("postal_boxes", contest_id=contest["contest_id"])
        progress = contest_verification(view, contest["contest_id"])
        signed = view.get("contest_verification", (contest["contest_id"],))
        contests.append(ContestStatus(
            contest_id=contest["contest_id"],
            name=contest["name"],
            kind=CONTEST_KIND_LABELS[ContestKind(contest["kind"])],
            seats=contest["seats"],
            stage=contest["stage"],
            stage_label=STAGE_LABELS[ContestStage(contest["stage"])],
            boxes_total=len(boxes),
            boxes_received=sum(1 for b in boxes if b["state"] != BoxState.EXPECTED),
            accounts_total=len(progress.accounts),
            accounts_verified=progress.verified_accounts,
            verified_total=progress.verified_total if progress.complete else None,
            verification_signed_off=bool(signed and signed["signed_off"]),
        ))
    head_seq, head_hash = service.store.journal_head()
    return ElectionStatus(
        election_id=election["election_id"],
        name=election["name"],
        authority=election["authority"],
        poll_date=election["poll_date"],
        mode=election["mode"],
        poll_state=election["poll_state"],
        contests=tuple(contests),
        stations=view.count("stations"),
        users=view.count("users"),
        journal_length=service.store.journal_length(),
        journal_head_seq=head_seq,
        journal_head_hash=head_hash,
    )
