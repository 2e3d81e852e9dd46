"""The frame decoder: units for each framing rule, and properties over arbitrary byte streams."""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pollday.devices.framing import Frame, FrameDecoder, encode_frame
from pollday.devices.profiles import Connection, ScannerProfile, Terminator

BASE = ScannerProfile(name="test", connection=Connection.SERIAL, max_frame_length=64)
CR = BASE
CRLF = replace(BASE, terminator=Terminator.CRLF)
STX_ETX = replace(BASE, terminator=Terminator.ETX, stx_start=True)
AFFIXED = replace(BASE, prefix=b"]Q1", suffix=b"#")

# Framing variants a count centre may meet, with a short max length so overflow is exercised.
VARIANTS = [
    CR,
    replace(BASE, terminator=Terminator.LF),
    CRLF,
    replace(BASE, terminator=Terminator.TAB),
    replace(BASE, terminator=Terminator.ETX),
    STX_ETX,
    replace(BASE, terminator=Terminator.CRLF, stx_start=True),
    AFFIXED,
    replace(BASE, terminator=Terminator.ETX, stx_start=True, prefix=b"\x1d", suffix=b"!"),
]


def texts(frames: list[Frame]) -> list[str]:
    return [frame.text for frame in frames]


def feed_all(profile: ScannerProfile, *chunks: bytes) -> list[Frame]:
    decoder = FrameDecoder(profile)
    return [frame for chunk in chunks for frame in decoder.feed(chunk)]


# --- units ---------------------------------------------------------------------------------


def test_frames_split_and_joined_across_reads() -> None:
    decoder = FrameDecoder(CR)
    assert decoder.feed(b"BK7Q2-") == []
    assert texts(decoder.feed(b"23AF\rSK7Q2-9")) == ["BK7Q2-23AF"]
    assert texts(decoder.feed(b"9Z\rUK7Q2-AB\r")) == ["SK7Q2-99Z", "UK7Q2-AB"]


def test_crlf_split_across_reads_gives_no_phantom_read() -> None:
    decoder = FrameDecoder(CRLF)
    assert texts(decoder.feed(b"ABC\r")) == ["ABC"]
    assert texts(decoder.feed(b"\nDEF\r")) == ["DEF"]
    assert decoder.feed(b"\n") == []


def test_line_profiles_accept_any_line_ending() -> None:
    # A scanner reset to its factory line ending keeps working with a CR profile.
    assert texts(feed_all(CR, b"A1\r\nB2\nC3\r")) == ["A1", "B2", "C3"]


def test_prefix_and_suffix_are_stripped() -> None:
    frames = feed_all(AFFIXED, b"]Q1BK7Q2-23AF#\r")
    assert frames == [Frame(b"]Q1BK7Q2-23AF#", "BK7Q2-23AF")]


def test_missing_prefix_is_reported_not_passed_silently() -> None:
    [frame] = feed_all(AFFIXED, b"BK7Q2-23AF#\r")
    assert frame.text == "BK7Q2-23AF"
    assert frame.error is not None and "did not send the prefix ']Q1'" in frame.error


def test_control_character_prefix_is_not_mistaken_for_noise() -> None:
    profile = replace(BASE, prefix=b"\x1d")
    assert feed_all(profile, b"\x00\x1dABC\r") == [Frame(b"\x00\x1dABC", "ABC")]


def test_line_noise_is_dropped_and_noise_only_lines_are_not_reads() -> None:
    assert feed_all(CR, b"\x00\x11\r\x13\x00BK7\x00Q2\r\x7f\r") == [Frame(b"\x13\x00BK7\x00Q2", "BK7Q2")]


def test_non_utf8_bytes_are_reported_with_their_position() -> None:
    [frame] = feed_all(CR, b"BK\xff7Q2\r")
    assert frame.text == "BK\ufffd7Q2"
    assert frame.error == ("byte 0xFF at position 3 is not text: check the scanner's character set "
                           "(it should send ASCII or UTF-8)")


def test_utf8_character_split_across_reads() -> None:
    data = "Nguyễn\r".encode()
    assert texts(feed_all(CR, data[:5], data[5:7], data[7:])) == ["Nguyễn"]


def test_over_long_frame_is_reported_once_and_the_next_frame_survives() -> None:
    frames = feed_all(CR, b"X" * 100, b"Y" * 100, b"\rBK7Q2-23AF\r")
    assert len(frames) == 2
    assert frames[0].raw == b"X" * 64
    assert frames[0].error is not None and frames[0].error.startswith(
        "frame too long: more than 64 bytes without a CR or LF at the end")
    assert frames[1] == Frame(b"BK7Q2-23AF", "BK7Q2-23AF")


def test_stx_etx_framing_ignores_noise_between_frames() -> None:
    frames = feed_all(STX_ETX, b"\r\n\x00\x02BK7Q2-23AF\x03\r\n\x02SK7Q2-1\x03")
    assert texts(frames) == ["BK7Q2-23AF", "SK7Q2-1"]
    assert all(frame.ok for frame in frames)


def test_stx_etx_reports_reads_without_start_and_reads_cut_short() -> None:
    frames = feed_all(STX_ETX, b"ABC\x03", b"\x02DEF", b"\x02GHI\x03")
    assert [(frame.text, frame.ok) for frame in frames] == [("ABC", False), ("DEF", False), ("GHI", True)]
    assert frames[0].error is not None and "without an STX start" in frames[0].error
    assert frames[1].error is not None and frames[1].error.startswith("read cut short")


def test_garbage_before_stx_is_dropped_silently_when_a_start_follows() -> None:
    assert feed_all(STX_ETX, b"line noise\x02BK7Q2-23AF\x03") == [Frame(b"BK7Q2-23AF", "BK7Q2-23AF")]


def test_over_long_frame_with_stx_ends_at_the_next_start() -> None:
    frames = feed_all(STX_ETX, b"\x02" + b"Z" * 80 + b"\x02OK\x03")
    assert [(frame.text, frame.ok) for frame in frames] == [("Z" * 64, False), ("OK", True)]


def test_reset_forgets_a_partial_frame() -> None:
    decoder = FrameDecoder(CR)
    decoder.feed(b"HALF")
    decoder.reset()
    assert texts(decoder.feed(b"WHOLE\r")) == ["WHOLE"]


@pytest.mark.parametrize("profile", VARIANTS, ids=lambda p: f"{p.terminator}-stx{p.stx_start}-{p.prefix!r}")
def test_encode_frame_round_trips(profile: ScannerProfile) -> None:
    assert feed_all(profile, encode_frame(profile, "BK7Q2-23AF")) == [
        Frame(profile.prefix + b"BK7Q2-23AF" + profile.suffix, "BK7Q2-23AF")
    ]


# --- properties ------------------------------------------------------------------------------

profiles = st.sampled_from(VARIANTS)
# Printable text as a scanner would send it, including multi-byte UTF-8; 15 characters of at
# most 3 bytes each, with the affixes, stay under the 64-byte limit.
good_texts = st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E) | st.sampled_from("£éễ"),
                     min_size=1, max_size=15)


def garbage_for(profile: ScannerProfile) -> st.SearchStrategy[bytes]:
    """Garbage that a decoder can tell apart from the next frame: with STX framing, any bytes
    (the next STX starts afresh); without it, any bytes ending in the terminator, since
    unterminated garbage in front of a frame is indistinguishable from part of it."""
    noise = st.binary(max_size=150)
    return noise if profile.stx_start else noise.map(lambda data: data + profile.terminator_bytes)


@given(profiles, st.binary(max_size=3000), st.lists(st.integers(min_value=0, max_value=3000), max_size=20))
def test_any_byte_stream_never_raises(profile: ScannerProfile, data: bytes, cuts: list[int]) -> None:
    decoder = FrameDecoder(profile)
    bounds = [0, *sorted(cut for cut in cuts if cut < len(data)), len(data)]
    for start, end in pairwise(bounds):
        for frame in decoder.feed(data[start:end]):
            assert isinstance(frame.text, str) and (frame.error is None or frame.error)


@settings(max_examples=200)
@given(st.data())
def test_good_frames_survive_garbage_around_them(data: st.DataObject) -> None:
    profile = data.draw(profiles)
    pieces = data.draw(st.lists(st.tuples(garbage_for(profile), good_texts), min_size=1, max_size=8))
    trailing = data.draw(st.binary(max_size=50))
    stream = b"".join(garbage + encode_frame(profile, text) for garbage, text in pieces) + trailing
    received = iter(frame.text for frame in feed_all(profile, stream) if frame.ok)
    # Every good frame arrives, in order; garbage may add frames of its own between them.
    assert all(any(got == text for got in received) for _, text in pieces)


@settings(max_examples=200)
@given(st.data())
def test_splitting_the_stream_anywhere_gives_the_same_frames(data: st.DataObject) -> None:
    profile = data.draw(profiles)
    parts = data.draw(st.lists(st.binary(max_size=40) | good_texts.map(lambda t: encode_frame(profile, t)),
                               max_size=12))
    stream = b"".join(parts)
    cuts = sorted(data.draw(st.lists(st.integers(min_value=0, max_value=len(stream)), max_size=30)))
    bounds = [0, *cuts, len(stream)]
    chunks = [stream[start:end] for start, end in pairwise(bounds)]
    assert feed_all(profile, *chunks) == feed_all(profile, stream)
    assert feed_all(profile, *(bytes([byte]) for byte in stream)) == feed_all(profile, stream)
