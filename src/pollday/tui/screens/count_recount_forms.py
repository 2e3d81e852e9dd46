"""Recording a recount request (count supervisor) and deciding it (RO, or a deputy with the recount power)."""

from __future__ import annotations

from pollday.services.session import Session
from pollday.tui.count_readings import CAPACITY_LABELS, SCOPE_LABELS, ContestCount, RecountLine
from pollday.tui.screens.count_commands import Step, step
from pollday.tui.screens.count_form import Check, CommandForm, Field

# One letter per choice, typed into a one-letter field: quicker than a list at a busy count.
CAPACITY_KEYS = {"c": "candidate", "e": "election_agent", "d": "designated_counting_agent", "r": "returning_officer"}
SCOPE_KEYS = {"f": "full", "b": "bundle_check", "p": "piles"}


def _choice_label(keys: dict[str, str], labels: dict[str, str]) -> str:
    return ", ".join(f"{letter} {labels[value]}" for letter, value in keys.items())


class RequestRecountForm(CommandForm):
    def __init__(self, session: Session, contest: ContestCount) -> None:
        super().__init__(session)
        self.contest = contest
        self.title_text = f"Record a recount request · {contest.name}"

    def intro(self) -> str:
        latest = self.contest.latest
        after = f"after provisional result {latest.version}" if latest else "(there is no provisional result yet)"
        return (f"Who asked {after}: a candidate or election agent present when the count finished, or the RO on "
                f"their own initiative.\nCapacity: {_choice_label(CAPACITY_KEYS, CAPACITY_LABELS)}.\n"
                f"Scope: {_choice_label(SCOPE_KEYS, SCOPE_LABELS)}.")

    def form_fields(self) -> list[Field]:
        return [
            Field("requested-by", "Asked by (name)", placeholder="e.g. Neil Ellison"),
            Field("capacity", "Capacity (c, e, d or r)", restrict=r"[cedrCEDR]?"),
            Field("scope", "Scope (f, b or p)", restrict=r"[fbpFBP]?"),
            Field("piles", "Piles (scope p only)", placeholder="e.g. T3, T5"),
            Field("note", "Note", placeholder="what was said, if useful"),
        ]

    def checks(self, values: dict[str, str]) -> list[Check]:
        capacity = CAPACITY_KEYS.get(values["capacity"].lower())
        scope = SCOPE_KEYS.get(values["scope"].lower())
        return [
            Check(None if capacity is None else True,
                  f"capacity: {CAPACITY_LABELS[capacity]}" if capacity else "capacity: type c, e, d or r"),
            Check(None if scope is None else True,
                  f"scope: {SCOPE_LABELS[scope]}" if scope else "scope: type f, b or p"),
        ]

    def build_step(self, values: dict[str, str]) -> Step | str:
        capacity = CAPACITY_KEYS.get(values["capacity"].lower())
        scope = SCOPE_KEYS.get(values["scope"].lower())
        if capacity is None or scope is None:
            return "choose the capacity (c, e, d or r) and the scope (f, b or p)"
        piles = [p.strip() for p in values["piles"].split(",") if p.strip()]
        return step("Record the recount request", "Recount request recorded", "recount.request",
                    contest_id=self.contest.contest_id, requested_by=values["requested-by"], capacity=capacity,
                    scope=scope, piles=piles, note=values["note"])


class DecideRecountForm(CommandForm):
    def __init__(self, session: Session, contest: ContestCount, request: RecountLine, granted: bool) -> None:
        super().__init__(session)
        self.contest = contest
        self.request = request
        self.granted = granted
        verb = "Grant" if granted else "Refuse"
        self.title_text = f"{verb} recount request {request.number} · {contest.name}"

    def intro(self) -> str:
        request = self.request
        lines = [f"Asked at {request.asked_at} by {request.requested_by} ({request.capacity_text}): "
                 f"{request.scope_text}." + (f" {request.note}" if request.note else "")]
        if self.granted and request.scope != "bundle_check":
            lines.append("Granting opens a new count round: the tables' figures and the adjudications are carried "
                         "over, to be re-entered or reconsidered, and a new provisional result follows.")
        elif not self.granted:
            lines.append("The RO may refuse a request that is unreasonable; the reason goes on the register.")
        return "\n".join(lines)

    def form_fields(self) -> list[Field]:
        placeholder = "e.g. full recount agreed: close result" if self.granted else "e.g. unreasonable: majority 2,000"
        return [Field("reason", "Reason (goes on the register)", placeholder=placeholder)]

    def build_step(self, values: dict[str, str]) -> Step | str:
        decision = "granted" if self.granted else "refused"
        return step(f"{'Grant' if self.granted else 'Refuse'} recount request {self.request.number}",
                    f"Recount request {self.request.number} {decision}", "recount.decide",
                    contest_id=self.contest.contest_id, number=self.request.number, decision=decision,
                    reason=values["reason"])
