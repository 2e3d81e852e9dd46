"""The table cache answers every question exactly as the view beneath it does."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pollday.domain.record_spec import RecordError
from pollday.domain.state import MemoryState, Put
from pollday.domain.table_cache import TableCache, cached
from pollday.domain.verification import contest_verification
from pollday.services.election_service import ElectionService
from tests.conftest import DemoCopy

event_rows = st.lists(
    st.fixed_dictionaries({
        "number": st.integers(1, 4), "seq": st.integers(1, 30), "kind": st.sampled_from(["note", "moved"]),
        "text": st.sampled_from(["a", "b", ""]), "from_state": st.sampled_from([None, "new", "closed"]),
        "to_state": st.sampled_from([None, "new"]), "at": st.just("2026-05-07T07:00:00+00:00"),
        "by": st.sampled_from(["ro", "control"]),
    }),
    max_size=40,
)
questions = st.dictionaries(
    st.sampled_from(["number", "kind", "from_state", "to_state", "by"]),
    st.sampled_from([1, 2, 3, "note", "moved", None, "new", "closed", "ro", "control"]),
    max_size=3,
)


@given(event_rows, st.lists(questions, max_size=6))
@settings(max_examples=150)
def test_rows_counts_and_gets_agree_with_the_view_beneath(rows: list[dict[str, object]],
                                                           asked: list[dict[str, object]]) -> None:
    state = MemoryState()
    state.apply(Put("incident_events", row) for row in rows)
    cache = TableCache(state)
    for where in asked:
        assert cache.rows("incident_events", **where) == state.rows("incident_events", **where)
        assert cache.count("incident_events", **where) == state.count("incident_events", **where)
    for row in rows:
        key = (row["number"], row["seq"])
        assert cache.get("incident_events", key) == state.get("incident_events", key)
    assert cache.get("incident_events", (99, 99)) is None


def test_rows_handed_out_are_copies_and_unknown_columns_are_refused() -> None:
    state = MemoryState()
    state.apply([Put("incident_events", {"number": 1, "seq": 1, "kind": "note", "text": "a", "from_state": None,
                                         "to_state": None, "at": "x", "by": "ro"})])
    cache = TableCache(state)
    cache.rows("incident_events")[0]["text"] = "changed by a caller"
    assert cache.rows("incident_events")[0]["text"] == "a"
    with pytest.raises(RecordError, match="no column"):
        cache.rows("incident_events", colour="red")
    assert cached(cache) is cache


def test_a_contest_verified_over_the_cache_equals_one_verified_over_sqlite(demo_copy: DemoCopy, tmp_path: Path) -> None:
    service = ElectionService.open(demo_copy("verified", tmp_path / "v.db"))
    try:
        view = service.store.view()
        cache = TableCache(view)
        for contest in view.rows("contests"):
            direct = contest_verification(view, contest["contest_id"])
            assert contest_verification(cache, contest["contest_id"]) == direct
            assert direct.accounts and direct.complete
    finally:
        service.close()
