"""Postal votes (reference §5): importing this module registers every postal command.

- postal_voters: the absent voters list, undelivered and late packs, purging personal data;
- postal_opening: opening sessions, covering envelope batches, postal ballot boxes;
- postal_checks: PVS checks (one envelope or a machine-scanned batch), adjudication, re-checks;
- postal_hand_in: postal votes handed in and the fourth list.
"""

from __future__ import annotations

from pollday.domain.commands import postal_checks, postal_hand_in, postal_opening, postal_voters
from pollday.domain.commands.postal_checks import CheckItem, Verdict
from pollday.domain.commands.postal_support import BoxState, Decision, EnvelopeSource, IssueType, PaperState

__all__ = [
    "BoxState",
    "CheckItem",
    "Decision",
    "EnvelopeSource",
    "IssueType",
    "PaperState",
    "Verdict",
    "postal_checks",
    "postal_hand_in",
    "postal_opening",
    "postal_voters",
]
