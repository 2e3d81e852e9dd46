"""Running commands against the in-memory reference state."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from pollday.domain.commands import CommandContext
from pollday.domain.commands.election import SETUP_ACTOR
from pollday.domain.election import ElectionDefinition, ElectionMode
from pollday.domain.engine import Decision, decide
from pollday.domain.roles import Role
from pollday.domain.state import MemoryState
from tests.factories import POLL_OPENS, small_election


class Harness:
    def __init__(
        self, definition: ElectionDefinition | None = None, start: datetime = POLL_OPENS, define: bool = True
    ) -> None:
        self.state = MemoryState()
        self.now = start
        if define:
            self.run_as(SETUP_ACTOR, {"cmd": "election.define", "args": {
                "definition": (definition or small_election()).to_json(), "mode": ElectionMode.OFFICIAL.value}},
                role=Role.SYSTEM)

    def run_as(self, actor: str, raw: Any, role: Role | None = None, terminal: str = "t1") -> Decision:
        if role is None:
            user = self.state.get("users", (actor,))
            role = Role(user["role"]) if user else None
        self.now += timedelta(seconds=1)
        decision = decide(raw, CommandContext(self.now, actor, role, terminal), self.state)
        if decision.applied:
            self.state.apply(decision.changes)
        return decision
