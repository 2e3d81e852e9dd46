from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from pollday.domain.journal import GENESIS_HASH, JournalEntry, find_chain_break


def make_chain(length: int) -> list[JournalEntry]:
    entries: list[JournalEntry] = []
    prev = GENESIS_HASH
    for seq in range(1, length + 1):
        entry = JournalEntry(
            seq=seq, at=f"2026-05-07T22:{seq % 60:02d}:00+00:00", actor="ro", role="returning_officer",
            terminal="t1", command=f'{{"args":{{}},"cmd":"poll.open","n":{seq}}}', outcome="applied",
            reason="", prev_hash=prev,
        ).sealed()
        entries.append(entry)
        prev = entry.hash
    return entries


def test_intact_chain_verifies_with_its_head() -> None:
    chain = make_chain(5)
    assert find_chain_break(chain, head=(5, chain[-1].hash)) is None
    assert find_chain_break([], head=(0, GENESIS_HASH)) is None


TEXT_FIELDS = ["at", "actor", "role", "terminal", "command", "outcome", "reason", "prev_hash", "hash"]


@given(
    length=st.integers(min_value=1, max_value=12),
    data=st.data(),
)
def test_changing_any_field_of_any_entry_names_that_entry(length: int, data: st.DataObject) -> None:
    chain = make_chain(length)
    index = data.draw(st.integers(min_value=0, max_value=length - 1))
    field = data.draw(st.sampled_from(TEXT_FIELDS))
    original = getattr(chain[index], field)
    position = data.draw(st.integers(min_value=0, max_value=max(len(original) - 1, 0)))
    replacement_char = data.draw(st.characters(codec="utf-8").filter(lambda c: c != original[position : position + 1]))
    tampered_value = original[:position] + replacement_char + original[position + 1 :]
    chain[index] = replace(chain[index], **{field: tampered_value})
    problem = find_chain_break(chain, head=(length, make_chain(length)[-1].hash))
    assert problem is not None
    assert problem.seq == chain[index].seq


def test_changed_sequence_number_is_caught() -> None:
    chain = make_chain(4)
    chain[2] = replace(chain[2], seq=9)
    problem = find_chain_break(chain)
    assert problem is not None and problem.seq == 9


def test_removed_last_entry_is_caught_by_the_recorded_head() -> None:
    chain = make_chain(4)
    problem = find_chain_break(chain[:-1], head=(4, chain[-1].hash))
    assert problem is not None and problem.seq == 4
    assert "ends early" in problem.problem


def test_removed_middle_entry_is_caught() -> None:
    chain = make_chain(4)
    problem = find_chain_break([chain[0], chain[2], chain[3]])
    assert problem is not None and problem.seq == 3


def test_entry_json_round_trip_and_strict_reading() -> None:
    entry = make_chain(1)[0]
    assert JournalEntry.from_json(entry.to_json()) == entry
    bad = entry.to_json() | {"seq": "1"}
    try:
        JournalEntry.from_json(bad)
    except ValueError as error:
        assert "seq" in str(error)
    else:
        raise AssertionError("a string seq was accepted")
