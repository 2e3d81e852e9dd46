from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pollday.devices.profiles import find_profile
from pollday.devices.wedge import EntrySource, WedgeTiming, classify_entry


def times(gap_ms: float, count: int) -> list[float]:
    return [index * gap_ms for index in range(count)]


def test_scanner_speed_and_length_make_a_scan() -> None:
    assert classify_entry("BK7Q2-23AF", times(12, 10)).source == EntrySource.SCANNED


def test_bunched_keys_over_ssh_still_read_as_a_scan() -> None:
    assert classify_entry("BK7Q2-23AF", [500.0] * 10).source == EntrySource.SCANNED


def test_human_typing_is_typing() -> None:
    entry = classify_entry("BK7Q2-23AF", times(140, 10))
    assert entry.source == EntrySource.TYPED and entry.slowest_gap_ms == 140


def test_a_short_fast_entry_is_not_a_scan() -> None:
    assert classify_entry("23", times(5, 2)).source == EntrySource.TYPED


def test_one_slow_key_makes_it_typing() -> None:
    key_times = [*times(10, 9), 80 + 400]
    assert classify_entry("BK7Q2-23AF", key_times).source == EntrySource.TYPED


def test_a_prefix_decides_and_is_stripped() -> None:
    timing = WedgeTiming(max_inter_key_ms=30, min_length=8, prefix="]Q", suffix="~")
    scanned = classify_entry("]QBK7Q2-23AF~", times(300, 13), timing)
    assert scanned == scanned.__class__("BK7Q2-23AF", EntrySource.SCANNED, 300)
    assert classify_entry("BK7Q2-23AF", times(1, 10), timing).source == EntrySource.TYPED


def test_the_shipped_wedge_profile_gives_the_timing() -> None:
    timing = WedgeTiming.from_profile(find_profile("keyboard-wedge"))
    assert (timing.max_inter_key_ms, timing.min_length) == (30, 8)


@given(st.text(min_size=8, max_size=30), st.floats(min_value=0, max_value=30))
def test_fast_long_entries_are_always_scans(text: str, gap: float) -> None:
    assert classify_entry(text, times(gap, len(text))).source == EntrySource.SCANNED


@given(st.text(min_size=2, max_size=30), st.floats(min_value=31, max_value=2000))
def test_slow_entries_are_always_typing(text: str, gap: float) -> None:
    assert classify_entry(text, times(gap, len(text))).source == EntrySource.TYPED
