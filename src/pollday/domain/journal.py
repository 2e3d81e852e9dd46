"""Journal entries and their hash chain.

Each entry's hash covers every field of the entry and the previous entry's hash, so
changing any byte of any entry, or removing one, breaks the chain from that point on.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from typing import Any

from pollday.domain.canonical import canonical_json, sha256_hex

GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class JournalEntry:
    seq: int
    at: str
    actor: str
    role: str
    terminal: str
    command: str  # canonical JSON text, exactly as hashed
    outcome: str
    reason: str
    prev_hash: str
    hash: str = ""

    def computed_hash(self) -> str:
        fields = asdict(self)
        del fields["hash"]
        return sha256_hex(canonical_json(fields))

    def sealed(self) -> JournalEntry:
        return replace(self, hash=self.computed_hash())

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> JournalEntry:
        expected = {f for f in cls.__dataclass_fields__}
        if set(data) != expected:
            raise ValueError(f"journal entry fields must be exactly {sorted(expected)}")
        for name in expected:
            want = int if name == "seq" else str
            if not isinstance(data[name], want) or isinstance(data[name], bool):
                raise ValueError(f"journal entry field '{name}' must be {want.__name__}")
        return cls(**data)


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    problem: str

    def __str__(self) -> str:
        return f"journal entry {self.seq}: {self.problem}"


def find_chain_break(entries: Iterable[JournalEntry], head: tuple[int, str] | None = None) -> ChainBreak | None:
    """The first entry that does not verify, or None when the whole chain holds.

    `head` is the (seq, hash) the database recorded as its last entry, which catches
    entries removed from the end.
    """
    prev_hash = GENESIS_HASH
    expected_seq = 1
    last: JournalEntry | None = None
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
