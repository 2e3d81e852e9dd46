"""The absent voters list: importing it, packs that came back undelivered or late, and purging it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from pollday.domain.commands.base import Command, CommandContext, Refused, active_user, register
from pollday.domain.commands.election import the_election
from pollday.domain.commands.postal_support import (
    IssueType,
    ballot_number_or_refuse,
    checked_by_text,
    paper_or_refuse,
    poll_date,
    uk_date,
)
from pollday.domain.postal import retention_ends
from pollday.domain.roles import Permission, Role
from pollday.domain.stages import PollState
from pollday.domain.state import Change, Patch, Put, StateView
from pollday.domain.timefmt import uk_time

MAX_LATE_ENVELOPES = 1_000_000
_TEXT_FIELDS = ("elector_number", "name", "address")
_OPTIONAL_TEXT = ("date_of_birth", "proxy_name", "proxy_address", "proxy_elector_number")
_VOTER_KEYS = {*_TEXT_FIELDS, *_OPTIONAL_TEXT, "signature_waiver", "packs"}


@dataclass(frozen=True)
class _Pack:
    pvs_number: str
    papers: tuple[tuple[str, str], ...]  # (contest_id, ballot paper number), as listed on the PVS
    issue_type: IssueType
    cancelled: bool


@dataclass(frozen=True)
class _Voter:
    row: dict[str, Any]
    packs: tuple[_Pack, ...]


def _text(record: dict[str, Any], key: str, where: str, required: bool) -> str:
    value = record.get(key, "")
    if not isinstance(value, str):
        raise Refused(f"{where}: '{key}' must be text, not {value!r}")
    if required and not value.strip():
        raise Refused(f"{where}: '{key}' is empty")
    return value.strip()


def _read_voter(index: int, record: Any, contests: set[str]) -> _Voter:
    if not isinstance(record, dict):
        raise Refused(f"voter {index}: expected an object with the voter's details")
    where = f"voter {index}"
    unknown = set(record) - _VOTER_KEYS
    if unknown:
        raise Refused(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    row: dict[str, Any] = {key: _text(record, key, where, required=True) for key in _TEXT_FIELDS}
    where = f"voter {index} ({row['elector_number']})"
    row.update({key: _text(record, key, where, required=False) for key in _OPTIONAL_TEXT})
    if row["date_of_birth"]:
        try:
            date.fromisoformat(row["date_of_birth"])
        except ValueError:
            raise Refused(f"{where}: date_of_birth '{row['date_of_birth']}' is not a date (YYYY-MM-DD)") from None
    row["date_of_birth"] = row["date_of_birth"] or None
    if bool(row["proxy_name"]) != bool(row["proxy_address"]):
        raise Refused(f"{where}: a proxy needs both a name and an address")
    waiver = record.get("signature_waiver", False)
    if not isinstance(waiver, bool):
        raise Refused(f"{where}: signature_waiver must be true or false")
    row["signature_waiver"] = waiver
    packs = record.get("packs")
    if not isinstance(packs, list) or not packs:
        raise Refused(f"{where}: list at least one postal ballot pack issued")
    return _Voter(row, tuple(_read_pack(where, pack, contests) for pack in packs))


def _read_pack(where: str, pack: Any, contests: set[str]) -> _Pack:
    if not isinstance(pack, dict) or set(pack) - {"papers", "issue_type", "cancelled"}:
        raise Refused(f"{where}: a pack is an object with papers, issue_type and cancelled")
    try:
        issue_type = IssueType(pack.get("issue_type", ""))
    except ValueError:
        raise Refused(f"{where}: issue_type {pack.get('issue_type')!r} is not one of: "
                      f"{', '.join(t.value for t in IssueType)}") from None
    cancelled = pack.get("cancelled", False)
    papers = pack.get("papers")
    if not isinstance(cancelled, bool) or not isinstance(papers, list) or not papers:
        raise Refused(f"{where}: a pack needs its ballot papers and a true/false 'cancelled'")
    listed: list[tuple[str, str]] = []
    for paper in papers:
        if not isinstance(paper, dict) or set(paper) != {"contest_id", "number"}:
            raise Refused(f"{where}: a ballot paper is an object with contest_id and number")
        if paper["contest_id"] not in contests:
            raise Refused(f"{where}: '{paper['contest_id']}' is not a contest of this election")
        if not isinstance(paper["number"], str):
            raise Refused(f"{where}: ballot paper numbers are text")
        listed.append((paper["contest_id"], ballot_number_or_refuse(paper["number"])))
    if len({c for c, _ in listed}) != len(listed):
        raise Refused(f"{where}: a pack holds one ballot paper per contest")
    return _Pack(listed[0][1], tuple(listed), issue_type, cancelled)


def refuse_if_purged(view: StateView) -> None:
    purge = view.get("postal_purges", ("personal_data",))
    if purge is not None:
        raise Refused(f"the postal voters' personal data was purged on {uk_time(purge['at'], with_date=True)}: "
                      "the absent voters list can no longer be changed")


@register
@dataclass(frozen=True)
class ImportVoters(Command):
    name: ClassVar[str] = "postal.import_voters"
    summary: ClassVar[str] = "Import postal voters and the packs issued to them"
    permission: ClassVar[Permission | None] = Permission.RUN_ELECTION

    voters: tuple[dict[str, Any], ...]

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        refuse_if_purged(view)
        if not self.voters:
            raise Refused("there are no voters in this import")
        contests = {c["contest_id"] for c in view.rows("contests")}
        voters = [_read_voter(i, record, contests) for i, record in enumerate(self.voters, start=1)]
        seen_electors: set[str] = set()
        seen_numbers: dict[str, str] = {}
        changes: list[Change] = []
        for voter in voters:
            elector = voter.row["elector_number"]
            if elector in seen_electors:
                raise Refused(f"elector {elector} appears twice in this import: list all their packs under one entry")
            seen_electors.add(elector)
            changes.append(Put("postal_voters", {
                **voter.row, "purged": False, "imported_at": ctx.at.isoformat(), "imported_by": ctx.actor,
            }))
            for pack in voter.packs:
                for _contest, number in pack.papers:
                    if number in seen_numbers:
                        raise Refused(f"ballot paper {number} is listed for both {seen_numbers[number]} and "
                                      f"{elector}: each paper is issued once")
                    seen_numbers[number] = elector
                changes += _pack_changes(view, elector, pack)
        return changes


def _pack_changes(view: StateView, elector: str, pack: _Pack) -> list[Change]:
    existing = view.get("postal_packs", (pack.pvs_number,))
    papers = [{"contest_id": contest, "number": number} for contest, number in pack.papers]
    if existing is None:
        for _contest, number in pack.papers:
            other = view.get("postal_papers", (number,))
            if other is not None:
                raise Refused(f"ballot paper {number} was already imported in the pack of PVS {other['pvs_number']}: "
                              "each paper is issued once")
        return [
            Put("postal_packs", {
                "pvs_number": pack.pvs_number, "elector_number": elector, "papers": papers,
                "issue_type": pack.issue_type.value, "cancelled": pack.cancelled, "undelivered_at": None,
                "undelivered_by": None, "undelivered_note": "",
            }),
            *(Put("postal_papers", {"number": number, "pvs_number": pack.pvs_number, "contest_id": contest,
                                    "state": "issued", "box_id": None, "session_id": None, "at": None})
              for contest, number in pack.papers),
        ]
    what = f"the pack of PVS {pack.pvs_number}"
    if existing["elector_number"] != elector:
        raise Refused(f"ballot paper {pack.pvs_number} was imported for {existing['elector_number']}, not {elector}: "
                      "each paper is issued once")
    if existing["papers"] != papers:
        raise Refused(f"{what} was imported with other papers: a pack cannot change; cancel it and list the "
                      "replacement")
    if existing["issue_type"] != pack.issue_type:
        raise Refused(f"{what} was imported as {existing['issue_type']}; its issue type cannot change")
    if existing["cancelled"] and not pack.cancelled:
        raise Refused(f"{what} was cancelled: a cancelled pack cannot be reinstated; issue a replacement")
    if pack.cancelled and not existing["cancelled"]:
        returned = view.get("postal_returns", (pack.pvs_number,))
        if returned is not None:
            when = checked_by_text(view, returned["session_id"], returned["at"], returned["by"])
            raise Refused(f"{what} has already come back ({when}): it cannot be cancelled now")
        return [Patch("postal_packs", (pack.pvs_number,), {"cancelled": True})]
    return []


@register
@dataclass(frozen=True)
class RecordUndelivered(Command):
    name: ClassVar[str] = "postal.record_undelivered"
    summary: ClassVar[str] = "Record a postal pack returned undelivered"
    permission: ClassVar[Permission | None] = Permission.POSTAL_OPENING

    ballot_number: str
    note: str = ""

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        number = ballot_number_or_refuse(self.ballot_number)
        _paper, pack = paper_or_refuse(view, number)
        returned = view.get("postal_returns", (pack["pvs_number"],))
        if returned is not None:
            raise Refused(f"the pack of ballot paper {number} came back from the voter "
                          f"{checked_by_text(view, returned['session_id'], returned['at'], returned['by'])}: "
                          "it was delivered")
        return [Patch("postal_packs", (pack["pvs_number"],), {
            "undelivered_at": ctx.at.isoformat(), "undelivered_by": ctx.actor, "undelivered_note": self.note.strip(),
        })]


@register
@dataclass(frozen=True)
class RecordLateReturns(Command):
    name: ClassVar[str] = "postal.record_late"
    summary: ClassVar[str] = "Record covering envelopes received after the close of poll"
    permission: ClassVar[Permission | None] = Permission.POSTAL_OPENING

    contest_id: str
    envelopes: int
    note: str = ""

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        if the_election(view)["poll_state"] != PollState.CLOSED:
            raise Refused("the poll has not closed: envelopes arriving now are opened at a session as usual")
        if view.get("contests", (self.contest_id,)) is None:
            raise Refused(f"'{self.contest_id}' is not a contest of this election")
        if not 1 <= self.envelopes <= MAX_LATE_ENVELOPES:
            raise Refused(f"{self.envelopes} is not a number of envelopes: count them again")
        number = view.count("postal_late_returns", contest_id=self.contest_id) + 1
        return [Put("postal_late_returns", {
            "contest_id": self.contest_id, "number": number, "envelopes": self.envelopes, "note": self.note.strip(),
            "at": ctx.at.isoformat(), "by": ctx.actor,
        })]


@register
@dataclass(frozen=True)
class PurgePersonalData(Command):
    name: ClassVar[str] = "postal.purge_personal_data"
    summary: ClassVar[str] = "Purge postal voters' names, addresses and dates of birth"
    permission: ClassVar[Permission | None] = None  # the Returning Officer only: see authorize

    force_before_retention: bool = False
    reason: str = ""

    def authorize(self, ctx: CommandContext, view: StateView) -> None:
        user = active_user(view, ctx.actor)
        if user["role"] != Role.RETURNING_OFFICER:
            raise Refused(f"{user['full_name']} may not purge postal voters' personal data: only the Returning "
                          "Officer may, as the person responsible for the election documents")

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        refuse_if_purged(view)
        poll = poll_date(view)
        today = uk_date(ctx)
        keep_until = retention_ends(poll)
        if today <= poll:
            raise Refused("the poll has not finished: postal votes are still being processed")
        if today < keep_until and not self.force_before_retention:
            raise Refused(f"election documents are kept until {keep_until:%d %B %Y} (one year after the poll): "
                          "purge after that, or force it with the reason (e.g. a court or ERO instruction)")
        if self.force_before_retention and not self.reason.strip():
            raise Refused("give the reason for purging before the end of the retention period: it is journaled")
        open_sessions = [s["name"] for s in view.rows("postal_sessions") if s["closed_at"] is None]
        if open_sessions:
            raise Refused(f"{', '.join(sorted(open_sessions))} is still open: close it first")
        voters = view.rows("postal_voters")
        changes: list[Change] = [
            Patch("postal_voters", (v["elector_number"],), {
                "name": "", "address": "", "date_of_birth": None, "proxy_name": "", "proxy_address": "",
                "purged": True,
            })
            for v in voters
        ]
        changes += [Patch("postal_returns", (r["pvs_number"],), {"dob_written": None})
                    for r in view.rows("postal_returns") if r["dob_written"] is not None]
        changes += [Patch("postal_hand_ins", (h["reference"],), {"person_name": "", "person_address": ""})
                    for h in view.rows("postal_hand_ins") if h["person_name"] or h["person_address"]]
        changes.append(Put("postal_purges", {
            "purge": "personal_data", "forced": self.force_before_retention and today < keep_until,
            "reason": self.reason.strip(), "voters": len(voters), "at": ctx.at.isoformat(), "by": ctx.actor,
        }))
        return changes
