"""The demo's postal votes: realistic volumes, the edge cases and hand-in scenarios, boxes verified."""

from __future__ import annotations

import random
from collections import Counter
from datetime import datetime, time
from pathlib import Path

import pytest

import pollday.domain.commands.postal  # noqa: F401  (registers the postal commands)
from pollday.demo.night import DemoNight, close_poll_and_receive, verify_everything
from pollday.demo.postal_night import (
    import_absent_voters,
    open_votes_found_in_ballot_box,
    record_late_returns,
    run_final_session,
    run_opening_sessions,
    run_postal_sessions,
)
from pollday.demo.postal_plan import postal_plan
from pollday.demo.scenario import build_demo_scenario
from pollday.demo.stages import uk_moment
from pollday.domain.election import ElectionMode
from pollday.domain.journal import JournalEntry
from pollday.domain.postal_figures import all_contest_figures, list_four, list_one, list_three, list_two, load_book
from pollday.domain.verification import contest_verification
from pollday.services.clock import ManualClock
from pollday.services.election_service import ElectionService
from tests.demo.builds import demo

PARL = "parl.kestrel-vale.2026-05-07"
WARD = "local.harrowden.north-ward.2026-05-07"


def _night(path: Path, seed: int = 2026) -> DemoNight:
    """A DemoNight built the way stages.build_demo builds one."""
    definition = demo(seed)
    rng = random.Random(f"demo-entropy-{seed}")
    clock = ManualClock(uk_moment(definition, time(9, 0), days_after_poll=-1))
    service = ElectionService.create(path, definition, ElectionMode.REHEARSAL, clock=clock, terminal="demo",
                                     entropy=rng.randbytes)
    return DemoNight(service, clock, definition, build_demo_scenario(definition, seed),
                     random.Random(f"demo-night-{seed}"))


def _open_the_poll(night: DemoNight) -> None:
    night.at(night.local(time(7, 0)))
    night.run("manager", "poll.open")


@pytest.fixture(scope="module")
def night(tmp_path_factory: pytest.TempPathFactory) -> DemoNight:
    """Called as the brief has it: on polling day, before the boxes arrive."""
    night = _night(tmp_path_factory.mktemp("postal") / "postal.db")
    _open_the_poll(night)
    run_postal_sessions(night)
    close_poll_and_receive(night, until=None)
    open_votes_found_in_ballot_box(night)
    record_late_returns(night)
    verify_everything(night)
    return night


def test_seven_sessions_of_realistic_size_all_closed_on_time(night: DemoNight) -> None:
    view = night.service.store.view()
    sessions = {s["session_id"]: s for s in view.rows("postal_sessions")}
    assert sorted(sessions) == [f"S{n}" for n in range(1, 9)]
    assert all(s["closed_at"] and not s["notice_warning"] for s in sessions.values())
    checked = Counter(r["pvs_session_id"] for r in view.rows("postal_returns") if r["pvs_received"])
    assert all(2_000 <= checked[f"S{n}"] <= 2_400 for n in range(1, 7)), checked
    assert 850 <= checked["S7"] <= 1_000
    receipts = view.rows("box_receipts")
    first_station_box = min(r["arrived_at"] for r in receipts if view.get("boxes", (r["box_id"],)))
    final_closed = datetime.fromisoformat(sessions["S7"]["closed_at"])
    assert final_closed < datetime.fromisoformat(first_station_box)
    assert final_closed.astimezone(night.local(time(0)).tzinfo).time() >= time(22, 0)


def test_the_figures_add_up_and_match_verification(night: DemoNight) -> None:
    view = night.service.store.view()
    book = load_book(view)
    figures = {f.contest_id: f for f in all_contest_figures(book)}
    for contest_id, f in figures.items():
        assert f.problems() == [], (contest_id, f.problems())
        assert f.postal_voters == night.scenario.figures_for(contest_id).postal_voters - f.cancelled + (
            f.issued_replacement_lost + f.issued_replacement_spoilt)
        progress = contest_verification(view, contest_id)
        assert progress.complete and progress.postal_total == f.included
        assert 0.82 <= f.returned_before_close / (f.issued - f.cancelled) <= 0.86
    parl = figures[PARL]
    assert 0.025 <= parl.identifier_rejected / parl.returned_before_close <= 0.035
    reasons = parl.identifier_by_reason
    assert max(reasons, key=reasons.__getitem__) == "signature_does_not_match"
    assert parl.returned_after_close > 0 and parl.returned_undelivered > 0 and parl.hand_in_rejected == 15
    assert figures[WARD].paper_missing > 0  # ward papers kept back from combined packs


def test_lists_and_rechecks(night: DemoNight) -> None:
    view = night.service.store.view()
    book = load_book(view)
    assert list_one(book) and list_two(book)
    third, fourth = list_three(book), list_four(book)
    assert sum(r["rejection_objected_to"] for r in third) > 0 and sum(r["rejected_on_recheck"] for r in third) == 2
    assert len(fourth) == 15 and sum(not r["paper_with_matching_number"] for r in fourth) == 1
    numbers = set(book.papers)
    assert not any(str(v) in numbers for row in third + fourth for v in row.values())
    rechecks = view.rows("postal_rechecks")
    assert [r["retrieved"][0]["box_id"] for r in rechecks] == ["P2", "P2"]
    swapped = [r for r in view.rows("postal_returns") if "day_month_swapped" in r["flags"]]
    assert swapped and all(r["decision"] == "accepted" for r in swapped)


def test_the_hand_in_scenarios(night: DemoNight) -> None:
    view = night.service.store.view()
    forms = {f["reference"]: f for f in view.rows("postal_hand_ins")}
    expected = {
        "PVR-S01": ("accepted", []),
        "PVR-S02": ("partly_rejected", ["over_limit_this_hand_in"]),
        "PVR-S03": ("accepted", []),
        "PVR-S04": ("rejected", ["over_limit_cumulative"]),
        "PVR-S05": ("partly_rejected", ["over_limit_this_hand_in"]),
        "PVR-S06": ("accepted", []),
        "PVR-S07": ("rejected", ["campaigner_not_permitted"]),
        "LEFT-S08": ("rejected", ["left_behind"]),
        "PVR-S09": ("accepted", []),
        "PVR-S10": ("rejected", ["form_incomplete"]),
    }
    assert {ref: (forms[ref]["outcome"], forms[ref]["reasons"]) for ref in expected} == expected
    assert forms["PVR-S05"]["accepted_proxy"] == 2 and forms["PVR-S09"]["wrong_area"] == 1
    station_packs = sum(f["accepted_own"] + f["accepted_proxy"] + f["accepted_others"] + f["rejected_own"]
                        + f["rejected_proxy"] + f["rejected_others"] + f["rejected_left_behind"]
                        for f in forms.values() if f["station_id"] is not None)
    assert 245 <= station_packs <= 260


def test_the_plan_is_a_function_of_the_seed() -> None:
    definition = demo(2026)
    scenario = build_demo_scenario(definition, 2026)
    first = postal_plan(definition, scenario)
    postal_plan.cache_clear()
    again = postal_plan(definition, scenario)
    assert [v.json() for v in again.voters] == [v.json() for v in first.voters]
    assert [s.batches for s in again.sessions] == [s.batches for s in first.sessions]


def test_the_journal_replays_to_the_same_state(night: DemoNight, tmp_path: Path) -> None:
    assert night.service.verify_journal() is None
    entries = [JournalEntry.from_json(e) for e in night.service.export_journal()]
    assert all(e.outcome == "applied" for e in entries)
    assert ElectionService.replay(entries, tmp_path / "replayed.db").digest() == night.service.digest()


def test_split_across_the_stages_the_sessions_keep_their_days(tmp_path: Path) -> None:
    """Opening sessions the day before the poll, the final session on the night."""
    night = _night(tmp_path / "split.db")
    import_absent_voters(night)
    run_opening_sessions(night)
    _open_the_poll(night)
    run_final_session(night)
    close_poll_and_receive(night, until=None)
    view = night.service.store.view()
    days = {s["session_id"]: (s["opened_at"][:10], s["closed_at"][:10]) for s in view.rows("postal_sessions")}
    assert all(days[f"S{n}"] == ("2026-05-06", "2026-05-06") for n in range(1, 7)), days
    final = view.get("postal_sessions", ("S7",))
    assert final["opened_at"].startswith("2026-05-07T20:30") and final["closed_at"] < "2026-05-07T22:20"
    assert all(f.problems() == [] for f in all_contest_figures(load_book(view)))
    verify_everything(night)
    assert all(row["signed_off"] for row in view.rows("contest_verification"))
