"""Ballot paper accounts, verification counts, variance resolutions and sign-off (reference §2)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, ClassVar

from pollday.domain.commands.base import Command, CommandContext, Refused, register
from pollday.domain.commands.reception import box_or_refuse, person_name, receipt_or_refuse, refuse_if_signed_off
from pollday.domain.roles import Permission
from pollday.domain.stages import ContestStage
from pollday.domain.state import Change, Patch, Put, StateView
from pollday.domain.timefmt import uk_time
from pollday.domain.verification import (
    BPA_FIGURES,
    EXPLANATIONS,
    AccountState,
    contest_verification,
    find_account,
)

MAX_PAPERS = 1_000_000  # far above any real box: catches a count keyed with extra digits


class Keying(StrEnum):
    FIRST = "first"
    SECOND = "second"


class BpaSource(StrEnum):
    KEYED = "keyed"  # typed from the paper BPA
    IMPORTED = "imported"  # from an e-poll-book or supplier file
    PHONED = "phoned"  # the BPA is missing and the PO gave the figures by phone


def _contest_or_refuse(view: StateView, contest_id: str) -> dict[str, Any]:
    contest = view.get("contests", (contest_id,))
    if contest is None:
        raise Refused(f"'{contest_id}' is not a contest of this election")
    return contest


def _station_contest_or_refuse(view: StateView, station_id: str, contest_id: str) -> None:
    if view.get("stations", (station_id,)) is None:
        raise Refused(f"station {station_id} is not a polling station of this election")
    _contest_or_refuse(view, contest_id)
    if not view.rows("boxes", station_id=station_id, contest_id=contest_id):
        raise Refused(f"station {station_id} has no box for {contest_id}, so it has no ballot paper account for it")


def _whole_number(name: str, value: int) -> None:
    if value < 0:
        raise Refused(f"{name.replace('_', ' ')} is {value}: a number of papers cannot be negative")
    if value > MAX_PAPERS:
        raise Refused(f"{name.replace('_', ' ')} is {value:,}: far more papers than any box holds; check the figure")


@dataclass(frozen=True, kw_only=True)
class BpaFigures:
    ordinary_received: int
    issued: int
    spoilt: int
    unused: int
    tendered_received: int = 0
    tendered_issued: int = 0
    tendered_spoilt: int = 0
    tendered_unused: int = 0
    tendered_list_entries: int = 0
    postal_accepted: int = 0
    postal_rejected: int = 0
    postal_forms: int = 0


def _figures_of(command: Any) -> dict[str, int]:
    values = {name: getattr(command, name) for name in BPA_FIGURES}
    for name, value in values.items():
        _whole_number(name, value)
    return values


def _bpa_row(ctx: CommandContext, station_id: str, contest_id: str, keying: str, figures: dict[str, int],
             source: str, note: str) -> Put:
    return Put("bpas", {
        "station_id": station_id, "contest_id": contest_id, "keying": keying, **figures,
        "source": source, "note": note, "at": ctx.at.isoformat(), "by": ctx.actor,
    })


@register
@dataclass(frozen=True, kw_only=True)
class RecordBpa(BpaFigures, Command):
    name: ClassVar[str] = "bpa.record"
    summary: ClassVar[str] = "Enter a ballot paper account"
    permission: ClassVar[Permission | None] = Permission.RECEIVE_BOXES

    station_id: str
    contest_id: str
    keying: Keying = Keying.FIRST
    source: BpaSource = BpaSource.KEYED
    note: str = ""

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        _station_contest_or_refuse(view, self.station_id, self.contest_id)
        refuse_if_signed_off(view, self.contest_id)
        figures = _figures_of(self)
        if self.source == BpaSource.PHONED and not self.note.strip():
            raise Refused("say who gave the figures by phone and when (e.g. 'PO J. Moore by phone 23:40')")
        existing = {r["keying"]: r for r in view.rows("bpas", station_id=self.station_id, contest_id=self.contest_id)}
        where = f"station {self.station_id}"
        if "agreed" in existing:
            raise Refused(f"the BPA for {where} was settled by a supervisor; a supervisor corrects it")
        if self.keying in existing:
            earlier = existing[self.keying]
            raise Refused(
                f"the {self.keying.value} keying of the BPA for {where} was done at {uk_time(earlier['at'])} by "
                f"{person_name(view, earlier['by'])}; a supervisor corrects it"
            )
        if self.keying == Keying.SECOND:
            first = existing.get("first")
            if first is None:
                raise Refused(f"the BPA for {where} has not been keyed a first time yet")
            if first["by"] == ctx.actor:
                raise Refused("the second keying must be done by a different person from the first")
        return [_bpa_row(ctx, self.station_id, self.contest_id, self.keying.value, figures, self.source.value,
                         self.note.strip())]


@register
@dataclass(frozen=True, kw_only=True)
class ResolveBpa(BpaFigures, Command):
    name: ClassVar[str] = "bpa.resolve"
    summary: ClassVar[str] = "Settle or correct a ballot paper account"
    permission: ClassVar[Permission | None] = Permission.SUPERVISE_VERIFICATION

    station_id: str
    contest_id: str
    reason: str

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        _station_contest_or_refuse(view, self.station_id, self.contest_id)
        refuse_if_signed_off(view, self.contest_id)
        if not self.reason.strip():
            raise Refused("give the reason for settling or correcting the BPA: it goes on the record")
        if not view.rows("bpas", station_id=self.station_id, contest_id=self.contest_id):
            raise Refused(f"no BPA has been keyed for station {self.station_id} yet: key it first")
        return [_bpa_row(ctx, self.station_id, self.contest_id, "agreed", _figures_of(self), "resolved",
                         self.reason.strip())]


def _contest_to_verifying(view: StateView, contest_id: str) -> list[Change]:
    contest = view.get("contests", (contest_id,))
    if contest is not None and contest["stage"] in (ContestStage.POLL_CLOSED, ContestStage.POLLING):
        return [Patch("contests", (contest_id,), {"stage": ContestStage.VERIFYING.value})]
    return []


@register
@dataclass(frozen=True)
class RecordCount(Command):
    name: ClassVar[str] = "verification.count"
    summary: ClassVar[str] = "Record a count of the papers in a box"
    permission: ClassVar[Permission | None] = Permission.RECORD_VERIFICATION

    box_id: str
    count: int

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        box = box_or_refuse(view, self.box_id)
        receipt_or_refuse(view, self.box_id)
        refuse_if_signed_off(view, box["contest_id"])
        _whole_number("count", self.count)
        if not box["postal"]:
            row = view.get("boxes", (self.box_id,))
            assert row is not None  # box_or_refuse found it
            entrusted = row["ordinary_last"] - row["ordinary_first"] + 1
            if self.count > entrusted:
                raise Refused(
                    f"box {self.box_id}'s station was given {entrusted:,} ordinary papers for it, so {self.count:,} "
                    "cannot be right: count again"
                )
        attempt = view.count("verification_counts", box_id=self.box_id) + 1
        return [
            Put("verification_counts", {
                "box_id": self.box_id, "attempt": attempt, "count": self.count,
                "at": ctx.at.isoformat(), "by": ctx.actor,
            }),
            *_contest_to_verifying(view, box["contest_id"]),
        ]


def _account_with_variance(view: StateView, account_id: str) -> Any:
    account = find_account(view, account_id)
    if account is None:
        raise Refused(f"'{account_id}' is not a ballot paper account of this election")
    refuse_if_signed_off(view, account.contest_id)
    if account.variance is None:
        raise Refused(f"{account.label} has no variance yet: it needs its BPA and a count of every box first")
    if account.variance == 0:
        raise Refused(f"{account.label} matches its BPA: there is no variance to resolve")
    return account


@register
@dataclass(frozen=True)
class ExplainVariance(Command):
    name: ClassVar[str] = "verification.explain"
    summary: ClassVar[str] = "Explain a variance"
    permission: ClassVar[Permission | None] = Permission.SUPERVISE_VERIFICATION

    account_id: str
    reason_code: str
    note: str

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        account = _account_with_variance(view, self.account_id)
        if self.reason_code not in EXPLANATIONS:
            raise Refused(f"'{self.reason_code}' is not an explanation code; use one of: {', '.join(EXPLANATIONS)}")
        if not self.note.strip():
            raise Refused("add a note saying what explains it (e.g. 'PS log entry 14: voter left with paper')")
        return [Put("account_resolutions", {
            "account_id": account.account_id, "kind": AccountState.EXPLAINED.value, "reason_code": self.reason_code,
            "note": self.note.strip(), "variance": account.variance, "group_with": [],
            "at": ctx.at.isoformat(), "by": ctx.actor,
        })]


@register
@dataclass(frozen=True)
class GroupCompensating(Command):
    name: ClassVar[str] = "verification.compensate"
    summary: ClassVar[str] = "Accept compensating variances in one polling place"
    permission: ClassVar[Permission | None] = Permission.SUPERVISE_VERIFICATION

    account_ids: tuple[str, ...]
    note: str

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        if len(set(self.account_ids)) < 2 or len(set(self.account_ids)) != len(self.account_ids):
            raise Refused("a compensating group needs two or more different accounts")
        accounts = [_account_with_variance(view, a) for a in self.account_ids]
        if any(a.station_id is None for a in accounts):
            raise Refused("postal ballot boxes cannot be in a compensating group: only stations of one place can")
        places = {a.place_id for a in accounts}
        contests = {a.contest_id for a in accounts}
        if len(places) != 1 or len(contests) != 1:
            raise Refused("compensating variances must be stations of the same polling place and the same contest")
        net = sum(a.variance for a in accounts)
        if net != 0:
            listed = ", ".join(f"{a.label} {a.variance:+d}" for a in accounts)
            raise Refused(f"these variances do not net to zero ({listed}: net {net:+d}); explain or recount instead")
        if not self.note.strip():
            raise Refused("add a note (e.g. 'voters put papers in the neighbouring station's box')")
        return [
            Put("account_resolutions", {
                "account_id": account.account_id, "kind": AccountState.COMPENSATED.value, "reason_code": "",
                "note": self.note.strip(), "variance": account.variance,
                "group_with": sorted(a.account_id for a in accounts if a is not account),
                "at": ctx.at.isoformat(), "by": ctx.actor,
            })
            for account in accounts
        ]


@register
@dataclass(frozen=True)
class MovePapers(Command):
    name: ClassVar[str] = "verification.move_papers"
    summary: ClassVar[str] = "Record papers of another contest found in a box"
    permission: ClassVar[Permission | None] = Permission.RECORD_VERIFICATION

    box_id: str
    to_contest_id: str
    papers: int
    note: str = ""

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        box = box_or_refuse(view, self.box_id)
        receipt_or_refuse(view, self.box_id)
        _contest_or_refuse(view, self.to_contest_id)
        if box["postal"]:
            raise Refused("papers found in a postal ballot box are dealt with at postal opening, not here")
        if box["contest_id"] == self.to_contest_id:
            raise Refused(f"box {self.box_id} is already a box of {self.to_contest_id}")
        if not view.rows("boxes", station_id=box["station_id"], contest_id=self.to_contest_id):
            raise Refused(f"station {box['station_id']} has no box for {self.to_contest_id}: check the contest")
        if self.papers < 1:
            raise Refused("the number of papers moved must be at least 1")
        _whole_number("papers", self.papers)
        refuse_if_signed_off(view, box["contest_id"])
        refuse_if_signed_off(view, self.to_contest_id)
        return [Put("paper_moves", {
            "box_id": self.box_id, "to_contest_id": self.to_contest_id, "papers": self.papers,
            "note": self.note.strip(), "at": ctx.at.isoformat(), "by": ctx.actor,
        })]


@register
@dataclass(frozen=True)
class SignOffVerification(Command):
    name: ClassVar[str] = "verification.sign_off"
    summary: ClassVar[str] = "Sign off a contest's verification"
    permission: ClassVar[Permission | None] = Permission.SIGN_OFF_VERIFICATION

    contest_id: str

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        contest = _contest_or_refuse(view, self.contest_id)
        refuse_if_signed_off(view, self.contest_id)
        progress = contest_verification(view, self.contest_id)
        open_accounts = [a for a in progress.accounts if not a.verified]
        if open_accounts:
            listed = "; ".join(f"{a.label}: {a.state.value.replace('_', ' ')}" for a in open_accounts[:5])
            more = f" and {len(open_accounts) - 5} more" if len(open_accounts) > 5 else ""
            raise Refused(f"{len(open_accounts)} account(s) are not verified yet ({listed}{more})")
        previous = view.get("contest_verification", (self.contest_id,))
        changes: list[Change] = [Put("contest_verification", {
            "contest_id": self.contest_id, "signed_off": True, "signed_off_by": ctx.actor,
            "signed_off_at": ctx.at.isoformat(), "reopens": previous["reopens"] if previous else 0,
            "last_reopen_reason": previous["last_reopen_reason"] if previous else "",
        })]
        if contest["stage"] in (ContestStage.VERIFYING, ContestStage.POLL_CLOSED):
            changes.append(Patch("contests", (self.contest_id,), {"stage": ContestStage.VERIFIED.value}))
        return changes


@register
@dataclass(frozen=True)
class ReopenVerification(Command):
    name: ClassVar[str] = "verification.reopen"
    summary: ClassVar[str] = "Reopen a signed-off verification"
    permission: ClassVar[Permission | None] = Permission.REOPEN_FIGURES

    contest_id: str
    reason: str

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        contest = _contest_or_refuse(view, self.contest_id)
        signed = view.get("contest_verification", (self.contest_id,))
        if signed is None or not signed["signed_off"]:
            raise Refused(f"verification of {self.contest_id} is not signed off, so there is nothing to reopen")
        if contest["stage"] not in (ContestStage.VERIFIED, ContestStage.VERIFYING):
            raise Refused(f"{contest['name']} has moved on to the count: verification can no longer be reopened")
        if not self.reason.strip():
            raise Refused("give the reason for reopening verification: it goes on the record")
        return [
            Patch("contest_verification", (self.contest_id,), {
                "signed_off": False, "reopens": signed["reopens"] + 1, "last_reopen_reason": self.reason.strip(),
            }),
            Patch("contests", (self.contest_id,), {"stage": ContestStage.VERIFYING.value}),
        ]


@register
@dataclass(frozen=True)
class RegisterPostalBox(Command):
    name: ClassVar[str] = "postal_box.register"
    summary: ClassVar[str] = "Register a sealed postal ballot box and its postal BPA"
    permission: ClassVar[Permission | None] = Permission.POSTAL_OPENING

    box_id: str
    contest_id: str
    session: str
    papers_placed: int

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        _contest_or_refuse(view, self.contest_id)
        refuse_if_signed_off(view, self.contest_id)
        if not self.box_id.strip() or not self.session.strip():
            raise Refused("a postal ballot box needs a box number and the opening session it was filled at")
        if view.get("boxes", (self.box_id,)) is not None or view.get("postal_boxes", (self.box_id,)) is not None:
            raise Refused(f"box number {self.box_id} is already used: give the postal box its own number (e.g. P1)")
        _whole_number("papers placed", self.papers_placed)
        return [Put("postal_boxes", {
            "box_id": self.box_id, "contest_id": self.contest_id, "session": self.session.strip(),
            "papers_placed": self.papers_placed, "state": "expected", "at": ctx.at.isoformat(), "by": ctx.actor,
        })]
