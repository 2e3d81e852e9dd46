"""What a public copy of the journal withholds, and why (the chain still verifies without it)."""

from __future__ import annotations

import json
from collections.abc import Collection

CREDENTIAL_COMMANDS = {"user.set_pin"}
# Commands that carry postal voters' or electors' personal data (names, addresses, dates of birth).
PERSONAL_DATA_PREFIXES = ("postal.", "voter_id.")
PERSONAL_DATA_SAFE = {"postal.open_session", "postal.close_session", "postal.count_envelopes", "postal.seal_box",
                      "voter_id.tally"}
# An incident's reporter may be a member of the public: their name and phone stay private.
REPORTER_FIELDS = ("reporter_name", "reporter_phone")
# Candidate figures stay private until the result is declared in public.
FIGURE_PREFIXES = ("count.", "recount.")


def withheld_because(command_text: str, declared_contests: Collection[str]) -> str:
    """Empty when the entry may be published in full; otherwise the reason it is withheld."""
    try:
        command = json.loads(command_text)
        name, args = command["cmd"], command["args"]
    except (ValueError, KeyError, TypeError):
        return "unreadable command"
    if not isinstance(name, str) or not isinstance(args, dict):
        return "unreadable command"
    if name in CREDENTIAL_COMMANDS or (name == "user.add" and args.get("pin_hash")):
        return "credential"
    if name.startswith(PERSONAL_DATA_PREFIXES) and name not in PERSONAL_DATA_SAFE:
        return "personal data"
    if name == "incident.open" and any(args.get(field) for field in REPORTER_FIELDS):
        return "personal data"
    if name.startswith(FIGURE_PREFIXES) and args.get("contest_id") not in declared_contests:
        return "figures not yet declared"
    return ""
