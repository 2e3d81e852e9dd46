"""What the TUI reads from an election, as small immutable read models.

Every function here may block on the store's lock (another thread or process may be in
the middle of a write), so screens call them from thread workers, never from a message
handler. They use only the services' public API.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pollday.domain.roles import ROLE_LABELS, Role
from pollday.domain.stages import PollState
from pollday.domain.timefmt import uk_time
from pollday.services.election_service import ElectionService
from pollday.services.status import ElectionStatus, election_status

SHORT_HASH_LENGTH = 12


@dataclass(frozen=True)
class ElectionIdentity:
    """What never changes once a database exists: shown in every header."""

    election_id: str
    name: str
    is_rehearsal: bool

    @property
    def mode_badge(self) -> str:
        return "REHEARSAL" if self.is_rehearsal else "OFFICIAL"


def read_identity(service: ElectionService) -> ElectionIdentity:
    election = service.election()
    return ElectionIdentity(election["election_id"], election["name"], service.is_rehearsal())


@dataclass(frozen=True)
class StoreMark:
    """A cheap fingerprint of the database: if it moved, something was committed.

    `data_version` moves when another connection (another terminal) commits; the journal
    head moves on every command, including this process's own.
    """

    data_version: int
    journal_head_seq: int
    journal_head_hash: str


def read_store_mark(service: ElectionService) -> StoreMark:
    head_seq, head_hash = service.store.journal_head()
    return StoreMark(service.store.data_version(), head_seq, head_hash)


@dataclass(frozen=True)
class StatusReading:
    status: ElectionStatus
    poll_state_text: str

    @property
    def journal_text(self) -> str:
        status = self.status
        entries = "entry" if status.journal_length == 1 else "entries"
        return (
            f"Journal: {status.journal_length} {entries}, head #{status.journal_head_seq} "
            f"{status.journal_head_hash[:SHORT_HASH_LENGTH]}"
        )


def poll_state_text(poll_state: str, opened_at: str | None, closed_at: str | None) -> str:
    if poll_state == PollState.OPEN:
        return f"Poll open since {uk_time(opened_at)}"
    if poll_state == PollState.CLOSED:
        return f"Poll closed at {uk_time(closed_at)}"
    return "Poll not yet open"


def read_status(service: ElectionService) -> StatusReading:
    status = election_status(service)
    election = service.election()
    # ElectionStatus has the poll state but not its times, which staff ask for first.
    text = poll_state_text(status.poll_state, election["poll_opened_at"], election["poll_closed_at"])
    return StatusReading(status, text)


@dataclass(frozen=True)
class UserRow:
    username: str
    full_name: str
    role_label: str
    active: bool
    locked_until_text: str  # empty when the account is not locked now


def read_users(service: ElectionService, now: datetime) -> tuple[UserRow, ...]:
    rows = []
    for user in service.store.view().rows("users"):
        locked_until = user["locked_until"]
        locked_now = bool(locked_until) and datetime.fromisoformat(locked_until) > now
        rows.append(UserRow(
            username=user["username"],
            full_name=user["full_name"],
            role_label=ROLE_LABELS[Role(user["role"])],
            active=bool(user["active"]),
            locked_until_text=f"until {uk_time(locked_until)}" if locked_now else "",
        ))
    return tuple(rows)


@dataclass(frozen=True)
class AdministrationReading:
    poll_state: str
    poll_state_text: str
    users: tuple[UserRow, ...]


def read_administration(service: ElectionService, now: datetime) -> AdministrationReading:
    election = service.election()
    text = poll_state_text(election["poll_state"], election["poll_opened_at"], election["poll_closed_at"])
    return AdministrationReading(election["poll_state"], text, read_users(service, now))
