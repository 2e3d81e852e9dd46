"""Barcode payloads: what pollday prints on labels, badges and command cards, and reads back.

Form: KIND + TAG + '-' + BODY + CHECK, e.g. `BK7Q2-23AF` for ballot box 23A.
- KIND: one letter (B box, S seal, P postal voting statement, U staff badge, C command card).
- TAG: four characters derived from the election ID and its mode, so a label from another
  election, or from the rehearsal of this one, is recognised and refused.
- BODY: the box number, seal number, ballot paper number, username or command code.
- CHECK: one character making the weighted sum of all characters 0 modulo 41. With a
  prime modulus and weights 1, 2, 3 ... every single wrong character and every swap of
  two neighbours changes the sum, so both are always caught (see docs/barcodes.md).

Everything uses the 41 characters below, all in the QR alphanumeric set and Code128, so
payloads stay short enough for a version 1-3 QR code and a Code128 on a 63.5 mm label.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import StrEnum

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-./+:"
MODULUS = len(ALPHABET)  # 41, a prime: what makes the check character catch every error above
VALUE = {symbol: value for value, symbol in enumerate(ALPHABET)}
TAG_LENGTH = 4
MAX_BODY = 24
MAX_PAYLOAD = 1 + TAG_LENGTH + 1 + MAX_BODY + 1  # stays under the weight limit of MODULUS - 1
_TAG_SYMBOLS = ALPHABET[:36]  # letters and digits only, so a tag never looks like punctuation


class PayloadKind(StrEnum):
    BOX = "B"
    SEAL = "S"
    POSTAL_STATEMENT = "P"
    BADGE = "U"
    COMMAND = "C"


KIND_LABELS = {
    PayloadKind.BOX: "ballot box label",
    PayloadKind.SEAL: "seal label",
    PayloadKind.POSTAL_STATEMENT: "postal voting statement",
    PayloadKind.BADGE: "staff badge",
    PayloadKind.COMMAND: "command card",
}


class CommandCard(StrEnum):
    SEALS_INTACT = "SEALS-OK"
    SEAL_DAMAGED = "SEAL-BAD"
    UNDO_LAST = "UNDO"
    NEXT_BOX = "NEXT"
    CONFIRM = "CONFIRM"


def check_character(text: str) -> str:
    """The character that makes the weighted sum of `text` + it divisible by 41."""
    total = sum(weight * VALUE[symbol] for weight, symbol in enumerate(text, start=1))
    weight = len(text) + 1
    # Solve total + weight * c = 0 (mod 41) for c; weight is invertible as 0 < weight < 41.
    return ALPHABET[(-total * pow(weight, -1, MODULUS)) % MODULUS]


def has_valid_check(text: str) -> bool:
    return sum(weight * VALUE[symbol] for weight, symbol in enumerate(text, start=1)) % MODULUS == 0


def election_tag(election_id: str, mode: str) -> str:
    digest = int.from_bytes(hashlib.sha256(f"{election_id}:{mode}".encode()).digest()[:8], "big")
    symbols = []
    for _ in range(TAG_LENGTH):
        digest, index = divmod(digest, len(_TAG_SYMBOLS))
        symbols.append(_TAG_SYMBOLS[index])
    return "".join(symbols)


class PayloadError(ValueError):
    """A body that cannot be printed as a payload."""


def encode(kind: PayloadKind, tag: str, body: str) -> str:
    body = body.upper()
    if not body or len(body) > MAX_BODY:
        raise PayloadError(f"a {KIND_LABELS[kind]} payload body has 1 to {MAX_BODY} characters, not {len(body)}")
    bad = sorted({c for c in body if c not in VALUE})
    if bad:
        raise PayloadError(f"'{body}' has characters barcodes here cannot carry: {' '.join(bad)}")
    text = f"{kind.value}{tag}-{body}"
    return text + check_character(text)


@dataclass(frozen=True)
class Payload:
    kind: PayloadKind
    tag: str
    body: str


class ScanVerdict(StrEnum):
    VALID = "valid"
    OTHER_ELECTION = "other_election"
    OTHER_MODE = "other_mode"  # rehearsal label in an official database, or the reverse
    BAD_CHECK = "bad_check"
    NOT_A_PAYLOAD = "not_a_payload"  # e.g. a seal number as printed by its maker


@dataclass(frozen=True)
class ScanReading:
    raw: str
    verdict: ScanVerdict
    reason: str
    payload: Payload | None = None

    @property
    def valid(self) -> bool:
        return self.verdict == ScanVerdict.VALID


def read_scan(raw: str, election_id: str, mode: str) -> ScanReading:
    """Classify one scanned or typed code for this election, with a reason in words."""
    text = raw.strip().upper()
    if not _looks_like_payload(text):
        return ScanReading(raw, ScanVerdict.NOT_A_PAYLOAD, "not a pollday code (it may be a seal number)")
    if not has_valid_check(text):
        return ScanReading(raw, ScanVerdict.BAD_CHECK, "check character wrong: re-scan, or type the number")
    payload = Payload(PayloadKind(text[0]), text[1 : 1 + TAG_LENGTH], text[2 + TAG_LENGTH : -1])
    if payload.tag != election_tag(election_id, mode):
        other_mode = "official" if mode == "rehearsal" else "rehearsal"
        if payload.tag == election_tag(election_id, other_mode):
            return ScanReading(raw, ScanVerdict.OTHER_MODE,
                               f"this {KIND_LABELS[payload.kind]} was printed for the {other_mode} database, "
                               f"not this {mode} one", payload)
        return ScanReading(raw, ScanVerdict.OTHER_ELECTION,
                           f"this {KIND_LABELS[payload.kind]} is from another election (tag {payload.tag}), "
                           f"not {election_id}", payload)
    return ScanReading(raw, ScanVerdict.VALID, KIND_LABELS[payload.kind], payload)


def _looks_like_payload(text: str) -> bool:
    return (
        8 <= len(text) <= MAX_PAYLOAD
        and text[0] in {k.value for k in PayloadKind}
        and text[1 + TAG_LENGTH] == "-"
        and all(c in _TAG_SYMBOLS for c in text[1 : 1 + TAG_LENGTH])
        and all(c in VALUE for c in text)
    )
