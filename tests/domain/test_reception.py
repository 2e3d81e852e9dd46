from __future__ import annotations

from typing import Any

from pollday.domain.stages import ContestStage
from tests.domain.helpers import Harness


def cmd(name: str, **args: Any) -> dict[str, Any]:
    return {"cmd": name, "args": args}


def closed_poll() -> Harness:
    harness = Harness()
    harness.run_as("manager", cmd("poll.open"))
    harness.run_as("manager", cmd("poll.close"))
    return harness


def test_boxes_are_checked_in_once_after_the_poll_closes() -> None:
    harness = Harness()
    early = harness.run_as("reception", cmd("box.check_in", box_id="1", delivered_by="R. Patel"))
    assert not early.applied and "has not been closed yet" in early.reason
    harness.run_as("manager", cmd("poll.open"))
    harness.run_as("manager", cmd("poll.close"))
    assert harness.run_as("reception", cmd("box.check_in", box_id="1", delivered_by="R. Patel")).applied
    again = harness.run_as("supervisor", cmd("box.check_in", box_id="1", delivered_by="R. Patel"))
    assert not again.applied
    assert again.reason.startswith("box 1 already checked in at 07:0") and again.reason.endswith("by Test Reception")
    unknown = harness.run_as("reception", cmd("box.check_in", box_id="99", delivered_by="X"))
    assert not unknown.applied and "box 99 is not a box of this election" in unknown.reason
    assert harness.state.get("boxes", ("1",))["state"] == "received"
    assert harness.state.rows("custody_events", box_id="1")[0]["location"] == "reception"
    assert not harness.run_as("observer", cmd("box.check_in", box_id="2", delivered_by="J. Moore")).applied


def test_seals_are_matched_against_those_issued() -> None:
    harness = closed_poll()
    harness.run_as("reception", cmd("box.check_in", box_id="1", delivered_by="R. Patel"))
    assert harness.run_as("reception", cmd("box.seal", box_id="1", seal="HE-1001")).applied
    assert harness.run_as("reception", cmd("box.seal", box_id="1", seal="HE-1002", condition="damaged")).applied
    assert harness.run_as("reception", cmd("box.seal", box_id="1", seal="HE-1005")).applied
    duplicate = harness.run_as("reception", cmd("box.seal", box_id="1", seal="HE-1001"))
    assert not duplicate.applied and "already recorded on box 1 (intact)" in duplicate.reason
    assert harness.run_as("reception", cmd("box.seals_done", box_id="1")).applied
    seals = {r["seal"]: (r["status"], r["note"]) for r in harness.state.rows("seal_checks", box_id="1")}
    assert seals == {
        "HE-1001": ("intact", ""),
        "HE-1002": ("damaged", ""),
        "HE-1005": ("unexpected", "issued to box 2"),
        "HE-1003": ("missing", "not found on the box at reception"),
    }
    late = harness.run_as("reception", cmd("box.seal", box_id="1", seal="HE-1003"))
    assert not late.applied and "already finished" in late.reason
    unreceived = harness.run_as("reception", cmd("box.seal", box_id="2", seal="HE-1004"))
    assert not unreceived.applied and "has not been checked in yet" in unreceived.reason


def test_packets_checklist() -> None:
    harness = closed_poll()
    assert harness.run_as("reception", cmd("box.packet", station_id="1", packet="bpa", status="present")).applied
    missing = harness.run_as("reception", cmd("box.packet", station_id="1", packet="ps_log", status="missing"))
    assert not missing.applied and "say what happened" in missing.reason
    assert harness.run_as("reception", cmd("box.packet", station_id="1", packet="ps_log", status="missing",
                                           note="PO bringing it at 00:30")).applied
    unknown = harness.run_as("reception", cmd("box.packet", station_id="1", packet="sandwiches", status="present"))
    assert not unknown.applied and "not a packet on the checklist" in unknown.reason


def test_a_box_goes_to_the_count_only_after_verification_is_signed_off() -> None:
    harness = closed_poll()
    harness.run_as("reception", cmd("box.check_in", box_id="1", delivered_by="R. Patel"))
    assert harness.run_as("reception", cmd("box.move", box_id="1", location="verification")).applied
    wrong_desk = harness.run_as("reception", cmd("box.move", box_id="1", location="count"))
    assert not wrong_desk.applied and "it goes to verification, not the count" in wrong_desk.reason
    assert [e["location"] for e in harness.state.rows("custody_events", box_id="1")] == ["reception", "verification"]
    assert harness.state.rows("contests")[0]["stage"] == ContestStage.POLL_CLOSED
