"""The audit trail as the RO reads it: who did what, what was refused, signed off or reopened."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from pollday.domain.journal import JournalEntry
from pollday.services.election_service import ElectionService


class AuditKind(StrEnum):
    REFUSED = "refused"
    SIGN_OFF = "sign-off"  # statutory decisions: verification sign-off, recount decisions, lots, declarations
    CORRECTION = "correction"  # figures settled, corrected or reopened after entry
    SIGN_IN = "sign-in"
    OTHER = "other"


SIGN_OFFS = {"verification.sign_off", "recount.decide", "count.draw_lots", "count.declare", "count.provisional"}
CORRECTIONS = {"verification.reopen", "bpa.resolve", "count.resolve_table", "user.deactivate", "user.change_role",
               "incident.set_severity"}


@dataclass(frozen=True)
class AuditLine:
    seq: int
    at: str
    actor: str
    role: str
    terminal: str
    command: str  # its name
    kind: AuditKind
    detail: str  # the refusal reason, or the command's arguments in short


def classify(entry: JournalEntry) -> tuple[str, AuditKind, str]:
    try:
        parsed = json.loads(entry.command)
        name = str(parsed.get("cmd", "?")) if isinstance(parsed, dict) else "?"
        args = parsed.get("args", {}) if isinstance(parsed, dict) else {}
    except ValueError:
        name, args = "?", {}
    if entry.outcome == "refused":
        return name, AuditKind.REFUSED, entry.reason
    shown = {k: v for k, v in args.items() if k not in ("pin_hash", "definition")} if isinstance(args, dict) else {}
    detail = ", ".join(f"{k}={v}" for k, v in shown.items())[:160]
    if name in SIGN_OFFS:
        return name, AuditKind.SIGN_OFF, detail
    if name in CORRECTIONS:
        return name, AuditKind.CORRECTION, detail
    if name.startswith("auth."):
        return name, AuditKind.SIGN_IN, detail
    return name, AuditKind.OTHER, detail


def audit_lines(service: ElectionService, kinds: Iterable[AuditKind] = tuple(AuditKind), actor: str = "",
                text: str = "", limit: int = 500) -> list[AuditLine]:
    """The newest lines first, filtered by kind, actor and free text."""
    wanted = set(kinds)
    needle = text.casefold()
    lines: list[AuditLine] = []
    for entry in service.store.journal_entries():
        name, kind, detail = classify(entry)
        if kind not in wanted or (actor and entry.actor != actor):
            continue
        if needle and needle not in f"{name} {detail} {entry.actor} {entry.terminal}".casefold():
            continue
        lines.append(AuditLine(entry.seq, entry.at, entry.actor, entry.role, entry.terminal, name, kind, detail))
    return lines[::-1][:limit]
