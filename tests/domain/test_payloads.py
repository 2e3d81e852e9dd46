from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pollday.domain.payloads import (
    ALPHABET,
    MAX_BODY,
    MAX_PAYLOAD,
    PayloadError,
    PayloadKind,
    ScanVerdict,
    election_tag,
    encode,
    has_valid_check,
    read_scan,
)

ELECTION = "kestrel-vale-2026"
TAG = election_tag(ELECTION, "official")
bodies = st.text(alphabet=ALPHABET, min_size=1, max_size=MAX_BODY)
kinds = st.sampled_from(list(PayloadKind))


@given(kinds, bodies)
def test_round_trip(kind: PayloadKind, body: str) -> None:
    text = encode(kind, TAG, body)
    assert len(text) <= MAX_PAYLOAD
    reading = read_scan(text, ELECTION, "official")
    assert reading.valid and reading.payload is not None
    assert (reading.payload.kind, reading.payload.body) == (kind, body)


@given(kinds, bodies, st.data())
def test_every_single_character_error_is_caught(kind: PayloadKind, body: str, data: st.DataObject) -> None:
    text = encode(kind, TAG, body)
    position = data.draw(st.integers(min_value=0, max_value=len(text) - 1))
    wrong = data.draw(st.sampled_from(ALPHABET).filter(lambda c: c != text[position]))
    assert not has_valid_check(text[:position] + wrong + text[position + 1 :])


@given(kinds, bodies, st.data())
def test_every_adjacent_transposition_is_caught(kind: PayloadKind, body: str, data: st.DataObject) -> None:
    text = encode(kind, TAG, body)
    position = data.draw(st.integers(min_value=0, max_value=len(text) - 2))
    swapped = text[:position] + text[position + 1] + text[position] + text[position + 2 :]
    if swapped != text:
        assert not has_valid_check(swapped)


def test_exhaustively_for_one_payload() -> None:
    text = encode(PayloadKind.BOX, TAG, "23A")
    for position in range(len(text)):
        for symbol in ALPHABET:
            changed = text[:position] + symbol + text[position + 1 :]
            assert has_valid_check(changed) == (changed == text)


def test_readings_say_what_is_wrong() -> None:
    box = encode(PayloadKind.BOX, TAG, "23A")
    assert read_scan(box.lower(), ELECTION, "official").valid  # typed in lower case
    rehearsal = read_scan(box, ELECTION, "rehearsal")
    assert rehearsal.verdict == ScanVerdict.OTHER_MODE
    assert "printed for the official database, not this rehearsal one" in rehearsal.reason
    other = read_scan(encode(PayloadKind.BOX, election_tag("parl.other", "official"), "23A"), ELECTION, "official")
    assert other.verdict == ScanVerdict.OTHER_ELECTION and f"not {ELECTION}" in other.reason
    typo = box[:-2] + ("B" if box[-2] != "B" else "C") + box[-1]
    assert read_scan(typo, ELECTION, "official").verdict == ScanVerdict.BAD_CHECK
    seal = read_scan("KV-104233", ELECTION, "official")
    assert seal.verdict == ScanVerdict.NOT_A_PAYLOAD and "seal number" in seal.reason


def test_bodies_that_cannot_be_carried_are_refused() -> None:
    with pytest.raises(PayloadError, match="cannot carry: _"):
        encode(PayloadKind.BADGE, TAG, "j_patel")
    with pytest.raises(PayloadError, match="1 to 24 characters"):
        encode(PayloadKind.BOX, TAG, "")


def test_tags_differ_by_election_and_mode() -> None:
    assert election_tag(ELECTION, "official") != election_tag(ELECTION, "rehearsal")
    assert election_tag(ELECTION, "official") == TAG
    assert len(TAG) == 4 and TAG.isalnum()
