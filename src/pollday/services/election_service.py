"""The one way into an election: every face (TUI, CLI, demo) runs commands through here.

Each command is decided by the pure domain inside one BEGIN IMMEDIATE transaction and
journaled in the same transaction as its changes; refused commands are journaled too.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from pollday.domain.commands import CommandContext
from pollday.domain.commands.election import SETUP_ACTOR
from pollday.domain.election import ElectionDefinition, ElectionMode
from pollday.domain.engine import Decision, Outcome, decide
from pollday.domain.journal import ChainBreak, JournalEntry, find_chain_break, public_form
from pollday.domain.pins import hash_pin, pin_format_problem, verify_pin
from pollday.domain.publication import withheld_because
from pollday.domain.roles import Power, Role
from pollday.services.clock import Clock, SystemClock
from pollday.services.session import Session, default_terminal_name
from pollday.store.database import Store, WriteTransaction
from pollday.store.errors import StoreError


@dataclass(frozen=True)
class Result:
    """What happened to one command: applied or refused, with the reason and journal position."""

    outcome: Outcome
    reason: str
    seq: int

    @property
    def applied(self) -> bool:
        return self.outcome == Outcome.APPLIED


class SignInRefused(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class ReplayDiverged(Exception):
    """Replaying a journal did not reproduce it: the journal or this pollday differs."""


class ElectionService:
    def __init__(
        self,
        store: Store,
        clock: Clock | None = None,
        terminal: str | None = None,
        entropy: Callable[[int], bytes] = os.urandom,
    ) -> None:
        self.store = store
        self.clock = clock or SystemClock()
        self.terminal = terminal or default_terminal_name()
        self._entropy = entropy

    # --- creating and opening --------------------------------------------------------

    @classmethod
    def create(
        cls,
        path: Path,
        definition: ElectionDefinition,
        mode: ElectionMode,
        clock: Clock | None = None,
        terminal: str | None = None,
        entropy: Callable[[int], bytes] = os.urandom,
    ) -> ElectionService:
        """A new database holding this election. On refusal the new file is removed again."""
        store = Store.create(path)
        service = cls(store, clock, terminal, entropy)
        # PIN hashes follow as their own entries, so the definition itself can be published.
        public_users = tuple(replace(u, pin_hash="") for u in definition.users)
        setup = [{"cmd": "election.define", "args": {
            "definition": replace(definition, users=public_users).to_json(), "mode": mode.value}}]
        setup += [{"cmd": "user.set_pin", "args": {"username": u.username, "pin_hash": u.pin_hash}}
                  for u in definition.users if u.pin_hash]
        for command in setup:
            result = service._run(command, actor=SETUP_ACTOR, role=Role.SYSTEM)
            if not result.applied:
                store.close()
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{path}{suffix}").unlink(missing_ok=True)
                raise StoreError(f"the election could not be created: {result.reason}")
        return service

    @classmethod
    def open(cls, path: Path, clock: Clock | None = None, terminal: str | None = None) -> ElectionService:
        return cls(Store.open(path), clock, terminal)

    def close(self) -> None:
        self.store.close()

    # --- running commands ------------------------------------------------------------

    def execute(self, session: Session, command: Any) -> Result:
        """Run one command as the signed-in user. `command` is its JSON form."""
        return self._run(command, actor=session.username, role=session.role)

    def _run(self, raw: Any, actor: str, role: Role | None) -> Result:
        ctx = CommandContext(at=self.clock.now(), actor=actor, role=role, terminal=self.terminal)
        decision, entry = self._commit(raw, ctx)
        return Result(decision.outcome, decision.reason, entry.seq)

    def _commit(self, raw: Any, ctx: CommandContext) -> tuple[Decision, JournalEntry]:
        with self.store.write() as txn:
            return self._decide_and_record(raw, ctx, txn)

    @staticmethod
    def _decide_and_record(raw: Any, ctx: CommandContext, txn: WriteTransaction) -> tuple[Decision, JournalEntry]:
        decision = decide(raw, ctx, txn)
        if decision.applied:
            txn.apply(decision.changes)
        entry = txn.append_journal(
            at=ctx.at.isoformat(),
            actor=ctx.actor,
            role=ctx.role.value if ctx.role else "",
            terminal=ctx.terminal,
            command=decision.command_text,
            outcome=decision.outcome.value,
            reason=decision.reason,
        )
        return decision, entry

    # --- signing in ----------------------------------------------------------------

    def sign_in(self, username: str, pin: str) -> Session:
        """Check the PIN and record the attempt; raise SignInRefused with the reason."""
        username = username.strip()
        user = self.store.view().get("users", (username,))
        role = Role(user["role"]) if user else None
        stored_hash = user["pin_hash"] if user else ""
        if user and stored_hash and not verify_pin(pin, stored_hash):
            # A wrong PIN for a usable account is applied (it moves the lock-out), and refused to the user.
            result = self._run({"cmd": "auth.pin_rejected", "args": {"username": username}}, username, role)
            if result.applied:
                raise SignInRefused("wrong PIN: try again (repeated wrong PINs lock the account for a while)")
            raise SignInRefused(result.reason)
        result = self._run({"cmd": "auth.sign_in", "args": {"username": username}}, username, role)
        if not result.applied:
            raise SignInRefused(result.reason)
        return self.session_for(username)

    def sign_out(self, session: Session) -> Result:
        return self._run({"cmd": "auth.sign_out", "args": {"username": session.username}}, session.username,
                         session.role)

    # --- desks ---------------------------------------------------------------------------

    def open_desk(self, session: Session, desk_key: str, take_over: bool = False) -> Result:
        """Hold a desk at this terminal; refused while the same person has it open on another one."""
        return self.execute(session, {"cmd": "desk.open", "args": {"desk": desk_key, "take_over": take_over}})

    def close_desk(self, session: Session, desk_key: str) -> Result:
        return self.execute(session, {"cmd": "desk.close", "args": {"desk": desk_key}})

    def desk_session(self, username: str, desk_key: str) -> dict[str, Any] | None:
        """Where and since when this person holds a desk (None if never opened)."""
        return self.store.view().get("desk_sessions", (username, desk_key))

    def session_for(self, username: str) -> Session:
        """The session of an account, without a PIN check: for the demo and for tests."""
        user = self.store.view().get("users", (username,))
        if user is None:
            raise SignInRefused(f"there is no user named '{username}'")
        return Session(
            username=user["username"],
            full_name=user["full_name"],
            role=Role(user["role"]),
            powers=frozenset(Power(p) for p in user["powers"]),
            terminal=self.terminal,
        )

    def pin_hash_for(self, pin: str) -> str:
        """Hash a new PIN with fresh salt; raise ValueError if the PIN is unusable."""
        problem = pin_format_problem(pin)
        if problem:
            raise ValueError(problem)
        return hash_pin(pin, self._entropy(16))

    # --- the journal -------------------------------------------------------------------

    def verify_journal(self) -> ChainBreak | None:
        return find_chain_break(self.store.journal_entries(), head=self.store.journal_head())

    def export_journal(self) -> Iterator[dict[str, Any]]:
        for entry in self.store.journal_entries():
            yield entry.to_json()

    def export_public_journal(self) -> Iterator[dict[str, Any]]:
        """The journal as it may be published: verifiable, without personal data or undeclared figures."""
        declared = {row["contest_id"] for row in self.store.view().rows("declarations")}
        for entry in self.store.journal_entries():
            yield public_form(entry, withheld_because(entry.command, declared))

    @classmethod
    def replay(cls, entries: Iterable[JournalEntry], path: Path) -> ElectionService:
        """Rebuild an election in a new database by re-deciding every journaled command.

        Each entry must be decided the same way and hash the same as in the original, so
        a successful replay proves the journal and the state agree.
        """
        store = Store.create(path)
        service = cls(store, terminal="replay")
        try:
            # One transaction: a replay is all or nothing, and far faster than a commit per entry.
            with store.write() as txn:
                previous = None
                for entry in entries:
                    if previous is None and entry.seq != 1:
                        raise ReplayDiverged(f"the journal starts at entry {entry.seq}, not 1: it is incomplete")
                    service._replay_one(entry, txn)
                    previous = entry
        except BaseException:
            store.close()
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            raise
        return service

    def _replay_one(self, entry: JournalEntry, txn: WriteTransaction) -> None:
        try:
            raw = json.loads(entry.command)
            ctx = CommandContext(
                at=datetime.fromisoformat(entry.at),
                actor=entry.actor,
                role=Role(entry.role) if entry.role else None,
                terminal=entry.terminal,
            )
        except ValueError as error:
            raise ReplayDiverged(f"journal entry {entry.seq} cannot be read: {error}") from None
        decision, replayed = self._decide_and_record(raw, ctx, txn)
        if decision.outcome.value != entry.outcome or decision.reason != entry.reason:
            raise ReplayDiverged(
                f"journal entry {entry.seq} was {entry.outcome} ({entry.reason or 'no reason'}) "
                f"but replays as {decision.outcome.value} ({decision.reason or 'no reason'})"
            )
        if replayed.hash != entry.hash:
            raise ReplayDiverged(f"journal entry {entry.seq} replays with a different hash: it was altered")

    # --- reading -------------------------------------------------------------------

    def digest(self) -> str:
        return self.store.digest()

    def election(self) -> dict[str, Any]:
        rows = self.store.view().rows("election")
        if not rows:
            raise StoreError(f"{self.store.path} holds no election yet")
        return rows[0]

    def is_rehearsal(self) -> bool:
        return self.election()["mode"] == ElectionMode.REHEARSAL
