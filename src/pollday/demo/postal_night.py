"""Postal votes in the demo, run through the services: the absent voters list, six opening
sessions, the final session on polling day, and the postal ballot boxes delivered to the count.

`run_postal_sessions` does it all and ends with every postal ballot box sealed and checked
in, so verification counts them against their postal ballot paper accounts. It works
wherever the clock stands: a session whose planned time has already passed runs at the
current time, paced to finish before the final session opens at 20:30 on polling day;
that session ends before the first polling station box arrives. The plan itself (who
returns what, and when) is `demo.postal_plan`.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from pollday.demo import names
from pollday.demo.night import DemoNight
from pollday.demo.postal_plan import FINAL_SESSION_OPENS, PostalPlan, SessionPlan, Verdict, postal_plan
from pollday.demo.seeding import substream
from pollday.domain.postal_figures import adjudication_queue
from pollday.domain.timefmt import UK

OPERATOR, ADJUDICATOR, MANAGER, RECEPTION, COUNTER = "postal1", "deputy2", "manager", "reception1", "assistant1"
LOCATION = "Council Chamber, Kestrel Vale District Council offices"
SESSION_LENGTH = timedelta(hours=3)
MIN_SQUEEZED_SESSION = timedelta(minutes=30)
CLOSE_OF_POLL = time(22, 0)
FOUND_SESSION = "S8"


def plan_for(night: DemoNight) -> PostalPlan:
    return postal_plan(night.definition, night.scenario)


def run_postal_sessions(night: DemoNight) -> None:
    """Everything postal up to the close of poll, ending with the postal boxes checked in at the count."""
    import_absent_voters(night)
    run_opening_sessions(night)
    run_final_session(night)


def import_absent_voters(night: DemoNight) -> None:
    if night.service.store.view().count("postal_voters"):
        return
    night.tick(60)
    night.run(MANAGER, "postal.import_voters", voters=[v.json() for v in plan_for(night).voters])


def run_opening_sessions(night: DemoNight) -> None:
    """The six sessions before polling day, each at its planned time, or as soon as the clock allows."""
    plan = plan_for(night)
    opening = [s for s in plan.sessions if not s.final]
    for number, session in enumerate(opening):
        if night.service.store.view().get("postal_sessions", (session.session_id,)) is not None:
            continue
        if number == 1:
            _record_undelivered(night, plan, session.planned)
        start = max(night.clock.now(), session.planned)
        remaining = len(opening) - number
        length = min(SESSION_LENGTH, (_squeeze_deadline(night, start, remaining) - start) / remaining)
        night.at(start)
        _run_session(night, session, _step(length, _commands(session)))


def run_final_session(night: DemoNight) -> None:
    """The final session on polling day: hand-ins, the day's post, the close of poll, boxes to the count.

    It opens at 20:30, or when called if later, and is paced to finish before the first
    polling station box is due at the count.
    """
    plan = plan_for(night)
    session = next(s for s in plan.sessions if s.final)
    if night.service.store.view().get("postal_sessions", (session.session_id,)) is not None:
        return
    start = max(night.clock.now(), session.planned)
    close = night.local(CLOSE_OF_POLL)
    end = close if start < close - timedelta(minutes=30) else _first_box_due(night)
    commands = len(plan.hand_ins.forms) + len(plan.hand_ins.rejected) + _commands(session)
    step = _step(end - start, commands)
    night.at(start)
    _open(night, session, step)
    for form in plan.hand_ins.forms:  # the forms that came in with the day's sweeps and at the offices
        night.clock.advance(step)
        night.run(OPERATOR, "postal.hand_in", **form)
    for reference, pvs_number, with_paper in plan.hand_ins.rejected:  # opened apart, for the fourth list
        night.clock.advance(step)
        night.run(OPERATOR, "postal.open_rejected_hand_in", session_id=session.session_id, reference=reference,
                  ballot_number=pvs_number, paper_with_pvs=with_paper)
    _open_envelopes(night, session, step)
    _adjudicate(night, session, step)
    night.at(close)
    if night.service.election()["poll_state"] == "open":
        night.run(MANAGER, "poll.close")
    _seal_and_close(night, session, min(step, timedelta(minutes=1)))
    _deliver_boxes_to_the_count(night, min(step, timedelta(seconds=20)))


def record_late_returns(night: DemoNight) -> None:
    """Covering envelopes that arrived after the close of poll: kept unopened, counted for Form K."""
    for contest_id, envelopes in plan_for(night).late.items():
        if envelopes:
            night.tick(30)
            night.run(OPERATOR, "postal.record_late", contest_id=contest_id, envelopes=envelopes,
                      note="delivered by Royal Mail after the close of poll; kept unopened in a sealed packet")


def open_votes_found_in_ballot_box(night: DemoNight, count_at_verification: bool = True) -> None:
    """The postal votes found in a polling station box at verification, opened and counted (§9.5).

    A short continuation of the final session opens them, seals them in their own postal
    ballot box, and the box is checked in and (unless verification will count every
    postal box itself afterwards) counted at verification like the others.
    """
    plan = plan_for(night)
    found = night.scenario.postal_votes_in_box
    final = next(s for s in plan.sessions if s.final)
    session = SessionPlan(FOUND_SESSION, f"Final opening session (continued): postal votes found in box "
                                         f"{found.box_id}", night.clock.now(), final=True)
    session.batches = [("found_in_ballot_box", [
        {"ballot_number": v.live.pvs_number, "date_of_birth": f"{v.dob:%d %m %Y}", "signature": "matches"}
        for v in plan.found_in_ballot_box])]
    step = timedelta(minutes=2)
    night.tick(300)
    night.run(OPERATOR, "postal.open_session", session_id=session.session_id, title=session.title,
              notice_given_at=final.notice_given_at.isoformat(), location=LOCATION, max_agents=2, final=True)
    night.run(OPERATOR, "postal.open_box", session_id=session.session_id, box_id=_box_id(night, 0, session),
              contest_id=night.definition.contests[0].contest_id)
    _open_envelopes(night, session, step)
    _seal_and_close(night, session, step)
    _deliver_boxes_to_the_count(night, step)
    box = night.service.store.view().get("postal_boxes", (_box_id(night, 0, session),))
    assert box is not None
    if count_at_verification:
        night.clock.advance(step)
        night.run(COUNTER, "verification.count", box_id=box["box_id"], count=box["papers_placed"])


# --- pacing --------------------------------------------------------------------------------------


def _commands(session: SessionPlan) -> int:
    """About how many commands a session runs, to spread them over its time."""
    return 2 * len(session.batches) + len(session.verdicts) + len(session.rechecks) + 12


def _step(length: timedelta, commands: int) -> timedelta:
    """The time between commands: whole seconds, at least one, at most ten minutes."""
    return timedelta(seconds=min(max(int(length.total_seconds()) // max(commands, 1), 1), 600))


def _squeeze_deadline(night: DemoNight, start: datetime, remaining: int) -> datetime:
    """When sessions whose planned day has passed must be done by: that evening if it leaves time
    for them, otherwise before the final session on polling day."""
    evening = datetime.combine(start.astimezone(UK).date(), time(21, 0), tzinfo=UK)
    before_final = night.local(FINAL_SESSION_OPENS) - timedelta(minutes=30)
    if evening < before_final and evening - start >= remaining * MIN_SQUEEZED_SESSION:
        return evening
    return before_final


def _first_box_due(night: DemoNight) -> datetime:
    first = min(box.expected_arrival for box in night.definition.boxes)
    return (first.replace(tzinfo=UK) if first.tzinfo is None else first) - timedelta(minutes=15)


# --- one session -------------------------------------------------------------------------------


def _box_id(night: DemoNight, position: int, session: SessionPlan) -> str:
    """P1, P2 ... for the first contest's boxes; PL1 ... for a local contest's, as the paper labels say.

    At a larger scale several contests share a kind, so later ones carry their position too (PP3-1).
    """
    number = session.session_id.removeprefix("S")
    contest = night.definition.contests[position]
    if position == 0:
        return f"P{number}"
    prefix = f"P{contest.kind.value[0].upper()}"
    same_kind = [c for c in night.definition.contests[1:] if c.kind == contest.kind]
    if len(same_kind) > 1:
        return f"{prefix}{position}-{number}"
    return f"{prefix}{number}"


def _open(night: DemoNight, session: SessionPlan, step: timedelta) -> None:
    rng = substream(night.scenario.seed, "postal", "agents", session.session_id)
    night.run(OPERATOR, "postal.open_session", session_id=session.session_id, title=session.title,
              notice_given_at=session.notice_given_at.isoformat(), location=LOCATION, max_agents=2,
              agents=[names.person_name(rng) for _ in range(rng.randint(1, 4))], final=session.final)
    for position, contest in enumerate(night.definition.contests):
        night.clock.advance(step)  # each box is shown empty to the agents first
        night.run(OPERATOR, "postal.open_box", session_id=session.session_id,
                  box_id=_box_id(night, position, session), contest_id=contest.contest_id)


def _run_session(night: DemoNight, session: SessionPlan, step: timedelta) -> None:
    _open(night, session, step)
    _open_envelopes(night, session, step)
    _adjudicate(night, session, step)
    for number, verdict in session.rechecks:
        night.clock.advance(step)
        night.run(ADJUDICATOR, "postal.recheck", session_id=session.session_id, ballot_number=number,
                  **_verdict_args(verdict))
    _seal_and_close(night, session, step)


def _open_envelopes(night: DemoNight, session: SessionPlan, step: timedelta) -> None:
    for index, (source, items) in enumerate(session.batches, start=1):
        night.clock.advance(step)
        night.run(OPERATOR, "postal.count_envelopes", session_id=session.session_id, batch=str(index),
                  envelopes=len(items), source=source)
        night.clock.advance(step)  # scanned by the machine, then recorded as one batch
        night.run(OPERATOR, "postal.check_batch", session_id=session.session_id, batch=str(index), items=items)


def _verdict_args(verdict: Verdict) -> dict[str, Any]:
    return {"decision": verdict.decision, "reasons": list(verdict.reasons), "objected": verdict.objected,
            "suspected_offence": verdict.suspected_offence, "note": verdict.note}


def _adjudicate(night: DemoNight, session: SessionPlan, step: timedelta) -> None:
    """The deputy for postal votes decides each proposed rejection and referral, shown to the agents."""
    waiting = [r for r in adjudication_queue(night.service.store.view()) if r["session_id"] == session.session_id]
    for row in waiting:
        night.clock.advance(step)
        verdict = session.verdicts.get(row["pvs_number"], Verdict("reject" if row["proposed_reasons"] else "accept"))
        night.run(ADJUDICATOR, "postal.adjudicate", ballot_number=row["pvs_number"], **_verdict_args(verdict))


def _seal_and_close(night: DemoNight, session: SessionPlan, step: timedelta) -> None:
    view = night.service.store.view()
    for box in sorted(view.rows("postal_ballot_boxes", session_id=session.session_id, state="open"),
                      key=lambda b: b["box_id"]):
        night.clock.advance(step)
        night.run(OPERATOR, "postal.seal_box", box_id=box["box_id"])
    night.clock.advance(step)
    night.run(OPERATOR, "postal.close_session", session_id=session.session_id)


def _record_undelivered(night: DemoNight, plan: PostalPlan, when: datetime) -> None:
    night.at(when - timedelta(hours=1))
    for number in plan.undelivered:
        night.tick(5)
        night.run(OPERATOR, "postal.record_undelivered", ballot_number=number,
                  note="returned by Royal Mail: addressee gone away")


def _deliver_boxes_to_the_count(night: DemoNight, step: timedelta) -> None:
    """Every sealed postal ballot box not yet at the count is checked in there (§2.4)."""
    view = night.service.store.view()
    received = {r["box_id"] for r in view.rows("box_receipts")}
    for box in sorted(view.rows("postal_boxes"), key=lambda b: (len(b["box_id"]), b["box_id"])):
        if box["box_id"] in received:
            continue
        night.clock.advance(step)
        night.run(RECEPTION, "box.check_in", box_id=box["box_id"], delivered_by="postal vote team")
        night.issued[("postal", box["box_id"])] = box["papers_placed"]
