"""The verification desk's commands, as jobs run one after another in a thread worker.

A job is everything one command needs, captured on the event loop; `run_job` is the
blocking part (PIN check, the command, reading the account afterwards) and never
touches a widget. Jobs queue rather than overlap, so counts typed in a burst are
journaled in the order they were typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pollday.domain.verification import station_account_id
from pollday.services.election_service import ElectionService, Result, SignInRefused
from pollday.services.session import Session
from pollday.tui.verification_readings import AccountLine, read_account, read_account_of_box


@dataclass(frozen=True)
class CommandJob:
    title: str  # "Count box 23": the heading of a refusal
    done: str  # "Verification signed off": the heading when applied, unless an account's state says more
    command: dict[str, Any]
    done_detail: str = ""  # what follows from it, shown under `done`
    box_id: str = ""  # show this box's account afterwards
    account_id: str = ""  # or this account
    # Sign-off and reopening confirm the signed-in user's PIN first, even though they are signed in.
    pin: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class JobOutcome:
    job: CommandJob
    result: Result | None
    problem: str  # why there is no result: the PIN was refused, or the database failed
    line: AccountLine | None  # the account as it stands after the command

    @property
    def applied(self) -> bool:
        return self.result is not None and self.result.applied

    @property
    def reason(self) -> str:
        if self.result is not None:
            return self.result.reason
        return self.problem


def command(name: str, **args: Any) -> dict[str, Any]:
    return {"cmd": name, "args": args}


def run_job(service: ElectionService, session: Session, job: CommandJob) -> JobOutcome:
    """In a worker thread: confirm the PIN if asked, run the command, read the account it touched."""
    try:
        if job.pin is not None:
            try:
                # Records the check in the journal and moves the lock-out on a wrong PIN, like signing in.
                session = service.sign_in(session.username, job.pin)
            except SignInRefused as refusal:
                return JobOutcome(job, None, f"PIN not accepted: {refusal.reason}", None)
        result = service.execute(session, job.command)
    except Exception as error:
        # A busy or failing database must still answer the person at the desk.
        return JobOutcome(job, None, f"nothing was saved: {type(error).__name__}: {error}", None)
    try:
        line = _line_after(service, job)
    except Exception:
        # The command's outcome stands and is shown; the table re-reads on its own shortly.
        line = None
    return JobOutcome(job, result, "", line)


def _line_after(service: ElectionService, job: CommandJob) -> AccountLine | None:
    if job.box_id:
        return read_account_of_box(service, job.box_id)
    if job.account_id:
        return read_account(service, job.account_id)
    return None


# --- the desk's commands, worded for the person at the desk ------------------------------------------


def count_job(box_id: str, count: int) -> CommandJob:
    return CommandJob(f"Count of box {box_id}", f"Box {box_id} counted",
                      command("verification.count", box_id=box_id, count=count), box_id=box_id)


def explain_job(line: AccountLine, reason_code: str, note: str) -> CommandJob:
    account_id = line.account.account_id
    return CommandJob(f"Explain the variance of {line.account.label}", "Variance explained",
                      command("verification.explain", account_id=account_id, reason_code=reason_code, note=note),
                      account_id=account_id)


def group_job(line: AccountLine, account_ids: tuple[str, ...], note: str) -> CommandJob:
    return CommandJob(f"Group compensating variances in {line.place_name}", "Compensating variances accepted",
                      command("verification.compensate", account_ids=list(account_ids), note=note),
                      account_id=line.account.account_id)


def move_job(box_id: str, station_id: str | None, to_contest_id: str, papers: int, note: str) -> CommandJob:
    # Afterwards show the account the papers now count for: the same station's account in the other contest.
    account_id = station_account_id(station_id, to_contest_id) if station_id else ""
    return CommandJob(f"Move papers from box {box_id}", f"{papers} papers from box {box_id} moved",
                      command("verification.move_papers", box_id=box_id, to_contest_id=to_contest_id, papers=papers,
                              note=note),
                      account_id=account_id)


def sign_off_job(contest_id: str, name: str, pin: str) -> CommandJob:
    return CommandJob(f"Sign off the verification of {name}", f"Verification of {name} signed off",
                      command("verification.sign_off", contest_id=contest_id), pin=pin,
                      done_detail="The figures are locked: counts, explanations and groups are refused until the RO "
                                  "reopens verification.")


def reopen_job(contest_id: str, name: str, reason: str, pin: str) -> CommandJob:
    return CommandJob(f"Reopen the verification of {name}", f"Verification of {name} reopened",
                      command("verification.reopen", contest_id=contest_id, reason=reason), pin=pin,
                      done_detail="The figures can be changed again; it must be signed off again before the count.")
