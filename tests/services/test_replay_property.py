"""Random command sequences: SQLite agrees with the in-memory model, replay reproduces
every journal entry and the digest, and refused commands change nothing."""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pollday.domain.commands import CommandContext
from pollday.domain.commands.election import SETUP_ACTOR
from pollday.domain.election import ElectionMode
from pollday.domain.engine import decide
from pollday.domain.journal import JournalEntry
from pollday.domain.roles import Power, Role
from pollday.domain.state import MemoryState, state_digest
from pollday.services.clock import ManualClock
from pollday.services.election_service import ElectionService
from tests.factories import POLL_OPENS, SETUP_ENTRIES, TEST_USERS, pin_hash_for_tests, small_election

NEW_PIN_HASH = pin_hash_for_tests("2468")
names = st.sampled_from([*TEST_USERS, "newcomer", "ghost"])
roles = st.sampled_from([r.value for r in Role])
powers = st.lists(st.sampled_from([p.value for p in Power]), max_size=2, unique=True)


def cmd(name: str, **args: Any) -> dict[str, Any]:
    return {"cmd": name, "args": args}


commands = st.one_of(
    st.just(cmd("poll.open")),
    st.just(cmd("poll.close")),
    st.builds(lambda u, r, p: cmd("user.add", username=u, full_name=f"Person {u}", role=r, powers=p),
              names, roles, powers),
    st.builds(lambda u: cmd("user.set_pin", username=u, pin_hash=NEW_PIN_HASH), names),
    st.builds(lambda u, r, p: cmd("user.change_role", username=u, role=r, powers=p), names, roles, powers),
    st.builds(lambda u: cmd("user.deactivate", username=u, reason="went home ill"), names),
    st.builds(lambda u: cmd("user.reactivate", username=u), names),
    st.builds(lambda u: cmd("auth.sign_in", username=u), names),
    st.builds(lambda u: cmd("auth.pin_rejected", username=u), names),
    st.sampled_from(["not json at all", {"cmd": "ballot.stuff", "args": {}}, cmd("user.add", username=3),
                     {"cmd": "poll.open"}]),
)
steps = st.lists(st.tuples(names, commands, st.integers(min_value=1, max_value=900)), max_size=30)


def role_of(view: Any, actor: str) -> Role | None:
    user = view.get("users", (actor,))
    return Role(user["role"]) if user else None


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=steps)
def test_random_sequences_agree_replay_and_refusals_change_nothing(steps: list[tuple[str, Any, int]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        clock = ManualClock(POLL_OPENS)
        definition = small_election()
        service = ElectionService.create(Path(folder) / "a.db", definition, ElectionMode.OFFICIAL, clock=clock,
                                         terminal="t1")
        memory = MemoryState()
        define = cmd("election.define", definition=definition.to_json(), mode="official")
        memory.apply(decide(define, CommandContext(POLL_OPENS, SETUP_ACTOR, Role.SYSTEM, "t1"), memory).changes)

        for actor, raw, seconds in steps:
            clock.advance(timedelta(seconds=seconds))
            role = role_of(memory, actor)
            assert role == role_of(service.store.view(), actor)
            digest_before = service.digest()
            result = service._run(raw, actor, role)
            decision = decide(raw, CommandContext(clock.now(), actor, role, "t1"), memory)
            assert (result.outcome, result.reason) == (decision.outcome, decision.reason)
            if decision.applied:
                memory.apply(decision.changes)
            else:
                assert service.digest() == digest_before

        assert service.digest() == state_digest(memory.all_rows())
        assert service.verify_journal() is None
        exported = [JournalEntry.from_json(e) for e in service.export_journal()]
        replayed = ElectionService.replay(exported, Path(folder) / "b.db")
        assert replayed.digest() == service.digest()
        assert [e.hash for e in replayed.store.journal_entries()] == [e.hash for e in exported]
        assert len(exported) == len(steps) + SETUP_ENTRIES
        service.close()
        replayed.close()
