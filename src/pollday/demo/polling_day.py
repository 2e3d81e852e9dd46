"""Polling day in the control room of the demo: the incident stream of reference §9.5 item 5.

`run_polling_day(night)` plays 06:00 to 22:30 with real commands at plausible moments:
inspectors assigned, stations opened (one 12 minutes late), turnout returns at the
reporting times, a stream of incidents through their lifecycle (two ballot paper
resupplies, six clerical-error corrections before 21:00, three teller complaints, one
police call, a fire-alarm suspension, a queue of 38 held at 22:00 at a student-area
station), 25 voter ID refusals of whom 11 come back, postal vote sweeps planned on each
inspector's round and made through the day (one late: the student-area station's last,
after its queue), the close of poll and the VIDEF tallies. `dispatch_boxes(night)` then records every box leaving
its station, for the boxes-arriving stage.

Every choice comes from the scenario seed through its own random stream, so it never
shifts the figures of the count night, and the same seed gives the same journal.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

import pollday.domain.commands.control_room  # noqa: F401  (registers the commands this script runs)
from pollday.demo import names
from pollday.demo.night import DemoNight
from pollday.demo.seeding import substream
from pollday.domain.control_room import DEFAULT_TURNOUT_TIMES
from pollday.domain.election import BallotBox, PollingStation
from pollday.domain.timefmt import UK

OPERATORS = ("control1", "control2")
INSPECTORS = 8  # reference §9.5 item 6: one per area of the constituency
STUDENT_QUEUE_AT_CLOSE = 38
ID_REFUSALS = 25
ID_RETURNS = 11
# Share of the day's final turnout reached by each reporting time: a slow morning, a
# lunchtime bump and the after-work rush.
TURNOUT_CURVE = {"10:00": 0.17, "13:00": 0.36, "16:00": 0.53, "19:00": 0.74, "21:00": 0.91}
# Students vote late: the student-area station lags all day and then surges.
STUDENT_CURVE = {"10:00": 0.06, "13:00": 0.17, "16:00": 0.33, "19:00": 0.58, "21:00": 0.84}
# Turnout by 21:00 is kept below the count night's lowest final turnout (0.52 - 0.08), so
# no return ever exceeds the papers the ballot paper account later shows as issued.
DAY_TURNOUT_RANGE = (0.40, 0.44)
RESUPPLY_PAPERS = 50  # two books of 25
# Postal vote collections on each inspector's round, and at the close of poll (reference §6.1, §6.5).
SWEEP_ROUNDS = ("12:00", "16:30")
FINAL_SWEEP = "22:00"
BUSY_STATION_SWEEP = "12:30"  # the town stations where most postal votes are handed in get a midday one too


@dataclass(order=True)
class _Event:
    at: datetime
    order: int
    action: Callable[[], None] = field(compare=False)


@dataclass
class _Day:
    """A timetable of commands, played in time order so stories interleave as they would."""

    night: DemoNight
    rng: random.Random
    events: list[_Event] = field(default_factory=list)
    scheduled: int = 0
    incidents: dict[str, int] = field(default_factory=dict)  # story label -> incident number
    refusals: dict[str, int] = field(default_factory=dict)  # station -> refusals so far

    def clock(self, hhmm: str, minutes: float = 0) -> datetime:
        hours, mins = (int(p) for p in hhmm.split(":"))
        start = datetime.combine(self.night.definition.poll_date, time(hours, mins), tzinfo=UK)
        return start + timedelta(minutes=minutes)

    def add(self, at: datetime, action: Callable[[], None]) -> None:
        self.scheduled += 1
        heapq.heappush(self.events, _Event(at, self.scheduled, action))

    def command(self, at: datetime, user: str, name: str, **args: Any) -> None:
        self.add(at, lambda: self.night.run(user, name, **args))

    def play(self) -> None:
        # A heap, because some events schedule others (a refused voter coming back later).
        while self.events:
            event = heapq.heappop(self.events)
            self.night.at(event.at)
            event.action()
            self.night.tick(2)


@dataclass(frozen=True)
class _Cast:
    """The stations each part of the story happens at, chosen once from the seed."""

    stations: tuple[PollingStation, ...]
    late: PollingStation
    student: PollingStation
    fire: PollingStation
    police: PollingStation
    phone_down: PollingStation
    resupply: tuple[PollingStation, PollingStation]
    clerical: tuple[PollingStation, ...]
    tellers: tuple[PollingStation, ...]
    sweeps: tuple[PollingStation, ...]
    others: tuple[PollingStation, ...]


def _area(station: PollingStation) -> str:
    return station.district_code.rstrip("0123456789")[-1]


def _first_constituency(night: DemoNight) -> tuple[PollingStation, ...]:
    contest = night.scenario.contest_id
    with_box = {b.station_id for b in night.definition.boxes if b.contest_id == contest}
    return tuple(s for s in night.definition.stations if s.station_id in with_box)


def _cast(night: DemoNight, rng: random.Random) -> _Cast:
    stations = _first_constituency(night)
    town = [s for s in stations if _area(s) in "ABC"]
    villages = [s for s in stations if _area(s) in "DEFG"]
    hamlets = [s for s in stations if _area(s) == "H"]
    student = max((s for s in town if _area(s) == "C"), key=lambda s: (s.electorate, s.station_id))
    taken = {student.station_id, night.scenario.personation.station_id}

    def pick(pool: list[PollingStation], count: int = 1) -> list[PollingStation]:
        chosen = rng.sample([s for s in pool if s.station_id not in taken], count)
        taken.update(s.station_id for s in chosen)
        return chosen

    late, fire, police, phone_down = pick(villages)[0], pick(town)[0], pick(town)[0], pick(hamlets)[0]
    big_town = sorted(town, key=lambda s: -s.electorate)[:12]
    resupply = pick(big_town, 2)
    return _Cast(
        stations=stations, late=late, student=student, fire=fire, police=police, phone_down=phone_down,
        resupply=(resupply[0], resupply[1]), clerical=tuple(pick(town + villages, 6)), tellers=tuple(pick(town, 3)),
        sweeps=tuple(pick(big_town, 3)), others=tuple(pick(stations, 8)),
    )


def _operator(number: int) -> str:
    return OPERATORS[number % len(OPERATORS)]


# --- the routine: inspectors, opening, returns, closing ------------------------------------------


def _inspectors(day: _Day, cast: _Cast, at: datetime) -> dict[str, str]:
    areas = sorted({_area(s) for s in cast.stations})
    taken = {s.presiding_officer for s in cast.stations}
    people = names.distinct_person_names(substream(day.night.scenario.seed, "polling day", "inspectors"),
                                         INSPECTORS, taken)
    by_area = {area: f"PSI {people[i % INSPECTORS]}" for i, area in enumerate(areas)}
    for number, station in enumerate(cast.stations):
        day.command(at + timedelta(seconds=10 * number), _operator(number), "station.assign_inspector",
                    station_id=station.station_id, inspector=by_area[_area(station)])
    return {s.station_id: by_area[_area(s)] for s in cast.stations}


def _opening(day: _Day, cast: _Cast, before_seven: bool) -> None:
    for number, station in enumerate(cast.stations):
        if before_seven and number % 3 == 0:  # the inspectors' early visits find staff setting up
            day.command(day.clock("06:15", number * 0.7), _operator(number), "station.set_status",
                        station_id=station.station_id, state="setting_up")
        if station is cast.late:
            continue
        day.command(day.clock("07:00", 1 + number / 10), _operator(number), "station.set_status",
                    station_id=station.station_id, state="open", since="07:00")


def _turnout_returns(day: _Day, cast: _Cast) -> None:
    for number, station in enumerate(cast.stations):
        rate = day.rng.uniform(*DAY_TURNOUT_RANGE)
        curve = STUDENT_CURVE if station is cast.student else TURNOUT_CURVE
        for slot in DEFAULT_TURNOUT_TIMES:
            if station is cast.phone_down and slot == "21:00":
                continue  # the PO's phone is down: this return never arrives
            issued = round(station.electorate * rate * curve[slot])
            queue = 0 if day.rng.random() < 0.7 else day.rng.randint(1, 6)
            if station is cast.student and slot in ("19:00", "21:00"):
                queue = 12 if slot == "19:00" else 25
            day.command(day.clock(slot, day.rng.uniform(1, 25)), _operator(number), "turnout.record",
                        station_id=station.station_id, slot=slot, issued=issued, queue_length=queue)
    # One return misread from the corresponding number list, corrected a quarter of an hour later.
    station = cast.others[0]
    day.add(day.clock("13:40"), lambda: _correct_return(day, station))


def _correct_return(day: _Day, station: PollingStation) -> None:
    view = day.night.service.store.view()
    right = view.get("turnout_returns", (station.station_id, "13:00"))["issued"]
    wrong = right + 90
    day.night.run("control1", "turnout.record", station_id=station.station_id, slot="13:00", issued=wrong,
                  reason="PO phoned again with the 13:00 figure", notes="figure read out by the clerk")
    day.night.tick(900)
    day.night.run("control2", "turnout.record", station_id=station.station_id, slot="13:00", issued=right,
                  reason=f"misread the corresponding number list: {right} not {wrong}")


def _closing(day: _Day, cast: _Cast) -> None:
    day.command(day.clock("22:00"), "manager", "poll.close")
    for number, station in enumerate(cast.stations):
        if station is cast.student:
            continue
        day.command(day.clock("22:00", 0.2 + number / 8), _operator(number), "station.set_status",
                    station_id=station.station_id, state="closed", since="22:00")


def _voter_id(day: _Day, cast: _Cast) -> None:
    """25 refusals through the day, 11 of whom come back with acceptable ID, and the VIDEF tallies."""
    weights = [s.electorate for s in cast.stations]
    returning = set(day.rng.sample(range(ID_REFUSALS), ID_RETURNS))
    for index in range(ID_REFUSALS):
        station = day.rng.choices(cast.stations, weights)[0]
        refused_at = day.clock("07:30", day.rng.uniform(0, 13 * 60))
        code = day.rng.choices((1, 2, 3), (6, 1, 3))[0]
        elector = f"{station.district_code}-{day.rng.randint(1, station.electorate)}" if index % 2 else ""
        day.add(refused_at, lambda s=station, c=code, e=elector, back=index in returning: _refuse(day, s, c, e, back))
    for number, station in enumerate(cast.stations):
        greeter = _area(station) in "ABC" and number % 2 == 0
        turned_away = day.rng.randint(0, 2 if greeter else 5)
        day.command(day.clock("22:05", number / 5), _operator(number), "voter_id.tally",
                    station_id=station.station_id, vac_used=day.rng.randint(0, 2),
                    aed_used=1 if day.rng.random() < 0.1 else 0, private_checks=day.rng.randint(0, 3),
                    not_issued_no_id=turned_away, returned_with_id=day.rng.randint(0, turned_away), greeter=greeter)


def _refuse(day: _Day, station: PollingStation, code: int, elector: str, comes_back: bool) -> None:
    day.night.run(_operator(code), "voter_id.refusal", station_id=station.station_id, reason_code=code,
                  elector_number=elector)
    number = day.refusals.get(station.station_id, 0) + 1
    day.refusals[station.station_id] = number
    if comes_back:
        back = min(day.night.clock.now() + timedelta(minutes=day.rng.randint(30, 120)), day.clock("21:55"))
        day.command(back, _operator(code + 1), "voter_id.returned", station_id=station.station_id, number=number)


def _sweeps(day: _Day, cast: _Cast, inspectors: dict[str, str], planned_at: datetime) -> None:
    """Each inspector's round, planned in the morning: collections at the route's largest station at midday
    and late afternoon and the last at the close of poll, plus a midday one at each of the busy town stations.
    Every one is made within the grace but the student station's last, which waits for its 22:00 queue."""
    rng = substream(day.night.scenario.seed, "polling day", "sweeps")
    routes: dict[str, list[PollingStation]] = {}
    for station in cast.stations:
        routes.setdefault(_area(station), []).append(station)
    plan: list[tuple[PollingStation, datetime]] = []
    for index, area in enumerate(sorted(routes)):
        point = max(routes[area], key=lambda s: (s.electorate, s.station_id))
        # One route after another, so the office is not taking every handover at once.
        plan += [(point, day.clock(at, 10 * index)) for at in SWEEP_ROUNDS] + [(point, day.clock(FINAL_SWEEP))]
    plan += [(station, day.clock(BUSY_STATION_SWEEP, 10 * number)) for number, station in enumerate(cast.sweeps)]
    for number, (station, due) in enumerate(plan):
        user = _operator(number)
        day.command(planned_at + timedelta(seconds=20 * number), user, "sweep.schedule",
                    station_id=station.station_id, due=_hhmm(due))
        final = due == day.clock(FINAL_SWEEP)
        if station is cast.student and final:
            collected, note = day.clock("22:25"), "after the 22:00 queue had voted; receipt signed"
        else:
            collected = due + timedelta(minutes=rng.uniform(2, 12) if final else rng.uniform(-8, 12))
            note = "to the count with the box; receipt signed" if final else "handed in at the office; receipt signed"
        packets = rng.randint(2, 4) if final else rng.randint(1, 3)
        day.command(collected + timedelta(minutes=rng.uniform(1, 4)), user, "sweep.record",
                    station_id=station.station_id, collected_by=inspectors[station.station_id], packets=packets,
                    count=packets * rng.randint(4, 12), time=_hhmm(collected), note=note)


def _hhmm(moment: datetime) -> str:
    return moment.astimezone(UK).strftime("%H:%M")


# --- the incident stream ---------------------------------------------------------------------------

Step = tuple[float, str, str, dict[str, Any]]  # minutes after opening, user, command, arguments


def _story(day: _Day, label: str, at: datetime, user: str, opening: dict[str, Any], steps: list[Step]) -> None:
    """One incident: logged at `at`, then each step at its offset, using the number it was given."""
    def open_it() -> None:
        day.night.run(user, "incident.open", **opening)
        day.incidents[label] = day.night.service.store.view().rows("control_settings")[0]["incidents"]

    day.add(at, open_it)
    for minutes, who, name, args in steps:
        day.add(at + timedelta(minutes=minutes),
                lambda who=who, name=name, args=args: day.night.run(who, name, number=day.incidents[label], **args))


def _incidents(day: _Day, cast: _Cast, inspectors: dict[str, str]) -> None:
    c1, c2 = OPERATORS
    late, student, fire = cast.late, cast.student, cast.fire

    def psi(station: PollingStation) -> str:
        return inspectors[station.station_id]

    def po(station: PollingStation) -> dict[str, Any]:
        return {"station_id": station.station_id, "reporter_name": station.presiding_officer,
                "reporter_role": "Presiding officer", "reporter_phone": station.presiding_officer_phone}

    _story(day, "late", day.clock("07:01"), c1, {
        **po(late), "category": "opening", "voters_affected": 9,
        "description": "Station not open: the key-holder has not arrived and the building is locked. "
                       "PO and clerks waiting outside with the box and papers; voters queuing."}, [
        (1, c1, "incident.assign", {"to": psi(late)}),
        (3, c2, "incident.escalate", {"reason": "voters turned away at opening: RO to be told"}),
        (5, c1, "incident.note", {"text": "Caretaker reached by phone: on his way, about ten minutes."}),
        (13, c1, "incident.set_state", {"state": "resolved", "reason":
                                        "Voting began at 07:12, 12 minutes late. 9 voters waited; 2 left saying they "
                                        "would come back. Recorded in the polling station log."}),
        (40, c2, "incident.set_state", {"state": "closed"}),
    ])
    day.command(day.clock("07:12", 0.5), c1, "station.set_status", station_id=late.station_id, state="open",
                since="07:12", reason="key-holder late")
    _resupplies(day, cast, psi)
    _clerical_corrections(day, cast)
    _tellers(day, cast, psi)
    _fire_alarm(day, fire, psi, po)
    _police_call(day, cast.police, po)
    _queue_at_close(day, student, po)
    _everyday(day, cast, psi, po)


def _resupplies(day: _Day, cast: _Cast, psi: Callable[[PollingStation], str]) -> None:
    contest = day.night.scenario.contest_id
    last_paper = max(b.ordinary_papers.last for b in day.night.definition.boxes if b.contest_id == contest)
    for number, (station, at) in enumerate(zip(cast.resupply, ("09:15", "17:45"), strict=True)):
        first = last_paper + 1 + number * RESUPPLY_PAPERS
        papers = f"{first:06d}-{first + RESUPPLY_PAPERS - 1:06d}"
        box = _boxes_of(day, station)[0]
        user = _operator(number)
        _story(day, f"resupply{number}", day.clock(at), user, {
            "station_id": station.station_id, "category": "stationery", "reporter_role": "Presiding officer",
            "reporter_name": station.presiding_officer,
            "description": f"Running low on ballot papers: about {30 + 10 * number} left and steady demand."}, [
            (2, user, "incident.assign", {"to": psi(station)}),
            (4, user, "incident.set_state", {"state": "in_progress"}),
            (5, user, "incident.link", {"kind": "box", "target": box.box_id, "note": "BPA to include the extra range"}),
            (6, user, "incident.note", {"text": f"Inspector taking two books from the spare stock: {papers}."}),
            (40, user, "incident.set_state", {"state": "resolved", "reason":
                                              f"{RESUPPLY_PAPERS} papers ({papers}) delivered and signed for; the PO "
                                              "adds the range to the ballot paper account."}),
            (70, _operator(number + 1), "incident.set_state", {"state": "closed"}),
        ])


def _boxes_of(day: _Day, station: PollingStation) -> list[BallotBox]:
    return [b for b in day.night.definition.boxes if b.station_id == station.station_id]


def _clerical_corrections(day: _Day, cast: _Cast) -> None:
    times = ("09:40", "11:25", "13:50", "16:10", "18:35", "20:20")  # all settled before 21:00
    for number, (station, at) in enumerate(zip(cast.clerical, times, strict=True)):
        user = _operator(number)
        _story(day, f"clerical{number}", day.clock(at), user, {
            "station_id": station.station_id, "category": "register", "reporter_role": "Poll clerk",
            "description": "Elector not on the register at this station but holds a poll card for it: "
                           "asking the ERO to check."}, [
            (1, user, "incident.assign", {"to": "ERO desk"}),
            (3, user, "incident.set_state", {"state": "in_progress"}),
            (14, _operator(number + 1), "incident.note", {
                "text": "ERO confirms a clerical error: the elector is added. PO told by phone to issue a paper and "
                        "enter the elector on the polling day alterations list."}),
            (16, user, "incident.set_state", {"state": "resolved", "reason":
                                              "Clerical error corrected by the ERO before 21:00; the elector voted."}),
            (60, user, "incident.set_state", {"state": "closed"}),
        ])


def _tellers(day: _Day, cast: _Cast, psi: Callable[[PollingStation], str]) -> None:
    complaints = (
        ("10:30", "Tellers standing inside the entrance asking voters for their poll card numbers."),
        ("15:20", "A candidate's agent complains that a teller is wearing a rosette inside the polling place."),
        ("19:05", "Tellers from two parties arguing at the door; voters have complained."),
    )
    for number, (station, (at, text)) in enumerate(zip(cast.tellers, complaints, strict=True)):
        user = _operator(number + 1)
        _story(day, f"tellers{number}", day.clock(at), user, {
            "station_id": station.station_id, "category": "conduct", "severity": "P3", "description": text,
            "reporter_role": "Presiding officer", "reporter_name": station.presiding_officer}, [
            (2, user, "incident.assign", {"to": psi(station)}),
            (20, user, "incident.note", {"text": "Inspector on site: tellers reminded of the guidance and moved "
                                                 "outside the building; they complied."}),
            (22, user, "incident.set_state", {"state": "resolved", "reason": "Tellers outside; no further problem."}),
            (90, user, "incident.set_state", {"state": "closed"}),
        ])


def _fire_alarm(day: _Day, station: PollingStation, psi: Callable[[PollingStation], str],
                po: Callable[[PollingStation], dict[str, Any]]) -> None:
    c1, c2 = OPERATORS
    day.command(day.clock("14:06"), c1, "station.set_status", station_id=station.station_id, state="suspended",
                since="14:05", reason="fire alarm: building evacuated; the box is sealed and stays with the PO")
    _story(day, "fire", day.clock("14:06", 0.5), c1, {
        **po(station), "category": "premises", "voters_affected": 4,
        "description": "Fire alarm: building evacuated, voting suspended. Box sealed and kept with the PO "
                       "outside; voters asked to wait."}, [
        (1, c1, "incident.assign", {"to": psi(station)}),
        (2, c2, "incident.escalate", {"reason": "voting suspended: RO to decide on relocation if not back by 14:30"}),
        (14, c1, "incident.note", {"text": "Fire service on site: a false alarm from the kitchen."}),
        (27, c1, "incident.set_state", {"state": "resolved", "reason":
                                        "Voting resumed at 14:31 after 26 minutes; 4 voters waited and voted. "
                                        "Recorded in the polling station log."}),
        (80, c2, "incident.set_state", {"state": "closed"}),
    ])
    day.command(day.clock("14:32"), c1, "station.set_status", station_id=station.station_id, state="open",
                since="14:31", reason="all clear from the fire service")


def _police_call(day: _Day, station: PollingStation, po: Callable[[PollingStation], dict[str, Any]]) -> None:
    c1, c2 = OPERATORS
    _story(day, "police", day.clock("17:20"), c2, {
        **po(station), "category": "conduct", "severity": "P1",
        "description": "A man shouting at voters and staff outside the entrance; the PO has called 999."}, [
        (1, c2, "incident.escalate", {"reason": "police called to a polling station"}),
        (2, c2, "incident.assign", {"to": "Police liaison"}),
        (5, c1, "incident.link", {"kind": "police", "target": "CAD 1742 07/05/26", "note": "999 call by the PO"}),
        (6, c2, "incident.set_state", {"state": "in_progress"}),
        (20, c1, "incident.note", {"text": "Police attended at 17:34; the man was moved on. No arrest."}),
        (25, c2, "incident.set_state", {"state": "resolved", "reason":
                                        "Police moved the man on; voting was not interrupted. PS log entry made."}),
        (70, c2, "incident.set_state", {"state": "closed"}),
    ])


def _queue_at_close(day: _Day, station: PollingStation, po: Callable[[PollingStation], dict[str, Any]]) -> None:
    c1, c2 = OPERATORS
    # Logged after 21:30, so the default severity is already P1 (reference §6.2).
    _story(day, "queue", day.clock("21:35"), c1, {
        **po(station), "category": "queues", "voters_affected": 60,
        "description": "Queue of about 60, mostly students, out of the door: risk of a queue at 22:00."}, [
        (2, c1, "incident.assign", {"to": "Logistics", "note": "send a standby clerk"}),
        (5, c2, "incident.escalate", {"reason": "likely queue at 22:00: police SPOC told, RO to be aware"}),
        (15, c1, "incident.note", {"text": "Standby clerk arrived; queue about 45."}),
        (27, c1, "incident.note", {"text": f"At 22:00 the PO marked the end of the queue: {STUDENT_QUEUE_AT_CLOSE} "
                                           "people, all may vote."}),
        (51, c1, "incident.set_state", {"state": "resolved", "reason":
                                        f"All {STUDENT_QUEUE_AT_CLOSE} in the queue at 22:00 voted; the last paper "
                                        "was issued at 22:24."}),
    ])
    day.command(day.clock("22:01"), c1, "station.set_status", station_id=station.station_id, state="closing",
                since="22:00", queue_length=STUDENT_QUEUE_AT_CLOSE)
    day.command(day.clock("22:25"), c1, "station.set_status", station_id=station.station_id, state="closed",
                since="22:24", reason="last voter in the 22:00 queue")


def _everyday(day: _Day, cast: _Cast, psi: Callable[[PollingStation], str],
              po: Callable[[PollingStation], dict[str, Any]]) -> None:
    """The smaller incidents that fill a polling day."""
    c1, c2 = OPERATORS
    (clerk_ill, card, tactile, ramp, welfare, poster, id_complaint, tablet) = cast.others
    _story(day, "staffing", day.clock("07:20"), c2, {
        **po(clerk_ill), "category": "staffing", "description": "A poll clerk phoned in sick: PO and one clerk."}, [
        (2, c2, "incident.assign", {"to": "Logistics"}),
        (5, c2, "incident.set_state", {"state": "in_progress"}),
        (20, c1, "incident.note", {"text": "Standby clerk sent from the council office."}),
        (45, c2, "incident.set_state", {"state": "resolved", "reason": "Standby clerk arrived at 08:05."}),
        (100, c2, "incident.set_state", {"state": "closed"}),
    ])
    _story(day, "poll card", day.clock("08:10"), c1, {
        "station_id": card.station_id, "category": "enquiries", "severity": "P4", "channel": "in_person",
        "description": "Elector asked whether she can vote without her poll card."}, [
        (2, c1, "incident.set_state", {"state": "closed", "reason": "Told no poll card is needed; she voted."}),
    ])
    _story(day, "tactile", day.clock("11:05"), c2, {
        **po(tactile), "category": "stationery", "severity": "P3",
        "description": "Tactile voting device missing from the station kit."}, [
        (3, c2, "incident.assign", {"to": psi(tactile)}),
        (50, c2, "incident.set_state", {"state": "resolved", "reason": "Inspector delivered a tactile device."}),
        (120, c1, "incident.set_state", {"state": "closed"}),
    ])
    _story(day, "ramp", day.clock("12:40"), c1, {
        **po(ramp), "category": "accessibility", "voters_affected": 1,
        "description": "The portable ramp has been moved by the caretaker; a wheelchair user is waiting."}, [
        (1, c1, "incident.assign", {"to": psi(ramp)}),
        (3, c1, "incident.set_state", {"state": "in_progress"}),
        (12, c1, "incident.set_state", {"state": "resolved", "reason": "PO and clerk put the ramp back; she voted."}),
        (60, c2, "incident.set_state", {"state": "closed"}),
    ])
    _story(day, "welfare", day.clock("12:05"), c2, {
        **po(welfare), "category": "staffing", "severity": "P3", "description": "PO asks for break cover."}, [
        (10, c2, "incident.assign", {"to": psi(welfare)}),
        (55, c2, "incident.set_state", {"state": "resolved", "reason": "Inspector covered a 30-minute break."}),
    ])
    personation = day.night.scenario.personation
    _story(day, "personation", day.clock("18:00"), c1, {
        "station_id": personation.station_id, "category": "register", "reporter_role": "Presiding officer",
        "description": "Elector told she had already voted. She answered the prescribed questions and was "
                       f"issued tendered ballot paper T{personation.tendered_paper:04d}."}, [
        (2, c1, "incident.assign", {"to": "ERO desk"}),
        (3, c1, "incident.link", {"kind": "box", "target": personation.box_id,
                                  "note": "tendered paper issued: on the tendered votes list"}),
        (10, c2, "incident.set_state", {"state": "in_progress"}),
        (30, c1, "incident.set_state", {"state": "resolved", "reason":
                                        "Tendered paper issued and listed; possible personation referred to the "
                                        "police SPOC after the poll."}),
    ])
    _story(day, "poster", day.clock("19:30"), c2, {
        "station_id": poster.station_id, "category": "enquiries", "reporter_role": "Candidate",
        "description": "A candidate complains about a party poster near the station entrance."}, [
        (5, c2, "incident.assign", {"to": psi(poster)}),
        (40, c2, "incident.set_state", {"state": "resolved", "reason":
                                        "Poster is outside the polling place boundary: no action needed."}),
    ])
    _story(day, "id complaint", day.clock("20:10"), c1, {
        "station_id": id_complaint.station_id, "category": "voter_id", "reporter_role": "Elector",
        "channel": "phone", "description": "Elector complains she was refused with an expired bus pass."}, [
        (4, c1, "incident.assign", {"to": "Control room"}),
        (15, c1, "incident.set_state", {"state": "resolved", "reason":
                                        "Explained the accepted ID; she returned with her passport and voted."}),
        (40, c1, "incident.set_state", {"state": "closed"}),
    ])
    phone_down = cast.phone_down
    _story(day, "phone", day.clock("20:40"), c2, {
        "station_id": phone_down.station_id, "category": "comms", "reporter_name": psi(phone_down),
        "reporter_role": "Inspector", "channel": "psi_visit",
        "description": "The PO's mobile has no signal and the station phone is dead: the station cannot phone in."}, [
        (2, c2, "incident.assign", {"to": "Logistics"}),
        (8, c2, "incident.set_state", {"state": "in_progress"}),
        (10, c1, "incident.note", {"text": "Spare phone being driven out; the 21:00 return will be late."}),
    ])
    _story(day, "collection", day.clock("21:10"), c1, {
        "station_id": phone_down.station_id, "category": "close_transport", "reporter_name": psi(phone_down),
        "reporter_role": "Inspector", "description": "PO has no car tonight: the box needs collecting after close."}, [
        (3, c1, "incident.assign", {"to": "Logistics"}),
        (6, c1, "incident.set_state", {"state": "in_progress"}),
        (9, c1, "incident.note", {"text": "Collector van 2 will call at 22:15."}),
    ])
    # Logged while the room is busy with the queue, and not yet picked up at the end of the shift.
    _story(day, "tablet", day.clock("21:55"), c2, {
        "station_id": tablet.station_id, "category": "comms",
        "description": "Inspector's tablet cannot sync the station checklist."}, [])


# --- the whole day -------------------------------------------------------------------------------


def run_polling_day(night: DemoNight) -> None:
    """Play polling day. Opens the poll at 07:00 itself unless it is already open; closes it at 22:00."""
    if night.service.store.view().rows("control_settings"):
        raise RuntimeError("demo script: the control room's polling day has already been played in this database")
    day = _Day(night, substream(night.scenario.seed, "polling day"))
    cast = _cast(night, substream(night.scenario.seed, "polling day", "cast"))
    before_seven = night.service.election()["poll_state"] == "not_open"
    if before_seven:
        night.at(day.clock("06:00"))
    start = max(night.clock.now(), day.clock("06:00"))
    inspectors = _inspectors(day, cast, start)
    _opening(day, cast, before_seven)
    if before_seven:
        day.command(day.clock("07:00"), "manager", "poll.open")
    _incidents(day, cast, inspectors)
    _turnout_returns(day, cast)
    _voter_id(day, cast)
    _sweeps(day, cast, inspectors, start + timedelta(minutes=15))  # once every station has its inspector
    _closing(day, cast)
    day.play()


def dispatch_boxes(night: DemoNight) -> None:
    """Every box not yet at the count leaves its station after the close: for the boxes-arriving stage."""
    view = night.service.store.view()
    if night.service.election()["poll_state"] != "closed":
        raise RuntimeError("demo script: boxes are dispatched after the close of poll; run the polling day first")
    rng = substream(night.scenario.seed, "polling day", "dispatch")
    status = {r["station_id"]: r for r in view.rows("station_status")}
    received = {r["box_id"] for r in view.rows("box_receipts")}
    dispatched = {r["box_id"] for r in view.rows("box_dispatches")}
    poll_date = night.definition.poll_date
    night.at(datetime.combine(poll_date, time(22, 30), tzinfo=UK))
    now = night.clock.now()
    stations = {s.station_id: s for s in night.definition.stations}
    no_car = _cast(night, substream(night.scenario.seed, "polling day", "cast")).phone_down.station_id
    for number, box in enumerate(sorted(night.definition.boxes, key=lambda b: (b.expected_arrival, b.box_id))):
        if box.box_id in received or box.box_id in dispatched:
            continue
        closed = status.get(box.station_id, {}).get("since")
        closed_at = datetime.fromisoformat(closed) if closed else now
        left = min(closed_at + timedelta(minutes=rng.randint(10, 25)), now)
        eta = box.expected_arrival.replace(tzinfo=UK)
        if eta < left + timedelta(minutes=10):
            eta = left + timedelta(minutes=30)  # held back by the queue: a fresh estimate
        collector = "Collector van 2" if box.station_id == no_car else stations[box.station_id].presiding_officer
        night.run(_operator(number), "box.dispatch", box_id=box.box_id, collector=collector,
                  eta=eta.astimezone(UK).strftime("%H:%M"), left_at=left.astimezone(UK).strftime("%H:%M"))
        night.tick(5)
