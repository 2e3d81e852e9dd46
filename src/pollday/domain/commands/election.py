"""Creating the election and opening and closing the poll."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from pollday.domain.commands.base import Command, CommandContext, Refused, register
from pollday.domain.election import ElectionDefinition, ElectionMode, validate_definition
from pollday.domain.roles import Permission, Role
from pollday.domain.stages import BoxState, ContestStage, PollState
from pollday.domain.state import Change, Patch, Put, StateView
from pollday.domain.timefmt import uk_time

SETUP_ACTOR = "pollday-init"


def the_election(view: StateView) -> dict[str, Any]:
    rows = view.rows("election")
    if not rows:
        raise Refused("no election is defined in this database yet: run 'pollday init' first")
    return rows[0]


@register
@dataclass(frozen=True)
class DefineElection(Command):
    name: ClassVar[str] = "election.define"
    summary: ClassVar[str] = "Define the election"
    permission: ClassVar[Permission | None] = None
    needs_election: ClassVar[bool] = False

    definition: dict[str, Any]
    mode: ElectionMode

    def authorize(self, ctx: CommandContext, view: StateView) -> None:
        if ctx.role != Role.SYSTEM or ctx.actor != SETUP_ACTOR:
            raise Refused("an election is defined only by 'pollday init' when the database is created")

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        existing = view.rows("election")
        if existing:
            raise Refused(f"this database already holds election '{existing[0]['election_id']}'")
        try:
            definition = ElectionDefinition.from_json(self.definition)
        except (KeyError, TypeError, ValueError) as error:
            raise Refused(f"the election definition is malformed ({type(error).__name__}: {error})") from None
        problems = validate_definition(definition)
        if problems:
            listed = "; ".join(str(p) for p in problems[:10])
            more = f" (and {len(problems) - 10} more)" if len(problems) > 10 else ""
            raise Refused(f"the election definition has {len(problems)} problem(s): {listed}{more}")
        return definition_rows(definition, self.mode, ctx)


def definition_rows(definition: ElectionDefinition, mode: ElectionMode, ctx: CommandContext) -> list[Change]:
    changes: list[Change] = [
        Put("election", {
            "election_id": definition.election_id,
            "name": definition.name,
            "poll_date": definition.poll_date.isoformat(),
            "authority": definition.authority,
            "mode": mode.value,
            "officers": [
                {"name": o.name, "title": o.title, "powers": [p.value for p in o.powers]} for o in definition.officers
            ],
            "defined_at": ctx.at.isoformat(),
            "poll_state": PollState.NOT_OPEN.value,
            "poll_opened_at": None,
            "poll_closed_at": None,
        })
    ]
    for position, contest in enumerate(definition.contests, start=1):
        changes.append(Put("contests", {
            "contest_id": contest.contest_id,
            "position": position,
            "name": contest.name,
            "kind": contest.kind.value,
            "seats": contest.seats,
            "electorate": contest.electorate,
            "stage": ContestStage.SETUP.value,
        }))
        for cand in contest.candidates:
            changes.append(Put("candidates", {
                "candidate_id": cand.candidate_id,
                "contest_id": contest.contest_id,
                "ballot_order": cand.ballot_order,
                "surname": cand.surname,
                "forenames": cand.forenames,
                "description": cand.description,
                "commonly_used_surname": cand.commonly_used_surname,
                "commonly_used_forenames": cand.commonly_used_forenames,
            }))
    for station in definition.stations:
        changes.append(Put("stations", {
            "station_id": station.station_id,
            "name": station.name,
            "district_code": station.district_code,
            "place_id": station.place_id,
            "place_name": station.place_name,
            "place_address": station.place_address,
            "electorate": station.electorate,
            "presiding_officer": station.presiding_officer,
            "presiding_officer_phone": station.presiding_officer_phone,
        }))
    for box in definition.boxes:
        changes.append(Put("boxes", {
            "box_id": box.box_id,
            "station_id": box.station_id,
            "contest_id": box.contest_id,
            "seals": list(box.seals),
            "ordinary_first": box.ordinary_papers.first,
            "ordinary_last": box.ordinary_papers.last,
            "tendered_first": box.tendered_papers.first if box.tendered_papers else None,
            "tendered_last": box.tendered_papers.last if box.tendered_papers else None,
            "expected_arrival": box.expected_arrival.isoformat(),
            "state": BoxState.EXPECTED.value,
        }))
    for user in definition.users:
        changes.append(Put("users", {
            "username": user.username,
            "full_name": user.full_name,
            "role": user.role.value,
            "powers": [p.value for p in user.powers],
            "active": True,
            "pin_hash": user.pin_hash,
            "failed_pins": 0,
            "locked_until": None,
            "last_sign_in_at": None,
        }))
    return changes


def _set_stage_for_all(view: StateView, stage: ContestStage) -> list[Change]:
    return [Patch("contests", (c["contest_id"],), {"stage": stage.value}) for c in view.rows("contests")]


@register
@dataclass(frozen=True)
class OpenPoll(Command):
    name: ClassVar[str] = "poll.open"
    summary: ClassVar[str] = "Open the poll"
    permission: ClassVar[Permission | None] = Permission.RUN_ELECTION

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        election = the_election(view)
        if election["poll_state"] != PollState.NOT_OPEN:
            raise Refused(f"the poll was already opened at {uk_time(election['poll_opened_at'])}")
        return [
            Patch("election", (election["election_id"],), {
                "poll_state": PollState.OPEN.value, "poll_opened_at": ctx.at.isoformat(),
            }),
            *_set_stage_for_all(view, ContestStage.POLLING),
        ]


@register
@dataclass(frozen=True)
class ClosePoll(Command):
    name: ClassVar[str] = "poll.close"
    summary: ClassVar[str] = "Close the poll"
    permission: ClassVar[Permission | None] = Permission.RUN_ELECTION

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        election = the_election(view)
        if election["poll_state"] == PollState.NOT_OPEN:
            raise Refused("the poll has not been opened yet: open it before closing it")
        if election["poll_state"] == PollState.CLOSED:
            raise Refused(f"the poll was already closed at {uk_time(election['poll_closed_at'])}")
        return [
            Patch("election", (election["election_id"],), {
                "poll_state": PollState.CLOSED.value, "poll_closed_at": ctx.at.isoformat(),
            }),
            *_set_stage_for_all(view, ContestStage.POLL_CLOSED),
        ]

