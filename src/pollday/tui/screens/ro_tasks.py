"""What waits for the Returning Officer in each contest, in the order the law makes them come.

Doubtful papers are adjudicated as the count goes on; a recount request is decided when it
is made; lots are drawn only for a tie that decides a seat; the declaration comes last.
Each task names the one key that does it.
"""

from __future__ import annotations

from dataclasses import dataclass

from pollday.domain.timefmt import uk_time
from pollday.tui.count_readings import ContestCount

# The key for each action, on the RO desk and in its footer.
ACTION_KEYS = {"adjudicate": "a", "recounts": "r", "lots": "l", "declare": "d", "results": "v"}


@dataclass(frozen=True)
class RoTask:
    contest_id: str
    contest_name: str
    action: str  # adjudicate, recounts, lots, declare, results; "" for a note with nothing to do yet
    text: str

    @property
    def key(self) -> str:
        return ACTION_KEYS.get(self.action, "")


def ro_tasks(contest: ContestCount) -> list[RoTask]:
    def task(action: str, text: str) -> RoTask:
        return RoTask(contest.contest_id, contest.name, action, text)

    if contest.declared is not None:
        return [task("results", f"declared at {uk_time(contest.declared['at'])}: the result is final")]
    if not contest.signed_off:
        return [task("", "verification not signed off yet: no count")]
    tasks = []
    if contest.pending_doubtful:
        where = ", ".join(f"{t.table_id} ({t.status.pending_doubtful})" for t in contest.tables
                          if t.status.pending_doubtful > 0)
        tasks.append(task("adjudicate", f"adjudicate {contest.pending_doubtful} doubtful paper(s): {where}"))
    for request in contest.pending_recounts:
        tasks.append(task("recounts", f"decide recount request {request.number}: {request.scope_text} "
                                      f"({request.requested_by})"))
    running = contest.recount_in_progress
    if running is not None and not contest.pending_recounts:
        tasks.append(task("", f"recount in progress (round {running.round_opened}): the count desk re-enters "
                              "the figures, then a new provisional result"))
    if contest.needs_lot:
        tied = " and ".join(contest.name_of(c) for c in contest.tied)
        tasks.append(task("lots", f"draw lots: {tied} are tied for the last seat"))
    if contest.declarable and contest.latest is not None:
        after_lot = " (lots drawn)" if contest.lot is not None else ""
        tasks.append(task("declare", f"declare provisional result {contest.latest.version}{after_lot}"))
    if not tasks:
        blockers = contest.position.blockers
        tasks.append(task("", f"counting: {blockers[0]}" if blockers else "counting: awaiting the provisional result"))
    return tasks
