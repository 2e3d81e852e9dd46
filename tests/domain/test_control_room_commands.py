"""Control-room commands through the in-memory Harness: incidents, stations, turnout, transit, voter ID."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pollday.domain.control_room import IncidentState, parse_clock, poll_moment
from pollday.domain.engine import Decision
from tests.domain.helpers import Harness
from tests.domain.test_control_room import check_incident_invariants, control_room_commands  # noqa: F401

POLL_DATE = date(2026, 5, 7)


def uk(hhmm: str, days: int = 0) -> datetime:
    clock = parse_clock(hhmm)
    assert clock is not None
    return poll_moment(POLL_DATE, clock, days)


def cmd(name: str, **args: Any) -> dict[str, Any]:
    return {"cmd": name, "args": args}


class Room(Harness):
    """A Harness with the clock set by UK wall-clock time and operator 'control' by default."""

    def at(self, hhmm: str, days: int = 0) -> Room:
        self.now = uk(hhmm, days) - timedelta(seconds=1)  # the Harness adds a second per command
        return self

    def ok(self, name: str, actor: str = "control", **args: Any) -> Decision:
        decision = self.run_as(actor, cmd(name, **args))
        assert decision.applied, decision.reason
        return decision

    def refused(self, name: str, actor: str = "control", **args: Any) -> str:
        decision = self.run_as(actor, cmd(name, **args))
        assert not decision.applied, f"{name} {args} was applied"
        assert decision.reason
        return decision.reason

    def incident(self, number: int = 1) -> dict[str, Any]:
        row = self.state.get("incidents", (number,))
        assert row is not None
        return row

    def events(self, number: int = 1) -> list[dict[str, Any]]:
        return self.state.rows("incident_events", number=number)


@pytest.fixture
def room() -> Room:
    """Polling day, with the poll opened at 07:00."""
    opened = Room().at("07:00")
    opened.ok("poll.open", actor="manager")
    return opened


# --- incidents ------------------------------------------------------------------------------------


def test_an_incident_needs_only_a_category_and_description(room: Room) -> None:
    room.ok("incident.open", category="voter_id", description="Voter without ID turned away")
    incident = room.incident()
    assert (incident["number"], incident["severity"], incident["state"], incident["station_id"]) == (
        1, "P3", "new", None)
    assert room.events()[0]["text"] == "P3 Voter ID: Voter without ID turned away"
    room.ok("incident.open", category="opening", description="Locked out", station_id="2", severity="P2",
            reporter_name="J. Moore", reporter_role="Presiding officer", reporter_phone="07700 900002",
            channel="psi_visit", voters_affected=12)
    second = room.incident(2)
    assert (second["severity"], second["station_id"], second["voters_affected"], second["channel"]) == (
        "P2", "2", 12, "psi_visit")
    assert room.state.rows("control_settings")[0]["incidents"] == 2


def test_opening_an_incident_refuses_with_the_reason(room: Room) -> None:
    assert "description is empty" in room.refused("incident.open", category="opening", description="  ")
    assert "station 99 is not a polling station" in room.refused(
        "incident.open", category="opening", description="x", station_id="99")
    assert "cannot be negative" in room.refused("incident.open", category="queues", description="x",
                                                voters_affected=-1)
    reason = room.refused("incident.open", actor="observer", category="opening", description="x")
    assert "may not log an incident" in reason and "control_room" in reason
    assert "is not one of" in room.refused("incident.open", category="weather", description="x")


def test_two_operators_notes_on_one_incident_are_both_kept(room: Room) -> None:
    room.ok("incident.open", category="staffing", description="Clerk ill", station_id="1")
    room.ok("incident.note", number=1, text="Standby clerk phoned")
    room.ok("incident.note", actor="manager", number=1, text="Standby clerk confirmed en route")
    notes = [e for e in room.events() if e["kind"] == "note"]
    assert [(n["seq"], n["by"], n["text"]) for n in notes] == [
        (2, "control", "Standby clerk phoned"), (3, "manager", "Standby clerk confirmed en route")]
    assert room.incident()["events"] == 3
    assert "note is empty" in room.refused("incident.note", number=1, text=" ")
    assert "there is no incident #7" in room.refused("incident.note", number=7, text="x")


def test_acknowledge_assign_escalate_and_resolve(room: Room) -> None:
    room.ok("incident.open", category="opening", description="Key holder absent", station_id="1")
    room.at("07:03").ok("incident.acknowledge", number=1)
    again = room.refused("incident.acknowledge", number=1)
    assert "was acknowledged at 07:03 by Test Control" in again
    room.ok("incident.assign", number=1, to="PSI Jo Carter")
    assert "already assigned to PSI Jo Carter" in room.refused("incident.assign", number=1, to="PSI Jo Carter")
    room.ok("incident.set_state", number=1, state="in_progress")
    room.ok("incident.assign", number=1, to="Logistics")  # reassigning work under way keeps its state
    incident = room.incident()
    assert (incident["state"], incident["assigned_to"]) == ("in_progress", "Logistics")
    room.ok("incident.escalate", number=1, reason="voters turned away")
    assert room.incident()["escalated_to"] == "Returning Officer"
    assert "needs text" in room.refused("incident.set_state", number=1, state="resolved")
    room.at("07:15").ok("incident.set_state", number=1, state="resolved", reason="Opened at 07:12")
    incident = room.incident()
    assert incident["resolution"] == "Opened at 07:12" and incident["resolved_at"] == uk("07:15").isoformat()
    room.ok("incident.set_state", number=1, state="closed")
    assert "reopen it" in room.refused("incident.set_state", number=1, state="in_progress", reason="x")
    room.ok("incident.set_state", number=1, state="reopened", reason="PO reports the door locked again")
    incident = room.incident()
    assert (incident["state"], incident["resolved_at"], incident["closed_at"]) == ("reopened", None, None)
    kinds = [(e["kind"], e["from_state"], e["to_state"]) for e in room.events()]
    assert kinds[:3] == [("opened", None, "new"), ("acknowledged", "new", "acknowledged"),
                         ("assigned", "acknowledged", "assigned")]
    assert ("reassigned", None, None) in kinds


def test_assigning_a_new_incident_acknowledges_it_on_the_way(room: Room) -> None:
    room.ok("incident.open", category="premises", description="Fire alarm", station_id="2")
    room.ok("incident.assign", number=1, to="PSI Sam")
    incident = room.incident()
    assert incident["state"] == "assigned" and incident["acknowledged_at"] == incident["assigned_at"]
    assert room.events()[1]["from_state"] == "new"


def test_skipping_steps_needs_a_reason(room: Room) -> None:
    room.ok("incident.open", category="enquiries", description="Poll card question")
    reason = room.refused("incident.set_state", number=1, state="in_progress")
    assert "skips a step" in reason and "give a reason" in reason and "incident #1" in reason
    assert "use 'incident.assign'" in room.refused("incident.set_state", number=1, state="assigned")
    room.ok("incident.set_state", number=1, state="closed", reason="Advised; no action needed")
    incident = room.incident()
    assert incident["resolution"] == "Advised; no action needed" and incident["closed_by"] == "control"


def test_severity_change_needs_a_reason(room: Room) -> None:
    room.ok("incident.open", category="queues", description="Queue building", station_id="1")
    assert "already P2" in room.refused("incident.set_severity", number=1, severity="P2", reason="x")
    assert "reason for the new severity is empty" in room.refused("incident.set_severity", number=1,
                                                                  severity="P1", reason="")
    room.ok("incident.set_severity", number=1, severity="P1", reason="queue will not clear by 22:00")
    assert room.incident()["severity"] == "P1"


def test_links_are_checked_and_kept_once(room: Room) -> None:
    room.ok("incident.open", category="conduct", description="Disturbance", station_id="1")
    room.ok("incident.open", category="conduct", description="Same man at station 2", station_id="2")
    room.ok("incident.link", number=1, kind="box", target="1")
    room.ok("incident.link", number=1, kind="station", target="2")
    room.ok("incident.link", number=1, kind="account", target="station:1:local.harrowden.east-ward.2026-05-07")
    room.ok("incident.link", number=1, kind="incident", target="2")
    room.ok("incident.link", number=1, kind="police", target="CAD 1742", note="999 call")
    assert "already linked to police CAD 1742" in room.refused("incident.link", number=1, kind="police",
                                                               target="CAD 1742")
    assert "box 9 is not a box" in room.refused("incident.link", number=1, kind="box", target="9")
    assert "not a verification account" in room.refused("incident.link", number=1, kind="account",
                                                        target="station:1:nowhere")
    assert "cannot be linked to itself" in room.refused("incident.link", number=1, kind="incident", target="1")
    assert "no incident #x" in room.refused("incident.link", number=1, kind="incident", target="x")
    assert len(room.state.rows("incident_links", number=1)) == 5


COMMAND_CHOICES = st.one_of(
    st.tuples(st.just("incident.acknowledge"), st.just({})),
    st.tuples(st.just("incident.assign"), st.fixed_dictionaries({"to": st.sampled_from(["PSI A", "Logistics"])})),
    st.tuples(st.just("incident.escalate"), st.fixed_dictionaries({"reason": st.sampled_from(["", "risk"])})),
    st.tuples(st.just("incident.note"), st.fixed_dictionaries({"text": st.sampled_from(["", "called PO"])})),
    st.tuples(st.just("incident.set_state"), st.fixed_dictionaries({
        "state": st.sampled_from([s.value for s in IncidentState]), "reason": st.sampled_from(["", "because"])})),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(COMMAND_CHOICES, max_size=15))
def test_random_command_sequences_keep_the_incident_valid(steps: list[tuple[str, dict[str, Any]]]) -> None:
    room = Room().at("09:00")  # incidents do not depend on the poll being open
    room.ok("incident.open", category="stationery", description="Papers running low", station_id="1")
    for name, args in steps:
        events_before = room.incident()["events"]
        decision = room.run_as("control", cmd(name, number=1, **args))
        incident = room.incident()
        if decision.applied:
            assert incident["events"] == events_before + 1  # every change leaves one timeline row
        else:
            assert decision.reason and incident["events"] == events_before
        check_incident_invariants(incident)
        if incident["state"] == "assigned":
            assert incident["assigned_to"] is not None
    assert sorted(e["seq"] for e in room.events()) == list(range(1, room.incident()["events"] + 1))


# --- stations ------------------------------------------------------------------------------------


def test_station_status_through_the_day() -> None:
    room = Room().at("06:30")
    room.ok("station.set_status", station_id="1", state="setting_up")
    assert "polls open at 07:00" in room.refused("station.set_status", station_id="1", state="open")
    room.at("07:00").ok("poll.open", actor="manager")
    room.at("07:04").ok("station.set_status", station_id="1", state="open", since="07:00")
    status = room.state.get("station_status", ("1",))
    assert status["opened_at"] == uk("07:00").isoformat()
    room.at("14:06").ok("station.set_status", station_id="1", state="suspended", since="14:05", reason="fire alarm")
    room.at("14:32").ok("station.set_status", station_id="1", state="open", since="14:31")
    assert room.state.get("station_status", ("1",))["opened_at"] == uk("07:00").isoformat()  # kept
    assert "queue" in room.at("22:00").refused("station.set_status", station_id="1", state="closing")
    room.ok("station.set_status", station_id="1", state="closing", queue_length=38)
    room.at("22:25").ok("station.set_status", station_id="1", state="closed", since="22:24")
    status = room.state.get("station_status", ("1",))
    assert (status["state"], status["queue_length"], status["events"]) == ("closed", 38, 6)
    history = room.state.rows("station_events", station_id="1")
    assert [(e["from_state"], e["to_state"]) for e in history][-2:] == [("open", "closing"), ("closing", "closed")]


def test_station_status_refusals(room: Room) -> None:
    assert "station 9 is not a polling station" in room.refused("station.set_status", station_id="9", state="open")
    assert "not a time" in room.refused("station.set_status", station_id="1", state="open", since="7am")
    room.at("22:00")
    skip = room.refused("station.set_status", station_id="2", state="closed")
    assert "station 2: Not set up to Closed skips a step" in skip
    room.ok("station.set_status", station_id="2", state="closed", reason="no status was logged during the day")
    assert "not within the last 12 hours (it is now 23:30)" in room.at("23:30").refused(
        "station.set_status", station_id="2", state="open", since="07:00", reason="x")
    assert "not within the last 12 hours" in room.refused("station.set_status", station_id="2", state="open",
                                                          since="23:45", reason="x")


def test_received_at_count_follows_the_box_check_in(room: Room) -> None:
    room.at("07:01").ok("station.set_status", station_id="1", state="open", since="07:00")
    room.at("22:00").ok("poll.close", actor="manager")
    room.ok("station.set_status", station_id="1", state="closed")
    assert "checking the station's boxes in" in room.refused("station.set_status", station_id="1",
                                                             state="received_at_count")
    room.at("22:40").ok("box.check_in", actor="reception", box_id="1", delivered_by="R. Patel")
    assert "its status now follows the boxes" in room.refused("station.set_status", station_id="1",
                                                              state="dispatched")


def test_inspectors_are_assigned_per_station(room: Room) -> None:
    room.at("06:00").ok("station.assign_inspector", station_id="1", inspector="PSI Jo Carter")
    assert "already the inspector" in room.refused("station.assign_inspector", station_id="1",
                                                   inspector="PSI Jo Carter")
    room.ok("station.assign_inspector", station_id="1", inspector="PSI Sam Reid")
    status = room.state.get("station_status", ("1",))
    assert (status["state"], status["inspector"]) == ("not_set_up", "PSI Sam Reid")
    assert room.state.rows("station_events", station_id="1")[-1]["reason"] == "inspector PSI Jo Carter -> PSI Sam Reid"


# --- turnout ---------------------------------------------------------------------------------------


def test_turnout_returns_are_cumulative_and_corrections_carry_a_reason(room: Room) -> None:
    assert "not due yet" in room.at("09:00").refused("turnout.record", station_id="1", slot="10:00", issued=100)
    room.at("09:35").ok("turnout.record", station_id="1", slot="10:00", issued=180, queue_length=3)
    assert "not a reporting time" in room.refused("turnout.record", station_id="1", slot="11:00", issued=1)
    corrected = room.refused("turnout.record", station_id="1", slot="10:00", issued=190)
    assert "was recorded at 09:35 by Test Control (180 issued): give a reason" in corrected
    room.at("13:05").ok("turnout.record", station_id="1", slot="13:00", issued=400)
    fewer = room.refused("turnout.record", station_id="1", slot="13:00", issued=150, reason="")
    assert "give a reason to correct it" in fewer
    room.ok("turnout.record", station_id="1", slot="10:00", issued=175, reason="CNL misread")
    assert room.state.get("turnout_returns", ("1", "10:00"))["corrections"] == 1
    assert "more than the station's in-person electorate of 1,400" in room.at("16:05").refused(
        "turnout.record", station_id="1", slot="16:00", issued=1401)
    assert "only go up" in room.refused("turnout.record", station_id="1", slot="16:00", issued=399)


def test_reporting_times_are_an_election_setting(room: Room) -> None:
    assert "may not set the turnout reporting times" in room.refused("turnout.set_times", times=["12:00"])
    assert "HH:MM" in room.refused("turnout.set_times", actor="manager", times=["noon"])
    room.ok("turnout.set_times", actor="manager", times=["11:00", "15:00", "20:00"])
    assert room.state.rows("control_settings")[0]["turnout_times"] == ["11:00", "15:00", "20:00"]
    room.at("11:05").ok("turnout.record", station_id="2", slot="11:00", issued=150)
    assert "keep those times" in room.refused("turnout.set_times", actor="manager", times=["15:00", "20:00"])


# --- sweeps, transit ---------------------------------------------------------------------------------


def test_postal_vote_sweeps_are_numbered_per_station(room: Room) -> None:
    room.at("12:40").ok("sweep.record", station_id="1", collected_by="PSI Jo", packets=2, count=17, time="12:30")
    room.at("17:00").ok("sweep.record", station_id="1", collected_by="PSI Jo", packets=1, count=4)
    sweeps = room.state.rows("pv_sweeps", station_id="1")
    assert [(s["number"], s["envelopes"], s["collected_at"]) for s in sweeps] == [
        (1, 17, uk("12:30").isoformat()), (2, 4, uk("17:00").isoformat())]
    assert "give the number of packets" in room.refused("sweep.record", station_id="1", collected_by="PSI Jo",
                                                        packets=0, count=3)
    assert "collector's name is empty" in room.refused("sweep.record", station_id="1", collected_by=" ",
                                                       packets=1, count=3)


def test_box_dispatch_and_the_station_following_its_last_box(room: Room) -> None:
    assert "close the poll first" in room.at("21:00").refused("box.dispatch", box_id="1", collector="R. Patel",
                                                              eta="22:40")
    room.ok("station.set_status", station_id="1", state="open")
    room.at("22:00").ok("poll.close", actor="manager")
    room.ok("station.set_status", station_id="1", state="closing", queue_length=5)
    assert "still taking its 22:00 queue" in room.refused("box.dispatch", box_id="1", collector="R. Patel",
                                                          eta="22:40")
    room.at("22:20").ok("station.set_status", station_id="1", state="closed")
    assert "belongs to station 1, not 2" in room.refused("box.dispatch", box_id="1", station_id="2",
                                                         collector="x", eta="22:40")
    assert "not an arrival time" in room.refused("box.dispatch", box_id="1", collector="R. Patel", eta="soon")
    room.ok("box.dispatch", box_id="1", collector="R. Patel", eta="22:40", left_at="22:15")
    assert room.state.get("station_status", ("1",))["state"] == "dispatched"
    assert room.state.get("station_status", ("1",))["since"] == uk("22:15").isoformat()
    assert "say why the dispatch is being revised" in room.refused("box.dispatch", box_id="1", collector="R. Patel",
                                                                   eta="23:10")
    room.at("22:50").ok("box.dispatch", box_id="1", collector="R. Patel", eta="00:10", note="car broke down")
    dispatch = room.state.get("box_dispatches", ("1",))
    assert (dispatch["eta"], dispatch["revisions"]) == (uk("00:10", days=1).isoformat(), 1)
    room.at("00:05", days=1).ok("box.check_in", actor="reception", box_id="1", delivered_by="R. Patel")
    assert "checked in at the count at 00:05" in room.refused("box.dispatch", box_id="1", collector="R. Patel",
                                                              eta="00:30", note="x")
    assert "before 22:00" in room.at("22:30").refused("box.dispatch", box_id="2", collector="J. Moore",
                                                      eta="23:00", left_at="21:50")


def test_dispatch_of_an_unknown_or_postal_box_is_refused(room: Room) -> None:
    room.at("22:00").ok("poll.close", actor="manager")
    assert "box Z9 is not a box of this election" in room.refused("box.dispatch", box_id="Z9", collector="x",
                                                                  eta="23:00")


# --- voter ID ------------------------------------------------------------------------------------------


def test_refusals_returns_and_tallies(room: Room) -> None:
    room.at("09:10").ok("voter_id.refusal", station_id="1", reason_code=1)
    room.ok("voter_id.refusal", station_id="1", reason_code=3, elector_number="HE1-204", note="failed questions")
    assert "reason code 4 is not on the refusal list" in room.refused("voter_id.refusal", station_id="1",
                                                                      reason_code=4)
    room.at("10:30").ok("voter_id.returned", station_id="1", number=1)
    assert "already marked as returned" in room.refused("voter_id.returned", station_id="1", number=1)
    assert "no refusal number 3" in room.refused("voter_id.returned", station_id="1", number=3)
    refusals = room.state.rows("voter_id_refusals", station_id="1")
    assert [(r["number"], r["later_issued"], r["elector_number"]) for r in refusals] == [
        (1, True, ""), (2, False, "HE1-204")]
    room.at("22:05").ok("voter_id.tally", station_id="1", vac_used=2, aed_used=1, private_checks=3,
                        not_issued_no_id=4, returned_with_id=1, greeter=True)
    assert "only 1 were turned away" in room.refused("voter_id.tally", station_id="1", not_issued_no_id=1,
                                                     returned_with_id=2)
    assert "cannot be negative" in room.refused("voter_id.tally", station_id="1", vac_used=-1)
    assert room.state.get("voter_id_tallies", ("1",))["greeter"] is True
