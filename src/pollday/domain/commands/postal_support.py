"""What the postal commands share: states, lookups that refuse plainly, and a change overlay."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from pollday.domain.commands.base import CommandContext, Refused
from pollday.domain.commands.election import the_election
from pollday.domain.commands.reception import person_name
from pollday.domain.postal import ballot_number_problem, normalise_ballot_number
from pollday.domain.record_spec import RecordError
from pollday.domain.state import Change, Key, Put, StateView, spec_of
from pollday.domain.timefmt import UK, uk_time


class PaperState(StrEnum):
    ISSUED = "issued"
    HELD = "held"  # received, set aside until its PVS (or the RO's decision on it) is known
    PLACED = "placed"  # in a postal ballot box
    ATTACHED = "attached"  # kept with its rejected PVS
    RETRIEVED = "retrieved"  # taken out of a postal ballot box after a re-check rejected its PVS


class Decision(StrEnum):
    """Where a returned pack stands (reference §9.2, postal covering envelope)."""

    AWAITING_PVS = "awaiting_pvs"  # a ballot paper came back without its PVS
    AWAITING_ADJUDICATION = "awaiting_adjudication"  # a proposed rejection or a referral, for the RO
    ACCEPTED = "accepted"
    REJECTED = "rejected"  # on identifiers: the third list
    REJECTED_AT_HAND_IN = "rejected_at_hand_in"  # the fourth list


class BoxState(StrEnum):
    OPEN = "open"
    SEALED = "sealed"
    WITHDRAWN = "withdrawn"  # sealed empty: it never held a paper, so verification has nothing to count


class IssueType(StrEnum):
    ORIGINAL = "original"  # reg 72
    REPLACEMENT_SPOILT = "replacement_spoilt"  # reg 77
    REPLACEMENT_LOST = "replacement_lost"  # reg 78


class EnvelopeSource(StrEnum):
    POST = "post"
    COUNCIL_OFFICE = "council_office"  # handed in to the RO's staff
    POLLING_STATION = "polling_station"  # handed in at a station and delivered with its packets
    FOUND_IN_BALLOT_BOX = "found_in_ballot_box"  # posted in a polling station box by mistake


def uk_date(ctx: CommandContext) -> date:
    return ctx.at.astimezone(UK).date()


def poll_date(view: StateView) -> date:
    return date.fromisoformat(the_election(view)["poll_date"])


def ballot_number_or_refuse(text: str) -> str:
    number = normalise_ballot_number(text)
    problem = ballot_number_problem(number)
    if problem:
        raise Refused(problem)
    return number


def open_session_or_refuse(view: StateView, session_id: str) -> dict[str, Any]:
    session = view.get("postal_sessions", (session_id,))
    if session is None:
        raise Refused(f"there is no opening session '{session_id}': open it first (postal.open_session)")
    if session["closed_at"] is not None:
        raise Refused(f"{session['name']} closed at {uk_time(session['closed_at'])}: use the session now open")
    return session


def paper_or_refuse(view: StateView, number: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the paper, its pack) for a scanned number; refused if unknown, cancelled or undelivered."""
    paper = view.get("postal_papers", (number,))
    if paper is None:
        raise Refused(f"ballot paper {number} is not on the postal voters list: check the number, and if it is "
                      "right set the documents aside for the RO")
    pack = view.get("postal_packs", (paper["pvs_number"],))
    assert pack is not None  # every paper is imported with its pack
    if pack["cancelled"]:
        raise Refused(f"ballot paper {number} was cancelled (a replacement was issued or the pack was cancelled): "
                      "do not open it; put it with the cancelled papers")
    if pack["undelivered_at"] is not None:
        raise Refused(f"the pack with ballot paper {number} came back undelivered at "
                      f"{uk_time(pack['undelivered_at'], with_date=True)}: set it aside for the RO")
    return paper, pack


def contest_name(view: StateView, contest_id: str) -> str:
    contest = view.get("contests", (contest_id,))
    return contest["name"] if contest else contest_id


def session_label(view: StateView, session_id: str | None) -> str:
    session = view.get("postal_sessions", (session_id,)) if session_id else None
    return f"{session['name']} ({session_id})" if session else f"session {session_id}"


def checked_by_text(view: StateView, session_id: str | None, at: str | None, by: str | None) -> str:
    return f"in {session_label(view, session_id)} at {uk_time(at)} by {person_name(view, by or '')}"


class Overlay:
    """A StateView with one command's own changes on top of the state.

    A batch of PVS checks is one command, and each item must see what the items before
    it did (a box's running count, a paper already received). Rows are kept whole, so
    the command's changes come out as one Put per row touched, in the order touched.
    Row order from `rows` is unspecified, as in every StateView: sort where it matters.
    """

    def __init__(self, base: StateView) -> None:
        self._base = base
        self._rows: dict[str, dict[Key, dict[str, Any]]] = {}
        self._touched: list[tuple[str, Key]] = []

    def get(self, table: str, key: Key) -> dict[str, Any] | None:
        mine = self._rows.get(table, {})
        if tuple(key) in mine:
            return dict(mine[tuple(key)])
        return self._base.get(table, key)

    def rows(self, table: str, **where: Any) -> list[dict[str, Any]]:
        spec = spec_of(table)
        mine = self._rows.get(table, {})
        base = [r for r in self._base.rows(table, **where) if spec.key_of(r) not in mine]
        return base + [dict(r) for r in mine.values() if all(r[k] == v for k, v in where.items())]

    def count(self, table: str, **where: Any) -> int:
        if table not in self._rows:
            return self._base.count(table, **where)
        return len(self.rows(table, **where))

    def put(self, table: str, row: dict[str, Any]) -> None:
        key = spec_of(table).key_of(row)
        self._remember(table, key)
        self._rows.setdefault(table, {})[key] = dict(row)

    def patch(self, table: str, key: Key, values: dict[str, Any]) -> None:
        current = self.get(table, key)
        if current is None:
            raise RecordError(f"{table}: no row {tuple(key)} to change")
        self.put(table, {**current, **values})

    def _remember(self, table: str, key: Key) -> None:
        if key not in self._rows.get(table, {}):
            self._touched.append((table, key))

    def changes(self) -> list[Change]:
        return [Put(table, self._rows[table][key]) for table, key in self._touched]
