"""Journal entries and their hash chain.

Each entry's hash covers every field of the entry and the previous entry's hash, so
changing any byte of any entry, or removing one, breaks the chain from that point on.
The chain commits to the SHA-256 of the command and of the refusal reason rather than
their text, so a public copy can withhold a command that holds personal data or figures
not yet released and still be verified link by link.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from typing import Any

from pollday.domain.canonical import canonical_json, sha256_hex

GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class ChainLink:
    """What the hash chain commits to: an entry with its command and reason as digests."""

    seq: int
    at: str
    actor: str
    role: str
    terminal: str
    command_sha256: str
    outcome: str
    reason_sha256: str
    prev_hash: str
    hash: str

    def computed_hash(self) -> str:
        fields = asdict(self)
        del fields["hash"]
        return sha256_hex(canonical_json(fields))


@dataclass(frozen=True)
class JournalEntry:
    seq: int
    at: str
    actor: str
    role: str
    terminal: str
    command: str  # canonical JSON text
    outcome: str
    reason: str
    prev_hash: str
    hash: str = ""

    def link(self) -> ChainLink:
        return ChainLink(
            seq=self.seq, at=self.at, actor=self.actor, role=self.role, terminal=self.terminal,
            command_sha256=sha256_hex(self.command), outcome=self.outcome, reason_sha256=sha256_hex(self.reason),
            prev_hash=self.prev_hash, hash=self.hash,
        )

    def computed_hash(self) -> str:
        return self.link().computed_hash()

    def sealed(self) -> JournalEntry:
        return replace(self, hash=self.computed_hash())

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> JournalEntry:
        expected = set(cls.__dataclass_fields__)
        if set(data) != expected:
            raise ValueError(f"journal entry fields must be exactly {sorted(expected)}")
        for name in expected:
            want = int if name == "seq" else str
            if not isinstance(data[name], want) or isinstance(data[name], bool):
                raise ValueError(f"journal entry field '{name}' must be {want.__name__}")
        return cls(**data)


def public_form(entry: JournalEntry, withhold: str) -> dict[str, Any]:
    """The entry as published: the command and reason replaced by null when `withhold` says why."""
    link = asdict(entry.link())
    return {**link, "command": None if withhold else entry.command, "reason": None if withhold else entry.reason,
            "withheld": withhold}


def link_from_public(data: dict[str, Any]) -> tuple[ChainLink, str | None]:
    """A link read from a public export, and a problem if a published text does not match its digest."""
    fields = set(ChainLink.__dataclass_fields__)
    missing = fields - set(data)
    if missing:
        raise ValueError(f"a public journal entry needs the fields {sorted(missing)}")
    link = ChainLink(**{name: data[name] for name in fields})
    for text_field, digest_field in (("command", "command_sha256"), ("reason", "reason_sha256")):
        text = data.get(text_field)
        if text is not None and sha256_hex(text) != data[digest_field]:
            return link, f"its published {text_field} does not match the digest the chain holds"
    return link, None


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    problem: str

    def __str__(self) -> str:
        return f"journal entry {self.seq}: {self.problem}"


def find_chain_break(
    entries: Iterable[JournalEntry | ChainLink], head: tuple[int, str] | None = None
) -> ChainBreak | None:
    """The first entry that does not verify, or None when the whole chain holds.

    `head` is the (seq, hash) the database recorded as its last entry, which catches
    entries removed from the end.
    """
    prev_hash = GENESIS_HASH
    expected_seq = 1
    last: JournalEntry | ChainLink | None = None
    for entry in entries:
        if entry.seq != expected_seq:
            return ChainBreak(entry.seq, f"expected entry number {expected_seq} here: entries are missing or moved")
        if entry.prev_hash != prev_hash:
            return ChainBreak(entry.seq, "its link to the previous entry does not match: an earlier entry changed")
        if entry.computed_hash() != entry.hash:
            return ChainBreak(entry.seq, "its content does not match its hash: this entry was altered")
        prev_hash = entry.hash
        expected_seq += 1
        last = entry
    if head is not None:
        head_seq, head_hash = head
        last_position = (last.seq, last.hash) if last else (0, GENESIS_HASH)
        if last_position != (head_seq, head_hash):
            seq = last.seq + 1 if last else 1
            return ChainBreak(seq, f"the journal ends early: the database recorded entry {head_seq} as its last")
    return None
