"""The scan field and the scan banner, in a tiny app of their own.

Key events are posted to the app all at once, as a terminal delivers a burst (tech-notes
trap 1); `pilot.press` would hide the problem by pausing between keys. Each key carries
the time Textual stamped on it; tests that need slow keys set that stamp themselves, as
the terminal driver does when keys really arrive apart.
"""

from __future__ import annotations

import gc
from dataclasses import replace
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App, ComposeResult
from textual.pilot import Pilot

from pollday.devices.profiles import ScannerProfile, find_profile
from pollday.domain.payloads import PayloadKind, election_tag, encode, read_scan
from pollday.tui.messages import ScanReceived
from pollday.tui.widgets.scan_banner import ScanBanner
from pollday.tui.widgets.scan_field import ScanField
from tests.tui.helpers import async_test, wait_until

SCANNERS = Path(__file__).resolve().parents[2] / "scanners"
WEDGE = find_profile("keyboard-wedge", [SCANNERS])
ELECTION = "harrowden-test"
TAG = election_tag(ELECTION, "rehearsal")
SCANNER_GAP_S = 0.008  # USB scanners: 7 to 16 ms a key
TYPING_GAP_S = 0.120  # a quick typist


def box(number: int) -> str:
    return encode(PayloadKind.BOX, TAG, f"{number}A")


class FieldHarness(App[None]):
    """A ScanField on its own; records what it posts. `wedge_profile` plays the app's --scanner."""

    def __init__(self, field: ScanField, wedge_profile: ScannerProfile | None = None) -> None:
        super().__init__()
        self.field = field
        self.wedge_profile = wedge_profile
        self.scans: list[ScanReceived] = []
        self.timings: list[ScanField.Timed] = []

    def compose(self) -> ComposeResult:
        yield self.field

    def on_mount(self) -> None:
        self.set_focus(self.field)

    def on_scan_received(self, message: ScanReceived) -> None:
        self.scans.append(message)

    def on_scan_field_timed(self, message: ScanField.Timed) -> None:
        self.timings.append(message)


def key_event(character: str, at: float | None) -> events.Key:
    key = events.Key("enter", "\r") if character == "\r" else events.Key(character, character)
    if at is not None:
        key.time = at  # what the driver stamps when the key's bytes arrive
    return key


def post_line(app: App[Any], text: str, start: float | None = None, gap: float = SCANNER_GAP_S) -> float:
    """Queue the keys of `text` and Enter; with `start`, stamp them `gap` apart. Returns the Enter's time."""
    at = start
    for character in f"{text}\r":
        app.post_message(key_event(character, at))
        if at is not None and character != "\r":
            at += gap
    return at if at is not None else 0.0


async def received(pilot: Pilot[None], app: FieldHarness, count: int) -> list[tuple[str, str]]:
    await wait_until(pilot, lambda: len(app.scans) >= count, f"{count} scans")
    await pilot.pause()  # anything beyond `count` would have arrived by now
    return [(scan.text, scan.source) for scan in app.scans]


# --- the burst ------------------------------------------------------------------------------


@async_test
async def test_a_burst_of_100_scans_gives_100_messages_in_order_none_merged() -> None:
    """THE burst test: every key of 100 scans is queued before the app handles any of them."""
    codes = [box(number) for number in range(1, 101)]
    app = FieldHarness(ScanField())
    async with app.run_test() as pilot:
        # A full garbage collection in a big test process can pause the loop below for 30 ms or
        # more, which would stamp one line as typed: an artefact of making the keys in Python here.
        gc.disable()
        try:
            for code in codes:
                post_line(app, code)  # stamped by Textual as they are made: all within a few ms
        finally:
            gc.enable()
        got = await received(pilot, app, len(codes))
        assert [text for text, _ in got] == codes
        assert {source for _, source in got} == {"scanned"}, [text for text, source in got if source == "typed"]
        assert app.field.value == ""


@async_test
async def test_slow_keys_are_typing_and_still_reach_the_desk() -> None:
    app = FieldHarness(ScanField())
    async with app.run_test() as pilot:
        post_line(app, box(7), start=100.0, gap=TYPING_GAP_S)
        assert await received(pilot, app, 1) == [(box(7), "typed")]


@async_test
async def test_one_slow_key_in_a_line_makes_it_typed() -> None:
    app = FieldHarness(ScanField())
    async with app.run_test() as pilot:
        code = box(8)
        times = [100.0 + 0.005 * index for index in range(len(code) + 1)]
        times[4:] = [at + 0.030 for at in times[4:]]  # one pause of 35 ms: over the 30 ms limit
        for character, at in zip(f"{code}\r", times, strict=True):
            app.post_message(key_event(character, at))
        assert await received(pilot, app, 1) == [(code, "typed")]


@async_test
async def test_the_apps_keyboard_wedge_profile_sets_the_timing() -> None:
    patient = replace(WEDGE, max_inter_key_ms=200)  # a scanner set to send keys slowly
    app = FieldHarness(ScanField(), wedge_profile=patient)
    async with app.run_test() as pilot:
        assert app.field.timing.max_inter_key_ms == 200
        post_line(app, box(9), start=100.0, gap=0.120)
        assert await received(pilot, app, 1) == [(box(9), "scanned")]


@async_test
async def test_a_scanner_prefix_is_removed_and_marks_the_line_as_scanned() -> None:
    prefixed = replace(WEDGE, prefix=b"]Q")
    app = FieldHarness(ScanField(profile=prefixed))
    async with app.run_test() as pilot:
        post_line(app, f"]Q{box(10)}", start=100.0, gap=TYPING_GAP_S)  # bunched or not, the prefix decides
        post_line(app, box(11), start=200.0)
        assert await received(pilot, app, 2) == [(box(10), "scanned"), (box(11), "typed")]


@async_test
async def test_a_line_cleared_without_enter_does_not_slow_the_next_scan() -> None:
    app = FieldHarness(ScanField())
    async with app.run_test() as pilot:
        for at, character in ((100.0, "4"), (100.5, "2")):  # someone starts typing, then gives up
            app.post_message(key_event(character, at))
        await wait_until(pilot, lambda: app.field.value == "42", "the typed keys")
        app.field.value = ""  # as a desk clears its field after a refusal
        post_line(app, box(12), start=300.0)
        assert await received(pilot, app, 1) == [(box(12), "scanned")]


# --- debounce --------------------------------------------------------------------------------


@async_test
async def test_a_second_read_within_the_good_read_delay_is_dropped_silently() -> None:
    app = FieldHarness(ScanField(report_timing=True))
    async with app.run_test() as pilot:
        enter = post_line(app, box(23), start=100.0)
        post_line(app, box(23), start=enter + 0.050)  # the 1-D code beside the QR code, read at once
        await wait_until(pilot, lambda: len(app.timings) == 2, "both lines")
        assert [(scan.text, scan.source) for scan in app.scans] == [(box(23), "scanned")]
        assert [timed.repeated for timed in app.timings] == [False, True]


@async_test
async def test_a_deliberate_second_scan_later_is_passed_on() -> None:
    app = FieldHarness(ScanField())
    async with app.run_test() as pilot:
        enter = post_line(app, box(23), start=100.0)
        post_line(app, box(23), start=enter + 0.6)  # after the 500 ms delay: the clerk scanned it again
        assert await received(pilot, app, 2) == [(box(23), "scanned"), (box(23), "scanned")]


@async_test
async def test_different_codes_in_quick_succession_all_pass() -> None:
    app = FieldHarness(ScanField())
    async with app.run_test() as pilot:
        enter = post_line(app, box(1), start=100.0)
        enter = post_line(app, box(2), start=enter + 0.02)
        post_line(app, box(1), start=enter + 0.02)
        assert [text for text, _ in await received(pilot, app, 3)] == [box(1), box(2), box(1)]


# --- other input ------------------------------------------------------------------------------


@async_test
async def test_enter_on_an_empty_field_posts_nothing() -> None:
    app = FieldHarness(ScanField())
    async with app.run_test() as pilot:
        app.post_message(key_event("\r", None))
        post_line(app, box(3))
        assert await received(pilot, app, 1) == [(box(3), "scanned")]


@async_test
async def test_a_pasted_list_is_one_typed_entry_per_line_and_keeps_an_unfinished_line() -> None:
    app = FieldHarness(ScanField())
    async with app.run_test() as pilot:
        app.post_message(events.Paste(f"{box(4)}\n{box(5)}\n{box(6)[:3]}"))
        assert await received(pilot, app, 2) == [(box(4), "typed"), (box(5), "typed")]
        assert app.field.value == box(6)[:3]


@async_test
async def test_timing_reports_count_the_keys_and_the_slowest_gap() -> None:
    app = FieldHarness(ScanField(report_timing=True))
    async with app.run_test() as pilot:
        post_line(app, box(12), start=100.0, gap=0.004)
        await wait_until(pilot, lambda: len(app.timings) == 1, "the timing report")
        timed = app.timings[0]
        assert timed.keys == len(box(12)) + 1  # the characters and Enter
        assert timed.entry.slowest_gap_ms is not None and round(timed.entry.slowest_gap_ms) == 4
        assert timed.line == box(12)


# --- the banner --------------------------------------------------------------------------------


class BannerHarness(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.bells = 0

    def compose(self) -> ComposeResult:
        yield ScanBanner(id="banner")

    def bell(self) -> None:
        self.bells += 1

    @property
    def banner(self) -> ScanBanner:
        return self.query_one("#banner", ScanBanner)


@async_test
async def test_the_banner_is_big_and_says_each_result_in_words() -> None:
    app = BannerHarness()
    async with app.run_test(size=(80, 24)) as pilot:
        banner = app.banner
        assert banner.kind == "idle" and "Scan a label" in banner.text
        banner.show_accepted("Box 23A checked in", "Kestrel ward, station 4")
        await pilot.pause()
        assert banner.kind == "accepted" and banner.has_class("accepted")
        assert banner.text.startswith("✔ ACCEPTED\nBox 23A checked in")
        assert banner.size.height >= 3  # three lines inside its border, at 80x24
        assert app.bells == 0  # good news is quiet
        banner.show_warning("Seal number differs from the one recorded at dispatch")
        banner.show_refused("Box 23 already checked in at 22:41 by J. Patel")
        await pilot.pause()
        assert banner.kind == "refused" and "already checked in at 22:41 by J. Patel" in banner.text
        assert app.bells == 2
        assert banner.results_shown == 3


@async_test
async def test_the_banner_refuses_a_bad_reading_with_its_reason() -> None:
    app = BannerHarness()
    async with app.run_test() as pilot:
        banner = app.banner
        damaged = box(23)[:-1] + ("0" if box(23)[-1] != "0" else "1")
        assert banner.show_for_reading(read_scan(damaged, ELECTION, "rehearsal")) is False
        assert banner.kind == "refused"
        assert "Check character wrong: re-scan, or type the number" in banner.text
        assert f"Read: {damaged}" in banner.text
        stranger = encode(PayloadKind.BOX, election_tag("parl.other", "official"), "1")
        banner.show_for_reading(read_scan(stranger, ELECTION, "rehearsal"))
        assert "from another election" in banner.text
        assert app.bells == 2
        banner.show_accepted("Box 23A checked in")
        assert banner.show_for_reading(read_scan(box(23), ELECTION, "rehearsal")) is True
        assert banner.kind == "accepted"  # a valid label is not a result yet: the desk's command decides
        await pilot.pause()


class BannersHarness(App[None]):
    CSS = "Screen { background: black; }"

    def compose(self) -> ComposeResult:
        yield ScanBanner(id="accepted")
        yield ScanBanner(id="warning")
        yield ScanBanner(id="refused")
        yield ScanBanner(id="idle")

    def on_mount(self) -> None:
        self.query_one("#accepted", ScanBanner).show_accepted("Box 23A checked in", "Kestrel ward, station 4")
        self.query_one("#warning", ScanBanner).show_warning("Seal 004512 differs from the seal recorded at dispatch")
        self.query_one("#refused", ScanBanner).show_refused(
            "Box 23 already checked in at 22:41 by J. Patel", "Read: BK7Q2-23AF")


def test_banners_at_80x24(snap_compare: Any) -> None:
    assert snap_compare(BannersHarness(), terminal_size=(80, 24))
