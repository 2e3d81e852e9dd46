"""What the furniture of every page states: which election, which status, when, from which journal."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from pollday import __version__
from pollday.domain.election import ElectionMode
from pollday.domain.timefmt import UK

if TYPE_CHECKING:
    from pollday.services.election_service import ElectionService

JOURNAL_HASH_SHOWN = 8  # hex digits of the journal head: enough to tell two printouts apart at a glance


class DocumentStatus(StrEnum):
    PROVISIONAL = "PROVISIONAL"
    OFFICIAL = "OFFICIAL"
    REHEARSAL = "REHEARSAL"


def status_for(mode: str, final: bool) -> DocumentStatus:
    """A rehearsal database only ever makes REHEARSAL documents, whatever the caller asks."""
    if mode == ElectionMode.REHEARSAL:
        return DocumentStatus.REHEARSAL
    return DocumentStatus.OFFICIAL if final else DocumentStatus.PROVISIONAL


@dataclass(frozen=True)
class DocumentFacts:
    election_id: str
    election_name: str
    authority: str
    mode: str
    title: str  # e.g. "Verification statement"
    status: DocumentStatus
    generated_at: datetime  # timezone-aware; shown in UK local time
    journal_seq: int
    journal_hash: str
    contest_name: str | None = None  # for documents about one contest
    software_version: str = field(default=__version__)

    def __post_init__(self) -> None:
        if self.generated_at.tzinfo is None:
            raise ValueError("generated_at must be timezone-aware, so the UK local time shown is right")
        if self.mode == ElectionMode.REHEARSAL and self.status != DocumentStatus.REHEARSAL:
            raise ValueError("a rehearsal database only makes REHEARSAL documents")

    @property
    def rehearsal(self) -> bool:
        return self.status == DocumentStatus.REHEARSAL

    @property
    def journal_mark(self) -> str:
        """'journal 123 · a1b2c3d4': the journal position the document was made from."""
        return f"journal {self.journal_seq} · {self.journal_hash[:JOURNAL_HASH_SHOWN]}"

    @property
    def generated_at_uk(self) -> str:
        return uk_datetime(self.generated_at)


def uk_datetime(moment: datetime) -> str:
    """'7 May 2026 23:41 BST': the wall clock of the count centre, with the zone said."""
    local = moment.astimezone(UK)
    return f"{local.day} {local:%B %Y %H:%M %Z}"


def facts_from_service(
    service: ElectionService,
    title: str,
    generated_at: datetime,
    *,
    contest_id: str | None = None,
    final: bool = False,
) -> DocumentFacts:
    """The facts of a document made now from this database, at its current journal head."""
    election = service.election()
    contest_name = None
    if contest_id is not None:
        contest = service.store.view().get("contests", (contest_id,))
        if contest is None:
            raise ValueError(f"there is no contest '{contest_id}' in {election['election_id']}")
        contest_name = contest["name"]
    seq, head_hash = service.store.journal_head()
    return DocumentFacts(
        election_id=election["election_id"],
        election_name=election["name"],
        authority=election["authority"],
        mode=election["mode"],
        title=title,
        status=status_for(election["mode"], final),
        generated_at=generated_at,
        journal_seq=seq,
        journal_hash=head_hash,
        contest_name=contest_name,
    )
