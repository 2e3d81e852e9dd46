"""Lateness in words a person takes in at a glance."""

from __future__ import annotations

import pytest

from pollday.domain.timefmt import minutes_words


@pytest.mark.parametrize(("minutes", "words"), [
    (0, "0 min"), (5, "5 min"), (119, "119 min"), (120, "2h 00m"), (185, "3h 05m"), (47 * 60 + 59, "47h 59m"),
    (48 * 60, "2 days"), (286603, "199 days"),
])
def test_minutes_in_words(minutes: int, words: str) -> None:
    assert minutes_words(minutes) == words
