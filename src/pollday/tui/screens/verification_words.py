"""What the verification desk says about an account, in words a count supervisor uses.

Pure functions over the readings, so the wording is tested without a screen. A variance
is never shown as a pass (reference §2.3): it stays amber, with what to do next, until
the domain says it is explained, grouped or recounted.
"""

from __future__ import annotations

from dataclasses import dataclass

from pollday.domain.timefmt import uk_time
from pollday.domain.verification import MIN_RECOUNTS, STATE_LABELS, VERIFIED_STATES, AccountState, BoxCounts
from pollday.tui.verification_readings import AccountLine, BoxLine, VerificationReading


class Tone:
    GOOD = "good"  # green: verified
    WARNING = "warning"  # amber: needs something done
    REFUSED = "refused"  # red: nothing was saved
    PENDING = "pending"  # grey: waiting


@dataclass(frozen=True)
class Verdict:
    tone: str
    heading: str
    detail: str = ""


def recounts_needed(box: BoxCounts) -> int:
    """How many more counts could settle this box under the recount rule (0: settled).

    EC: recounted at least twice, until two consecutive counts agree; so one count needs
    two more, and after that each count that disagrees with the one before needs another.
    """
    if box.recount_settled:
        return 0
    return max(1 + MIN_RECOUNTS - len(box.attempts), 1)


def counts_needed_text(line: AccountLine) -> str:
    needs = [(b.box_id, recounts_needed(b)) for b in line.account.boxes]
    needs = [(box_id, n) for box_id, n in needs if n]
    if len(line.account.boxes) == 1 and needs:
        return _more_counts(needs[0][1])
    return ", ".join(f"box {box_id}: {_more_counts(n)}" for box_id, n in needs)


def _more_counts(number: int) -> str:
    return f"{number} more count{'' if number == 1 else 's'} needed"


def variance_text(variance: int | None) -> str:
    return "" if variance is None else f"{variance:+d}" if variance else "0"


def sentence(text: str) -> str:
    """The statement's explanation wording starts in lower case ("compensating with ..."); here it starts a sentence."""
    return text[:1].upper() + text[1:]


def figures_text(line: AccountLine) -> str:
    account = line.account
    moved = f" (including {account.moved_in} moved in from another poll's box)" if account.moved_in else ""
    return f"Counted {account.counted:,}{moved} against the BPA's {account.expected:,}"


def what_to_do_about_variance(line: AccountLine) -> str:
    # A postal box has no neighbouring station: it can only be explained or recounted.
    group = "" if line.is_postal else "group with a neighbouring station in the same polling place, "
    return f"Explain, {group}or recount until two consecutive counts agree: {counts_needed_text(line)}."


def account_verdict(line: AccountLine, box_id: str = "") -> Verdict:
    """The account's state in words, headed by the box just counted when there is one."""
    account = line.account
    state = account.state
    subject = f"Box {box_id}" if box_id else line.account.label
    heading = f"{subject}: {STATE_LABELS[state]}"
    if state == AccountState.MATCHED:
        return Verdict(Tone.GOOD, heading, f"{figures_text(line)}: verified.")
    if state == AccountState.VARIANCE:
        return Verdict(Tone.WARNING, f"{subject}: variance {variance_text(account.variance)}",
                       f"{figures_text(line)}. {what_to_do_about_variance(line)}")
    if state == AccountState.RECOUNTED:
        return Verdict(Tone.GOOD, heading, f"Counts {line.counts_text}: {account.counted:,} is the verified figure; "
                                           f"the variance {variance_text(account.variance)} goes on the statement.")
    if state in VERIFIED_STATES:  # explained or compensated
        return Verdict(Tone.GOOD, heading, f"{figures_text(line)}. {sentence(line.explanation)}")
    if state == AccountState.AWAITING_COUNT:
        waiting = ", ".join(b.box_id for b in account.boxes if b.latest is None)
        return Verdict(Tone.PENDING, heading, f"Still to count for {account.label}: box {waiting}.")
    if state == AccountState.AWAITING_BOXES:
        missing = ", ".join(b.box_id for b in account.boxes if not b.received)
        return Verdict(Tone.WARNING, heading, f"Box {missing} of {account.label} has not been checked in yet.")
    if state == AccountState.AWAITING_BPA:
        return Verdict(Tone.WARNING, heading, "The count is kept; it is compared once reception keys the BPA.")
    return Verdict(Tone.WARNING, heading, "The count is kept; a supervisor settles the BPA (bpa.resolve).")


def attempts_text(box: BoxLine) -> str:
    """'812 by Ann Lee 23:10, 811 by Raj Patel 23:25': every attempt, with who counted it."""
    return ", ".join(f"{a.count} by {a.by} {uk_time(a.at)}" for a in box.attempts) or "not counted yet"


def account_detail(line: AccountLine) -> str:
    """The highlighted account in full, under the table: the cells there are kept short."""
    account = line.account
    # Station labels usually name their building already; say the polling place only when they do not.
    where = f" · {line.place_name}" if line.place_name and line.place_name not in account.label else ""
    parts = [f"{account.label}{where} · {STATE_LABELS[account.state]}"]
    parts += [f"Box {b.box_id}: {attempts_text(b)}" for b in line.boxes]
    if account.moved_in:
        parts.append(f"{account.moved_in} of its papers were found in another poll's box")
    if account.moved_out:
        parts.append(f"{account.moved_out} papers of another poll were taken out of its box")
    if line.explanation:
        parts.append(sentence(line.explanation))
    return "\n".join(parts)


def box_prompt(line: AccountLine | None, box_id: str) -> str:
    """Shown beside the count field once a box number is in: which box, and which count this will be."""
    if line is None:
        return f"Box {box_id}: not on this election's list as last read; type the count and the services check it."
    box = next(b for b in line.boxes if b.box_id == box_id)
    number = len(box.attempts) + 1
    so_far = f" (so far: {box.counts_text})" if box.attempts else ""
    return f"Box {box_id} · {line.account.label}\nCount {number}{so_far}: type it, Enter"


def progress_text(reading: VerificationReading) -> str:
    progress = reading.progress
    return f"{progress.verified_accounts} of {len(progress.accounts)} accounts verified"


def totals_text(reading: VerificationReading) -> str:
    """The verified total and ballot box turnout, once every account is verified (and not before)."""
    progress = reading.progress
    if not progress.complete:
        return f"BPAs expect {progress.expected_total:,} papers; total and turnout show once all are verified."
    turnout = progress.ballot_box_turnout
    turnout_text = f"{turnout:.1%}" if turnout is not None else "not known (no electorate)"
    return (f"Ballot papers verified {progress.verified_total:,} (stations {progress.station_total:,} + postal "
            f"{progress.postal_total:,}) · Ballot box turnout {turnout_text} = ballot papers verified ÷ electorate "
            f"{progress.electorate:,}")


def lock_text(reading: VerificationReading) -> str:
    record = reading.sign_off
    if record is None:
        return "Not signed off."
    if record.signed_off:
        return f"SIGNED OFF at {uk_time(record.at)} by {record.by}: figures locked until the RO reopens them."
    return f"Reopened ({record.reopens}×): {record.last_reopen_reason}. Not signed off."
