"""The count night of the demo: boxes arriving, ballot paper accounts, verification.

Every figure comes from the seeded scenario and a seeded random stream, and every change
is a real command run by a demo user at a plausible moment of the night.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from pollday.demo.scenario import DemoScenario
from pollday.domain.election import BallotBox, ElectionDefinition
from pollday.domain.postal_stations import section_d
from pollday.domain.timefmt import UK
from pollday.domain.verification import contest_verification, station_account_id
from pollday.services.clock import ManualClock
from pollday.services.election_service import ElectionService

BOXES_ARRIVING_UNTIL = time(23, 30)


@dataclass
class DemoNight:
    service: ElectionService
    clock: ManualClock
    definition: ElectionDefinition
    scenario: DemoScenario
    rng: random.Random
    issued: dict[tuple[str, str], int] = field(default_factory=dict)  # (station, contest) -> BPA issued

    def run(self, username: str, name: str, **args: Any) -> None:
        result = self.service.execute(self.service.session_for(username), {"cmd": name, "args": args})
        if not result.applied:
            raise RuntimeError(f"demo script: {name} {args} was refused: {result.reason}")

    def at(self, moment: datetime) -> None:
        if moment > self.clock.now():
            self.clock.set(moment)

    def tick(self, seconds: int = 20) -> None:
        self.clock.advance(timedelta(seconds=seconds))

    def local(self, at: time, next_day: bool = False) -> datetime:
        day = self.definition.poll_date + timedelta(days=1 if next_day else 0)
        return datetime.combine(day, at, tzinfo=UK)


def _arrival(night: DemoNight, box: BallotBox) -> datetime:
    late = night.scenario.late_damaged_box
    if box.box_id == late.box_id:
        return late.arrival.replace(tzinfo=UK) if late.arrival.tzinfo is None else late.arrival
    return box.expected_arrival.replace(tzinfo=UK) + timedelta(minutes=night.rng.randint(-8, 12))


def _station_boxes(definition: ElectionDefinition) -> dict[tuple[str, str], list[BallotBox]]:
    grouped: dict[tuple[str, str], list[BallotBox]] = {}
    for box in definition.boxes:
        grouped.setdefault((box.station_id, box.contest_id), []).append(box)
    return grouped


def close_poll(night: DemoNight) -> None:
    if night.service.election()["poll_state"] != "closed":
        night.at(night.local(time(22, 0)))
        night.run("manager", "poll.close")


def close_poll_and_receive(night: DemoNight, until: datetime | None) -> None:
    """Close the poll at 22:00 and check in every box arriving before `until` (None: all)."""
    close_poll(night)
    stations = {s.station_id: s for s in night.definition.stations}
    received = {r["box_id"] for r in night.service.store.view().rows("box_receipts")}
    arrivals = sorted((_arrival(night, b), b.box_id, b) for b in night.definition.boxes if b.box_id not in received)
    staff = ("reception1", "reception2")
    for number, (arrival, _box_id, box) in enumerate(arrivals):
        if until is not None and arrival > until:
            break
        night.at(arrival)
        clerk = staff[number % 2]
        night.run(clerk, "box.check_in", box_id=box.box_id, delivered_by=stations[box.station_id].presiding_officer)
        _check_seals(night, clerk, box)
        _receive_bpa(night, clerk, box)


def _check_seals(night: DemoNight, clerk: str, box: BallotBox) -> None:
    late = night.scenario.late_damaged_box
    for seal in box.seals:
        night.tick(4)
        condition = "damaged" if box.box_id == late.box_id and seal == late.damaged_seal else "intact"
        night.run(clerk, "box.seal", box_id=box.box_id, seal=seal, condition=condition)
    night.run(clerk, "box.seals_done", box_id=box.box_id)


def _receive_bpa(night: DemoNight, clerk: str, box: BallotBox) -> None:
    """Key the station's BPA for this contest with the first of its boxes to arrive."""
    key = (box.station_id, box.contest_id)
    if key in night.issued:
        return
    boxes = _station_boxes(night.definition)[key]
    station = next(s for s in night.definition.stations if s.station_id == box.station_id)
    received = sum(b.ordinary_papers.size for b in boxes)
    turnout = night.scenario.in_person_turnout + night.rng.uniform(-0.08, 0.08)
    issued = min(round(station.electorate * turnout), received - 5)
    if box.box_id == night.scenario.repeated_recount.box_id:
        issued = night.scenario.repeated_recount.expected
    spoilt = night.rng.randint(0, 4)
    tendered = next((b.tendered_papers for b in boxes if b.tendered_papers), None)
    tendered_issued = 1 if box.station_id == night.scenario.personation.station_id else 0
    figures = {
        "ordinary_received": received, "issued": issued, "spoilt": spoilt, "unused": received - issued - spoilt,
        "tendered_received": tendered.size if tendered else 0, "tendered_issued": tendered_issued,
        "tendered_spoilt": 0, "tendered_unused": (tendered.size if tendered else 0) - tendered_issued,
        "tendered_list_entries": tendered_issued,
        # The presiding officer's section D counts the same forms the final session recorded.
        **section_d(night.service.store.view(), box.station_id),
    }
    night.issued[key] = issued
    night.tick(45)
    missing = night.scenario.missing_bpa
    if box.station_id == missing.station_id and box.contest_id == night.scenario.contest_id:
        night.run(clerk, "box.packet", station_id=box.station_id, packet="bpa", status="missing", note=missing.note)
        night.tick(600)
        night.run("supervisor1", "bpa.record", station_id=box.station_id, contest_id=box.contest_id,
                  source="phoned", note=missing.note, **figures)
        return
    night.run(clerk, "box.packet", station_id=box.station_id, packet="bpa", status="present")
    night.run(clerk, "bpa.record", station_id=box.station_id, contest_id=box.contest_id, **figures)
    if night.rng.random() < 0.25:  # a sample is keyed a second time by the other clerk
        other = "reception2" if clerk == "reception1" else "reception1"
        night.tick(30)
        night.run(other, "bpa.record", station_id=box.station_id, contest_id=box.contest_id, keying="second",
                  **figures)


def verify_everything(night: DemoNight) -> None:
    scenario = night.scenario
    counters = ("assistant1", "assistant2", "assistant3")
    special = {scenario.explained_variance.box_id: scenario.explained_variance.variance,
               scenario.compensating_pair.box_ids[0]: scenario.compensating_pair.variances[0],
               scenario.compensating_pair.box_ids[1]: scenario.compensating_pair.variances[1]}
    night.at(night.local(time(22, 45)))
    view = night.service.store.view()
    for postal in sorted(view.rows("postal_boxes"), key=lambda r: r["box_id"]):  # postal boxes first (§2.4)
        night.tick(90)
        night.run(counters[0], "verification.count", box_id=postal["box_id"], count=postal["papers_placed"])
    grouped = _station_boxes(night.definition)
    receipts = {r["box_id"]: r for r in view.rows("box_receipts")}
    order = sorted(night.definition.boxes, key=lambda b: receipts[b.box_id]["arrived_at"])
    split: dict[str, int] = {}
    for (station_id, contest_id), boxes in grouped.items():
        issued = night.issued[(station_id, contest_id)]
        if len(boxes) == 1:
            split[boxes[0].box_id] = issued
        else:
            first = round(issued * 0.55)
            split[boxes[0].box_id], split[boxes[1].box_id] = first, issued - first
    for number, box in enumerate(order):
        night.at(datetime.fromisoformat(receipts[box.box_id]["arrived_at"]).astimezone(UK) + timedelta(minutes=12))
        counter = counters[number % len(counters)]
        if box.box_id == scenario.repeated_recount.box_id:
            for count in scenario.repeated_recount.counts:
                night.run(counter, "verification.count", box_id=box.box_id, count=count)
                night.tick(300)
            continue
        count = split[box.box_id] + special.get(box.box_id, 0)
        night.run(counter, "verification.count", box_id=box.box_id, count=count)
        if box.box_id == scenario.postal_votes_in_box.box_id:
            found = scenario.postal_votes_in_box.postal_votes_found
            night.run("supervisor1", "box.packet", station_id=box.station_id, packet="postal_accepted",
                      status="present", note=f"{found} postal votes found in box {box.box_id}: sent to the night "
                                             "postal opening session")
    _resolve_edge_cases(night)
    _sign_off(night)


def _resolve_edge_cases(night: DemoNight) -> None:
    scenario = night.scenario
    night.tick(600)
    explained = scenario.explained_variance
    night.run("supervisor1", "verification.explain",
              account_id=station_account_id(explained.station_id, scenario.contest_id),
              reason_code="voter_left_with_paper", note=explained.log_entry)
    pair = scenario.compensating_pair
    night.tick(300)
    night.run("supervisor2", "verification.compensate",
              account_ids=[station_account_id(s, scenario.contest_id) for s in pair.station_ids],
              note="stations share one hall: voters put papers in the neighbouring station's box")


def _sign_off(night: DemoNight) -> None:
    for contest in night.definition.contests:
        progress = contest_verification(night.service.store.view(), contest.contest_id)
        if not progress.complete:
            open_accounts = [a.label for a in progress.accounts if not a.verified]
            raise RuntimeError(f"demo script: {contest.contest_id} not fully verified: {open_accounts[:5]}")
        night.tick(900)
        night.run("ro", "verification.sign_off", contest_id=contest.contest_id)
