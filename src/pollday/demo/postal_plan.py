"""What the demo's postal voters do: a seeded plan, pure data, run by `demo.postal_night`.

Volumes follow the domain reference §9.5: the contest's postal voters (about 22% of the
electorate), 84% of packs returned, six opening sessions sharing what comes by post
before polling day, and a final session of about 900 on the day (about 250 handed in at
polling stations), about 3% rejected on identifiers split 40% signature mismatch, 25%
date of birth mismatch, 20% date of birth blank, 15% signature blank, and the hand-in
scenarios of §9.5 item 4. A ward lies inside the constituency, so its postal voters'
packs are combined: one PVS with a paper for each poll.
"""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from pollday.demo import names
from pollday.demo.electorate import apportion
from pollday.demo.scenario import DemoScenario
from pollday.demo.seeding import substream
from pollday.domain.election import ElectionDefinition
from pollday.domain.postal import swapped_day_month
from pollday.domain.timefmt import UK

OPENING_SESSIONS = 6
SESSION_DAYS_BEFORE_POLL = (13, 11, 9, 6, 4, 2)  # weekdays and a weekend, as volumes require (§5.4)
SESSION_STARTS = time(10, 0)
FINAL_SESSION_OPENS = time(20, 30)
RETURN_RATE = 0.84
UNDELIVERED_RATE = 0.003
LATE_RATE = 0.0025
FINAL_BY_POST = 650  # posted in time for polling day's deliveries, or taken to the council offices
STATION_HAND_INS = 250
OFFICE_HAND_INS = 60
BATCH = 200
IDENTIFIER_REJECTIONS = 0.03
REJECTION_MIX = (("signature_mismatch", 0.40), ("dob_mismatch", 0.25), ("dob_blank", 0.20),
                 ("signature_blank", 0.15))
FIRST_NUMBER = 100_001  # postal papers are numbered apart from the polling station ranges
NUMBERS_PER_CONTEST = 100_000
OFFICE = "Council offices, Market Street"


@dataclass
class Pack:
    pvs_number: str
    papers: list[tuple[str, str]]  # (contest_id, number), as listed on the PVS
    issue_type: str = "original"
    cancelled: bool = False

    def json(self) -> dict[str, Any]:
        return {"papers": [{"contest_id": c, "number": n} for c, n in self.papers], "issue_type": self.issue_type,
                "cancelled": self.cancelled}


@dataclass
class Voter:
    elector_number: str
    name: str
    address: str
    dob: date
    waiver: bool
    proxy: tuple[str, str, str] | None  # (name, address, elector number): the proxy signs the PVS
    packs: list[Pack]

    @property
    def live(self) -> Pack:
        """The pack that counts; only voters with one are planned for."""
        return next(p for p in self.packs if not p.cancelled)

    @property
    def has_live_pack(self) -> bool:
        return any(not p.cancelled for p in self.packs)

    def json(self) -> dict[str, Any]:
        proxy_name, proxy_address, proxy_number = self.proxy or ("", "", "")
        return {"elector_number": self.elector_number, "name": self.name, "address": self.address,
                "date_of_birth": self.dob.isoformat(), "signature_waiver": self.waiver, "proxy_name": proxy_name,
                "proxy_address": proxy_address, "proxy_elector_number": proxy_number,
                "packs": [p.json() for p in self.packs]}


@dataclass(frozen=True)
class Verdict:
    decision: str  # accept or reject
    reasons: tuple[str, ...] = ()  # empty: the proposed reasons
    objected: bool = False
    suspected_offence: bool = False
    note: str = ""


@dataclass
class SessionPlan:
    session_id: str
    title: str
    planned: datetime
    final: bool
    batches: list[tuple[str, list[dict[str, Any]]]] = field(default_factory=list)  # (source, check items)
    verdicts: dict[str, Verdict] = field(default_factory=dict)  # PVS number -> the RO's decision
    rechecks: list[tuple[str, Verdict]] = field(default_factory=list)

    @property
    def notice_given_at(self) -> datetime:
        return self.planned - timedelta(days=4)


@dataclass
class HandInPlan:
    forms: list[dict[str, Any]] = field(default_factory=list)  # `postal.hand_in` arguments, in order
    rejected: list[tuple[str, str, bool]] = field(default_factory=list)  # (reference, PVS, paper with the PVS)
    at_stations: list[Voter] = field(default_factory=list)  # accepted: opened at the final session
    at_office: list[Voter] = field(default_factory=list)


@dataclass
class PostalPlan:
    voters: list[Voter]
    sessions: list[SessionPlan]
    undelivered: list[str]  # PVS numbers of packs Royal Mail returned
    hand_ins: HandInPlan
    late: dict[str, int]  # contest -> covering envelopes arriving after the close of poll
    found_in_ballot_box: list[Voter]  # posted into a polling station box by mistake


def _local(definition: ElectionDefinition, at: time, days_before: int = 0) -> datetime:
    return datetime.combine(definition.poll_date - timedelta(days=days_before), at, tzinfo=UK)


# --- the absent voters list ----------------------------------------------------------------


@dataclass(frozen=True)
class _District:
    code: str
    contests: tuple[str, ...]
    electorate: int
    town: str
    outward: str  # postcode district


def _districts(definition: ElectionDefinition) -> list[_District]:
    contests_at: dict[str, list[str]] = {}
    for box in definition.boxes:
        listed = contests_at.setdefault(box.station_id, [])
        if box.contest_id not in listed:
            listed.append(box.contest_id)
    found: dict[str, _District] = {}
    for station in definition.stations:
        _street, town, postcode = (part.strip() for part in station.place_address.rsplit(",", 2))
        old = found.get(station.district_code, _District(station.district_code, (), 0, town, postcode.split()[0]))
        contests = old.contests + tuple(c for c in contests_at.get(station.station_id, []) if c not in old.contests)
        found[station.district_code] = _District(old.code, contests, old.electorate + station.electorate, old.town,
                                                 old.outward)
    return list(found.values())


def _voters_per_district(definition: ElectionDefinition, scenario: DemoScenario) -> dict[str, int]:
    """Each contest's postal voters spread over its districts by electorate, smallest area first.

    The ward's districts lie inside the constituency: the ward's figure is placed first and
    the constituency's remainder goes to its other districts, so both totals are exact.
    """
    districts = _districts(definition)
    counts: dict[str, int] = {}
    for contest in sorted(definition.contests, key=lambda c: sum(c.contest_id in d.contests for d in districts)):
        total = scenario.figures_for(contest.contest_id).postal_voters
        mine = [d for d in districts if contest.contest_id in d.contests]
        placed = sum(counts.get(d.code, 0) for d in mine)
        unplaced = [d for d in mine if d.code not in counts]
        if unplaced:
            shares = apportion(max(total - placed, 0), [d.electorate for d in unplaced])
            counts.update({d.code: share for d, share in zip(unplaced, shares, strict=True)})
    return counts


def build_absent_voters(definition: ElectionDefinition, scenario: DemoScenario) -> list[Voter]:
    rng = substream(scenario.seed, "postal", "voters")
    per_district = _voters_per_district(definition, scenario)
    positions = {c.contest_id: i for i, c in enumerate(definition.contests)}
    next_number = {c: FIRST_NUMBER + i * NUMBERS_PER_CONTEST for c, i in positions.items()}

    def pack(contests: tuple[str, ...], issue_type: str = "original", cancelled: bool = False) -> Pack:
        papers = []
        for contest in sorted(contests, key=positions.__getitem__):
            papers.append((contest, str(next_number[contest])))
            next_number[contest] += 1
        return Pack(papers[0][1], papers, issue_type, cancelled)

    voters: list[Voter] = []
    for district in _districts(definition):
        for k in range(1, per_district.get(district.code, 0) + 1):
            street = f"{rng.randint(1, 180)} {rng.choice(names.STREETS)}"
            address = f"{street}, {district.town} {names.postcode(rng, district.outward)}"
            proxy = None
            if rng.random() < 0.008:
                proxy = (names.person_name(rng), f"{rng.randint(1, 180)} {rng.choice(names.STREETS)}, {district.town}",
                         f"{district.code}-{9000 + k:04d}")
            roll = rng.random()
            if roll < 0.005:
                packs = [pack(district.contests, cancelled=True), pack(district.contests, "replacement_lost")]
            elif roll < 0.008:
                packs = [pack(district.contests, cancelled=True), pack(district.contests, "replacement_spoilt")]
            elif roll < 0.009:
                packs = [pack(district.contests, cancelled=True)]  # cancelled on a change of address (reg 78A)
            else:
                packs = [pack(district.contests)]
            age = rng.triangular(18.5, 98, 72)  # postal voters are older than the electorate as a whole
            dob = definition.poll_date - timedelta(days=round(age * 365.25))
            voters.append(Voter(f"{district.code}-{k:04d}", names.person_name(rng), address, dob,
                                rng.random() < 0.006, proxy, packs))
    proxied = [v for v in voters if v.proxy is not None and v.has_live_pack]
    if len(proxied) >= 2 and proxied[0].proxy is not None and proxied[1].proxy is not None:
        # One person is proxy for two electors (their parents, say): a hand-in scenario needs them.
        proxied[1].proxy = (proxied[0].proxy[0], proxied[0].proxy[1], proxied[1].proxy[2])
    return voters


# --- what comes back in each covering envelope ------------------------------------------------


def _written(rng: random.Random, day: date) -> str:
    """A date of birth as people write it on a PVS."""
    style = rng.random()
    if style < 0.55:
        return f"{day:%d %m %Y}"
    if style < 0.85:
        return f"{day:%d/%m/%Y}"
    if style < 0.95:
        return f"{day.day}/{day.month}/{day:%y}"
    return f"{day:%d.%m.%Y}"


class _Envelopes:
    """Turns returning voters into check items and the RO's verdicts, with the §5.4 edge cases."""

    def __init__(self, rng: random.Random, poll: date) -> None:
        self.rng = rng
        self.poll = poll

    def item(self, voter: Voter) -> dict[str, Any]:
        signature = "blank" if voter.waiver and self.rng.random() < 0.7 else "matches"
        return {"ballot_number": voter.live.pvs_number, "date_of_birth": _written(self.rng, voter.dob),
                "signature": signature}

    def rejection(self, voter: Voter) -> dict[str, Any]:
        kind = self.rng.choices([k for k, _ in REJECTION_MIX], [w for _, w in REJECTION_MIX])[0]
        item = self.item(voter)
        if kind == "signature_mismatch" or (kind == "signature_blank" and voter.waiver):
            item["signature"] = "does_not_match"
        elif kind == "signature_blank":
            item["signature"] = "blank"
        elif kind == "dob_blank":
            item["date_of_birth"] = ""
        elif self.rng.random() < 0.15:  # the date the PVS was filled in, written where the DOB goes
            item["date_of_birth"] = _written(self.rng, self.poll - timedelta(days=self.rng.randint(20, 40)))
        else:
            item["date_of_birth"] = _written(self.rng, voter.dob - timedelta(days=365))
        return item

    def of(self, returning: list[Voter]) -> tuple[list[dict[str, Any]], dict[str, Verdict], list[dict[str, Any]]]:
        """(items in the order opened, the RO's verdicts, papers that arrive at the next session)."""
        items: list[dict[str, Any]] = []
        verdicts: dict[str, Verdict] = {}
        later: list[dict[str, Any]] = []
        waiting_swap: Voter | None = None
        for voter in returning:
            pack = voter.live
            roll = self.rng.random() - IDENTIFIER_REJECTIONS
            if roll < 0:
                item = self.rejection(voter)
                verdicts[pack.pvs_number] = Verdict("reject", objected=self.rng.random() < 0.05,
                                                    suspected_offence=self.rng.random() < 0.01)
            elif roll < 0.003:  # proposed for rejection; the RO finds other evidence
                item = self.item(voter) | {"signature": "does_not_match"}
                verdicts[pack.pvs_number] = Verdict("accept", note="matches the signature on the application form")
            elif roll < 0.0045 and (swapped := swapped_day_month(voter.dob)) is not None:
                item = self.item(voter) | {"date_of_birth": f"{swapped:%d/%m/%Y}"}
                verdicts[pack.pvs_number] = Verdict("accept", note="day and month swapped: the RO is satisfied")
            elif roll < 0.0065:  # ballot paper envelope without its PVS: the first list
                item = {"ballot_number": pack.papers[0][1], "pvs_present": False}
            elif roll < 0.008:  # PVS without its paper: the second list
                item = self.item(voter) | {"envelope_a_present": False}
            elif roll < 0.009:  # the paper follows in a later envelope and is matched then
                item = self.item(voter) | {"envelope_a_present": False}
                later.append({"ballot_number": pack.papers[0][1], "pvs_present": False})
            elif roll < 0.0105 and len(pack.papers) > 1:  # one poll's paper kept back
                item = self.item(voter) | {"papers_missing": [pack.papers[1][1]]}
            elif roll < 0.0115 and len(pack.papers) == 1:  # two households' contents swapped: matched
                if waiting_swap is None:
                    waiting_swap = voter
                    continue
                other = waiting_swap.live.pvs_number
                items.append(self.item(waiting_swap) | {"numbers_match": False, "envelope_a_number": pack.pvs_number})
                item = self.item(voter) | {"numbers_match": False, "envelope_a_number": other}
                waiting_swap = None
            else:
                item = self.item(voter)
            items.append(item)
        if waiting_swap is not None:
            items.append(self.item(waiting_swap))
        return items, verdicts, later


def _batches(source: str, items: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    return [(source, items[i:i + BATCH]) for i in range(0, len(items), BATCH)]


# --- hand-ins (§5.3 and the scenarios of §9.5 item 4) -----------------------------------------


class _HandIns:
    """The day's hand-ins, drawn from returning voters, each voter used once."""

    def __init__(self, definition: ElectionDefinition, returning: list[Voter], rng: random.Random) -> None:
        self.rng = rng
        self.stations = [s.station_id for s in definition.stations]
        self.pool = iter([v for v in returning if v.proxy is None])
        self.plan = HandInPlan()

    def take(self, count: int) -> list[Voter]:
        return [next(self.pool) for _ in range(count)]

    def form(self, reference: str, station: str | None, own: Voter | None, others: list[Voter],
             others_rejected: bool = False, by: Voter | None = None, **extra: Any) -> None:
        """One PVR form; `by` is who handed them in when that is not the owner of the own vote."""
        args: dict[str, Any] = {"reference": reference, "station_id": station, "own_vote": own is not None,
                                "others": len(others), **extra}
        if station is None:
            args["location"] = OFFICE
        who = by or own
        if who is not None and "person_name" not in args:
            args |= {"person_name": who.name, "person_address": who.address}
        self.plan.forms.append(args)
        whole_form_rejected = not extra.get("form_complete", True)
        for voter in ([own] if own else []) + others:
            if whole_form_rejected or (voter is not own and others_rejected):
                self.plan.rejected.append((reference, voter.live.pvs_number, True))
            elif station is None:
                self.plan.at_office.append(voter)
            else:
                self.plan.at_stations.append(voter)

    def scenarios(self, proxied: list[Voter]) -> None:
        st = self.stations
        self.form("PVR-S01", st[0], self.take(1)[0], self.take(5))  # own plus 5 others: accepted
        self.form("PVR-S02", st[1], self.take(1)[0], self.take(6), others_rejected=True)  # own plus 6
        runner = self.take(1)[0]
        self.form("PVR-S03", st[2], runner, self.take(4))  # own plus 4 ...
        self.form("PVR-S04", st[3], None, self.take(2), others_rejected=True, by=runner)  # ... then 2: 7 in all
        if len(proxied) == 2 and proxied[0].proxy is not None:
            self.form("PVR-S05", st[4], None, self.take(4), others_rejected=True, proxy_votes=2,
                      person_name=proxied[0].proxy[0], person_address=proxied[0].proxy[1])  # limit 5 - 2 = 3
            self.plan.at_stations.extend(proxied)
        street = f"{self.rng.randint(1, 90)} Kingsway, Harrowden"
        self.form("PVR-S06", st[5], None, self.take(1), campaigner=True, relatives_or_cared_for=True,
                  person_name=names.person_name(self.rng), person_address=street)  # a campaigner's mother
        self.form("PVR-S07", st[6], None, self.take(1), others_rejected=True, campaigner=True,
                  person_name=names.person_name(self.rng), person_address=street)  # a campaigner's neighbour
        left = self.take(1)[0]
        self.plan.forms.append({"reference": "LEFT-S08", "station_id": st[7], "left_behind": 1})
        self.plan.rejected.append(("LEFT-S08", left.live.pvs_number, True))
        self.form("PVR-S09", st[8], self.take(1)[0], [], wrong_area=1)  # a neighbouring constituency's vote
        self.form("PVR-S10", st[9], self.take(1)[0], [], form_complete=False)  # section 2 left blank
        reference, pvs, _paper = self.plan.rejected[6]
        self.plan.rejected[6] = (reference, pvs, False)  # a PVS without its matching paper: list 4 says so

    def everyday(self) -> None:
        """Mostly a voter's own, often with a partner's."""
        number = 11
        while len(self.plan.at_stations) + len(self.plan.rejected) < STATION_HAND_INS:
            self.form(f"PVR-S{number:02d}", self.rng.choice(self.stations), self.take(1)[0],
                      self.take(self.rng.choice((0, 0, 1, 1, 2))))
            number += 1
        number = 1
        while len(self.plan.at_office) < OFFICE_HAND_INS:
            self.form(f"PVR-C{number:02d}", None, self.take(1)[0], self.take(self.rng.choice((0, 1))))
            number += 1


def _proxy_pair(voters: list[Voter]) -> list[Voter]:
    """The two electors with the same proxy that build_absent_voters makes."""
    by_proxy: dict[str, list[Voter]] = {}
    for voter in voters:
        if voter.proxy is not None:
            by_proxy.setdefault(voter.proxy[0], []).append(voter)
    return next((pair[:2] for pair in by_proxy.values() if len(pair) >= 2), [])


# --- the plan ------------------------------------------------------------------------------


@functools.lru_cache(maxsize=2)
def postal_plan(definition: ElectionDefinition, scenario: DemoScenario) -> PostalPlan:
    """The whole postal story of the demo for this definition and seed (computed once, then shared)."""
    voters = build_absent_voters(definition, scenario)
    rng = substream(scenario.seed, "postal", "returns")
    envelopes = _Envelopes(rng, definition.poll_date)
    live = [v for v in voters if v.has_live_pack]
    rng.shuffle(live)
    pair = _proxy_pair(live)
    live = pair + [v for v in live if v not in pair]  # the proxy scenario needs both of them returning
    returning = live[:round(len(live) * RETURN_RATE)]
    rest = live[len(returning):]
    undelivered = rest[:round(len(live) * UNDELIVERED_RATE)]
    late = rest[len(undelivered):len(undelivered) + round(len(live) * LATE_RATE)]
    # The votes found in a polling station's box are parliamentary-only packs: that box is the constituency's.
    found = [v for v in rest[len(undelivered) + len(late):]
             if len(v.live.papers) == 1][:scenario.postal_votes_in_box.postal_votes_found]
    hand_ins = _HandIns(definition, returning, rng)
    hand_ins.scenarios(pair)
    hand_ins.everyday()
    handed = {v.elector_number for v in hand_ins.plan.at_stations + hand_ins.plan.at_office}
    handed |= {v.elector_number for v in returning
               if v.live.pvs_number in {pvs for _r, pvs, _p in hand_ins.plan.rejected}}
    posted = [v for v in returning if v.elector_number not in handed]
    on_the_day, early = posted[:FINAL_BY_POST], posted[FINAL_BY_POST:]
    sessions = []
    start, carried = 0, []
    for number, (share, days) in enumerate(zip(apportion(len(early), [1.0] * OPENING_SESSIONS),
                                               SESSION_DAYS_BEFORE_POLL, strict=True), start=1):
        plan = SessionPlan(f"S{number}", f"Opening session {number}", _local(definition, SESSION_STARTS, days),
                           final=False)
        items, plan.verdicts, later = envelopes.of(early[start:start + share])
        plan.batches = _batches("post", carried + items)
        start, carried = start + share, later
        sessions.append(plan)
    final = SessionPlan(f"S{OPENING_SESSIONS + 1}", "Final opening session (polling day)",
                        _local(definition, FINAL_SESSION_OPENS), final=True)
    for source, group in (("council_office", hand_ins.plan.at_office),
                          ("polling_station", hand_ins.plan.at_stations), ("post", on_the_day)):
        items, verdicts, later = envelopes.of(group)
        # On the night a paper that came apart from its PVS turns up in the same batch.
        final.batches += _batches(source, (carried if source == "post" else []) + items + later)
        final.verdicts |= verdicts
    sessions.append(final)
    _plan_rechecks(sessions, rng)
    late_counts = {c.contest_id: 0 for c in definition.contests}
    for voter in late:
        for contest, _number in voter.live.papers:
            late_counts[contest] += 1
    return PostalPlan(voters, sessions, [v.live.pvs_number for v in undelivered], hand_ins.plan, late_counts,
                      found)


def _plan_rechecks(sessions: list[SessionPlan], rng: random.Random) -> None:
    """Two PVSs accepted at session 2 are taken out again at session 4 and rejected (§5.4)."""
    plain = [item["ballot_number"] for _source, items in sessions[1].batches for item in items
             if set(item) == {"ballot_number", "date_of_birth", "signature"} and item["signature"] == "matches"
             and item["ballot_number"] not in sessions[1].verdicts]
    for number in rng.sample(plain, 2):
        sessions[3].rechecks.append((number, Verdict(
            "reject", ("signature_does_not_match",),
            note="the ERO's signature record received since shows a different signature")))
