"""Deciding a command: parse, authorize, check the rules, produce changes. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pollday.domain.canonical import canonical_json
from pollday.domain.commands import Command, CommandContext, Refused, parse_command
from pollday.domain.records import RecordError
from pollday.domain.state import Change, StateView


class Outcome(StrEnum):
    APPLIED = "applied"
    REFUSED = "refused"


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    reason: str
    command_text: str  # canonical JSON as journaled
    changes: tuple[Change, ...]
    command: Command | None

    @property
    def applied(self) -> bool:
        return self.outcome == Outcome.APPLIED


def command_text(raw: Any) -> str:
    """The journaled form: canonical JSON of a parsed command, else of whatever arrived."""
    try:
        return canonical_json(parse_command(raw).to_json())
    except Refused:
        try:
            return canonical_json(raw)
        except (TypeError, ValueError):
            return canonical_json({"unreadable": repr(raw)[:500]})


def decide(raw: Any, ctx: CommandContext, view: StateView) -> Decision:
    text = command_text(raw)
    command: Command | None = None
    try:
        command = parse_command(raw)
        if command.needs_election and not view.rows("election"):
            raise Refused("no election is defined in this database yet: run 'pollday init' first")
        command.authorize(ctx, view)
        changes = tuple(command.decide(ctx, view))
    except Refused as refusal:
        return Decision(Outcome.REFUSED, refusal.reason, text, (), command)
    except RecordError as bug:
        # A command built a row its table cannot hold: refuse rather than store bad data.
        return Decision(Outcome.REFUSED, f"internal check failed, nothing was saved ({bug})", text, (), command)
    return Decision(Outcome.APPLIED, "", text, changes, command)
