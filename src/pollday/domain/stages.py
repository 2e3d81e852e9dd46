"""Where a contest stands, from set-up to declaration (reference §9.2 'Contest')."""

from __future__ import annotations

from enum import StrEnum


class ContestStage(StrEnum):
    SETUP = "setup"
    POLLING = "polling"
    POLL_CLOSED = "poll_closed"
    VERIFYING = "verifying"
    VERIFIED = "verified"
    COUNTING = "counting"
    PROVISIONAL = "provisional"
    DECLARED = "declared"


STAGE_LABELS = {
    ContestStage.SETUP: "Set up",
    ContestStage.POLLING: "Poll open",
    ContestStage.POLL_CLOSED: "Poll closed, receiving boxes",
    ContestStage.VERIFYING: "Verifying",
    ContestStage.VERIFIED: "Verified",
    ContestStage.COUNTING: "Counting",
    ContestStage.PROVISIONAL: "Provisional result",
    ContestStage.DECLARED: "Declared",
}


class PollState(StrEnum):
    NOT_OPEN = "not_open"
    OPEN = "open"
    CLOSED = "closed"


class BoxState(StrEnum):
    EXPECTED = "expected"
    RECEIVED = "received"
