"""Building blocks for the postal tests: a harness with postal voters imported and a session open."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pollday.domain.commands.postal  # noqa: F401  (registers the postal commands)
from pollday.domain.engine import Decision
from tests.domain.helpers import Harness
from tests.factories import combined_election

WARD = "local.harrowden.east-ward.2026-05-07"
PCC = "pcc.harrowdenshire.2026-05-07"
DOB = "1960-03-14"


def cmd(name: str, **args: Any) -> dict[str, Any]:
    return {"cmd": name, "args": args}


def number(n: int) -> str:
    return f"{500000 + n}"


def voter(n: int, dob: str = DOB, waiver: bool = False, proxy: bool = False,
          packs: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    record: dict[str, Any] = {
        "elector_number": f"HE1-{n:04d}", "name": f"Voter {n}", "address": f"{n} Church Lane, Harrowden HA1 1AA",
        "date_of_birth": dob, "signature_waiver": waiver,
        "packs": packs or [{"papers": [{"contest_id": WARD, "number": number(n)}], "issue_type": "original",
                            "cancelled": False}],
    }
    if proxy:
        record |= {"proxy_name": f"Proxy {n}", "proxy_address": f"{n} Mill Road", "proxy_elector_number": f"HE2-{n}"}
    return record


def ok(decision: Decision) -> Decision:
    assert decision.applied, decision.reason
    return decision


def refused(decision: Decision, *fragments: str) -> str:
    assert not decision.applied, "expected a refusal"
    for fragment in fragments:
        assert fragment in decision.reason, decision.reason
    return decision.reason


def postal_harness(voters: int = 20, extra: list[dict[str, Any]] | None = None, definition: Any = None) -> Harness:
    harness = Harness(definition)
    records = [voter(n) for n in range(1, voters + 1)] + (extra or [])
    ok(harness.run_as("manager", cmd("postal.import_voters", voters=records)))
    return harness


def open_session(harness: Harness, session_id: str = "S1", contests: tuple[str, ...] = (WARD,),
                 envelopes: int = 50, notice_hours: int = 72, final: bool = False) -> None:
    notice = (harness.now - timedelta(hours=notice_hours)).isoformat()
    ok(harness.run_as("postal", cmd("postal.open_session", session_id=session_id, title=f"Session {session_id}",
                                    notice_given_at=notice, max_agents=2, final=final)))
    ok(harness.run_as("postal", cmd("postal.count_envelopes", session_id=session_id, batch="1",
                                    envelopes=envelopes)))
    for position, contest in enumerate(contests, start=1):
        box = f"{'P' if position == 1 else 'Q'}{session_id}"
        ok(harness.run_as("postal", cmd("postal.open_box", session_id=session_id, box_id=box, contest_id=contest)))


def check(harness: Harness, ballot_number: str, session_id: str = "S1", batch: str = "1",
          dob: str | None = "14/03/1960", signature: str | None = "matches", actor: str = "postal",
          **extra: Any) -> Decision:
    args = {"session_id": session_id, "batch": batch, "ballot_number": ballot_number, "date_of_birth": dob,
            "signature": signature, **extra}
    return harness.run_as(actor, cmd("postal.check_pvs", **args))


def returned(harness: Harness, ballot_number: str) -> dict[str, Any]:
    paper = harness.state.get("postal_papers", (ballot_number,))
    assert paper is not None
    row = harness.state.get("postal_returns", (paper["pvs_number"],))
    assert row is not None
    return row


def combined_voter(n: int, **kwargs: Any) -> dict[str, Any]:
    papers = [{"contest_id": WARD, "number": number(n)}, {"contest_id": PCC, "number": f"P{number(n)}"}]
    return voter(n, packs=[{"papers": papers, "issue_type": "original", "cancelled": False}], **kwargs)


def combined_harness(voters: int = 6) -> Harness:
    harness = Harness(combined_election())
    ok(harness.run_as("manager", cmd("postal.import_voters", voters=[combined_voter(n) for n in range(1, voters + 1)])))
    return harness


def test_the_setup_imports_and_opens() -> None:
    harness = postal_harness(3)
    open_session(harness)
    assert harness.state.count("postal_voters") == 3
    assert harness.state.get("postal_ballot_boxes", ("PS1",))["state"] == "open"
