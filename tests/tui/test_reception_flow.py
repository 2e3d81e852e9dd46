"""The reception desk's rules without a screen: what a code means, what comes next, what the board says."""

from __future__ import annotations

from datetime import UTC, datetime

from pollday.domain.payloads import CommandCard
from pollday.services.clock import ManualClock
from pollday.services.election_service import ElectionService
from pollday.tui.reception_readings import BoxCondition, read_board, read_reception
from pollday.tui.screens.reception_bpa import section_check, section_problems
from pollday.tui.screens.reception_flow import ScanKind, Step, classify, next_step
from tests.tui.test_reception import CONTEST, FIGURES, card, close_the_poll, label, receive_box_one, run


def test_a_code_means_what_the_desk_is_doing(service: ElectionService, clock: ManualClock) -> None:
    close_the_poll(service, clock)
    reading = read_reception(service, "1", 0)
    box_one = reading.boxes["1"]
    assert classify(label(service, "1"), reading, None).kind == ScanKind.BOX
    assert classify(card(service, CommandCard.NEXT_BOX), reading, None).value == "NEXT"
    assert classify("  ", reading, None).kind == ScanKind.NOTHING
    # A maker's seal number is a seal only while a box's seals are open, in whatever case it was typed.
    assert classify("he-1001", reading, box_one) == classify("HE-1001", reading, box_one)
    assert classify("he-1001", reading, box_one).value == "HE-1001"
    assert classify("HE-1001", reading, None).kind == ScanKind.REFUSED
    assert classify("XY-9", reading, box_one).value == "XY-9"
    assert classify("2", reading, None).value == "2"  # a box number typed from the label
    refused = classify(label(service, "1", mode="official"), reading, None)
    assert (refused.kind, refused.heading) == (ScanKind.REFUSED, "Label of the other database")


def test_what_comes_next_follows_the_store(service: ElectionService, clock: ManualClock) -> None:
    close_the_poll(service, clock)
    run(service, "reception", "box.check_in", box_id="1", delivered_by="R. Patel")

    def step(username: str = "reception", skipped: frozenset[Step] = frozenset()) -> Step:
        detail = read_reception(service, "1", 0).current
        assert detail is not None
        return next_step(detail, username, skipped)

    assert step() == Step.SEALS
    run(service, "reception", "box.seals_done", box_id="1")
    assert step() == Step.PACKETS
    assert step(skipped=frozenset({Step.PACKETS})) == Step.BPA_FIRST
    run(service, "reception", "box.packet", station_id="1", packet="bpa", status="missing", note="PO phoning")
    # A BPA recorded missing is phoned in to a supervisor, not keyed at the desk.
    assert step(skipped=frozenset({Step.PACKETS})) == Step.DONE


def test_the_second_keying_is_offered_to_anyone_but_the_first_keyer(
    service: ElectionService, clock: ManualClock
) -> None:
    close_the_poll(service, clock)
    receive_box_one(service)
    detail = read_reception(service, "1", 0).current
    assert detail is not None
    assert next_step(detail, "reception", frozenset()) == Step.DONE
    assert next_step(detail, "supervisor", frozenset()) == Step.BPA_SECOND
    assert next_step(detail, "supervisor", frozenset({Step.BPA_SECOND})) == Step.DONE
    run(service, "supervisor", "bpa.record", station_id="1", contest_id=CONTEST, keying="second",
        **dict(FIGURES, spoilt=4, unused=666))
    detail = read_reception(service, "1", 0).current
    assert detail is not None and detail.bpa is not None
    assert [(d.figure, d.first, d.second) for d in detail.bpa.differences] == [("spoilt", 3, 4), ("unused", 667, 666)]
    assert next_step(detail, "reception", frozenset()) == Step.BPA_DIFFERENCES
    assert next_step(detail, "supervisor", frozenset(), settling=True) == Step.BPA_SETTLE


def test_each_live_check_names_only_its_own_problem() -> None:
    values: dict[str, int | None] = dict(FIGURES)
    assert all(section_problems(values, section) == [] for section in ("ordinary", "tendered", "list"))
    values["tendered_list_entries"] = 0
    assert section_problems(values, "tendered") == []
    assert section_problems(values, "list") == ["tendered votes list has 0 entries but 1 tendered papers were issued"]
    values["tendered_unused"] = 8
    assert section_problems(values, "tendered") == ["tendered papers received 10 but issued + spoilt + unused = 9"]
    assert section_check({"issued": None}, "ordinary").plain == ""  # nothing typed yet, nothing to say


def test_the_board_tells_overdue_from_in_transit_by_the_clock(service: ElectionService, clock: ManualClock) -> None:
    reading = read_board(service, clock.now())
    assert {r.condition for r in reading.rows} == {BoxCondition.EXPECTED}  # the poll is not even open
    close_the_poll(service, clock)
    reading = read_board(service, datetime(2026, 5, 7, 21, 50, tzinfo=UTC))  # 22:50: box 1 due 22:40
    conditions = {r.box.box_id: (r.condition, r.minutes_late) for r in reading.rows}
    assert conditions == {"1": (BoxCondition.OVERDUE, 10), "2": (BoxCondition.IN_TRANSIT, -5)}
    assert reading.announcements == ()
