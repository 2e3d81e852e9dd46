"""What an operator can do to one incident, from the desk's list or from its detail: the same keys in both.

A acknowledges, S assigns, R resolves, C closes, T adds a note, E escalates to the RO,
P changes the severity (with the reason the command needs), H puts it on hold or takes it
off hold, O reopens it and L links it to a station, box, verification account, incident or
police reference. The commands decide; a refusal is shown in words by the screen and, where
something was typed, the form comes back with it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual import on
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input

from pollday.domain.commands.control_room import LinkKind
from pollday.domain.control_room import (
    DESKS,
    ESCALATE_TO_DEFAULT,
    SEVERITY_MEANINGS,
    IncidentState,
    Severity,
)
from pollday.services.control_room_records import IncidentRecord
from pollday.tui.screens.control_base import Retry
from pollday.tui.screens.control_forms import ControlTextPrompt
from pollday.tui.screens.control_modal import ControlForm, Field, Filled
from pollday.tui.screens.control_widgets import Choice, ChoiceStrip
from pollday.tui.screens.verification_jobs import CommandJob, command

# Each screen chooses which of these its footer has room for; its message line names the rest.
INCIDENT_BINDINGS: tuple[Binding, ...] = (
    Binding("a", "acknowledge", "Ack"),
    Binding("s", "assign", "Assign"),
    Binding("r", "resolve", "Resolve"),
    Binding("e", "escalate", "Escalate"),
    Binding("p", "severity", "Severity"),
    Binding("h", "hold", "Hold"),
    Binding("o", "reopen", "Reopen"),
    Binding("l", "link", "Link"),
    Binding("c", "close_incident", "Close"),
    Binding("t", "note", "Note"),
)

SEVERITY_CHOICES = tuple(Choice(s.value[1], s.value, f"{s.value} {SEVERITY_MEANINGS[s].split(',')[0]}")
                         for s in Severity)
LINK_CHOICES = (
    Choice("s", LinkKind.STATION.value, "station"),
    Choice("b", LinkKind.BOX.value, "box"),
    Choice("v", LinkKind.ACCOUNT.value, "verification account"),
    Choice("i", LinkKind.INCIDENT.value, "incident"),
    Choice("p", LinkKind.POLICE.value, "police reference"),
)


@dataclass(frozen=True)
class LinkHints:
    """What an incident could sensibly be linked to: offered, never assumed."""

    boxes: tuple[str, ...] = ()
    accounts: tuple[str, ...] = ()

    def suggestion(self, kind: str, incident: IncidentRecord) -> tuple[str, str]:
        """(value to fill in, hint) for a link kind."""
        if kind == LinkKind.STATION:
            return incident.station_id or "", "Station number."
        if kind == LinkKind.BOX:
            only = self.boxes[0] if len(self.boxes) == 1 else ""
            return only, ("Boxes at this station: " + ", ".join(self.boxes)) if self.boxes else "Box number."
        if kind == LinkKind.ACCOUNT:
            only = self.accounts[0] if len(self.accounts) == 1 else ""
            shown = ", ".join(self.accounts[:3]) or "station:<station>:<contest> or postal:<box>"
            return only, f"Accounts: {shown}"
        if kind == LinkKind.INCIDENT:
            return "", "The other incident's number."
        return "", "The reference the police gave."


def hints_for(incident: IncidentRecord, boxes: tuple[tuple[str, str], ...]) -> LinkHints:
    """From the (box, contest) pairs at the incident's station."""
    return LinkHints(boxes=tuple(box for box, _ in boxes),
                     accounts=tuple(sorted({f"station:{incident.station_id}:{contest}" for _, contest in boxes})))


class LinkForm(ControlForm):
    """Changing the kind offers that kind's likely target, as long as the operator has not typed one."""

    def __init__(self, incident: IncidentRecord, hints: LinkHints, typed: dict[str, str] | None = None,
                 problem: str = "") -> None:
        kind = (typed or {}).get("kind", LinkKind.STATION.value)
        value, hint = hints.suggestion(kind, incident)
        super().__init__(f"Link incident #{incident.number}", (
            Field("kind", "Link to", value=kind, choices=LINK_CHOICES),
            Field("target", "Which", value=value, hint=hint, submits=True),
            Field("note", "Note", placeholder="optional", submits=True),
        ), typed=typed, problem=problem, help_text="Press the key of the kind, then Enter. Escape: cancel.",
            start="kind")
        self.incident = incident
        self.hints = hints
        self._offered = value  # replaced when the kind changes, unless the operator typed over it

    @on(ChoiceStrip.Changed, "#cm-kind")
    def _kind_changed(self, event: ChoiceStrip.Changed) -> None:
        value, hint = self.hints.suggestion(event.strip.value or "", self.incident)
        self.set_hint("target", hint)
        target = self.query_one("#cm-target", Input)
        if target.value in ("", self._offered):
            target.value = value
        self._offered = value


class IncidentActions(Screen[None]):
    """The incident commands, for a screen that knows which incident is meant and can run a job."""

    def current_incident(self) -> IncidentRecord | None:
        raise NotImplementedError

    def link_hints(self, incident: IncidentRecord) -> LinkHints:
        return LinkHints()

    def run(self, job: CommandJob, retry: Retry | None = None) -> None:
        raise NotImplementedError

    def say(self, text: str, refused: bool = False) -> None:
        raise NotImplementedError

    def _incident_or_say(self) -> IncidentRecord | None:
        incident = self.current_incident()
        if incident is None:
            self.say("No incident highlighted: N logs one.", refused=True)
        return incident

    def _prompt(self, title: str, label: str, hint: str, then: Callable[[str], None], value: str = "",
                problem: str = "") -> None:
        def answered(text: str | None) -> None:
            if text is not None:
                then(text)

        self.app.push_screen(ControlTextPrompt(title, label, hint, value, problem), answered)

    # Each action works on the incident highlighted when the key was pressed; a form that comes back
    # after a refusal stays on that incident, whatever the list has scrolled to meanwhile.

    def action_acknowledge(self) -> None:
        if (incident := self._incident_or_say()) is not None:
            number = incident.number
            self.run(CommandJob(f"Acknowledge #{number}", f"#{number} acknowledged",
                                command("incident.acknowledge", number=number)))

    def action_assign(self) -> None:
        if (incident := self._incident_or_say()) is not None:
            self._assign(incident)

    def _assign(self, incident: IncidentRecord, value: str = "", problem: str = "") -> None:
        number = incident.number

        def assign(to: str) -> None:
            self.run(CommandJob(f"Assign #{number}", f"#{number} assigned to {to.strip()}",
                                command("incident.assign", number=number, to=to)),
                     lambda p: self._assign(incident, to, p))

        self._prompt(f"Assign incident #{number}", "To (an inspector or a desk)", "Desks: " + ", ".join(DESKS),
                     assign, value, problem)

    def _move(self, incident: IncidentRecord, state: IncidentState, title: str, label: str, done: str,
              hint: str = "", value: str = "", problem: str = "") -> None:
        """A state change whose text the operator types: how it was resolved, what it waits for, why reopen."""
        number = incident.number

        def move(reason: str) -> None:
            self.run(CommandJob(f"{title} #{number}", f"#{number} {done}",
                                command("incident.set_state", number=number, state=state.value, reason=reason)),
                     lambda p: self._move(incident, state, title, label, done, hint, reason, p))

        self._prompt(f"{title} incident #{number}", label, hint, move, value, problem)

    def action_resolve(self) -> None:
        if (incident := self._incident_or_say()) is not None:
            self._move(incident, IncidentState.RESOLVED, "Resolve", "How was it resolved?", "resolved")

    def action_reopen(self) -> None:
        if (incident := self._incident_or_say()) is not None:
            self._move(incident, IncidentState.REOPENED, "Reopen", "Why reopen it?", "reopened")

    def action_hold(self) -> None:
        if (incident := self._incident_or_say()) is None:
            return
        number = incident.number
        if incident.state == IncidentState.ON_HOLD:
            # Back to work: the next step from On hold needs no reason.
            self.run(CommandJob(f"Take #{number} off hold", f"#{number} off hold, in progress",
                                command("incident.set_state", number=number, state=IncidentState.IN_PROGRESS.value)))
            return
        self._move(incident, IncidentState.ON_HOLD, "Put on hold", "What is it waiting for?", "put on hold",
                   "The resolve target waits while it is on hold. H again takes it off hold.")

    def action_close_incident(self) -> None:
        if (incident := self._incident_or_say()) is not None:
            number = incident.number
            self.run(CommandJob(f"Close #{number}", f"#{number} closed",
                                command("incident.set_state", number=number, state=IncidentState.CLOSED.value)))

    def action_note(self) -> None:
        if (incident := self._incident_or_say()) is not None:
            self._note(incident)

    def _note(self, incident: IncidentRecord, value: str = "", problem: str = "") -> None:
        number = incident.number

        def note(text: str) -> None:
            self.run(CommandJob(f"Note on #{number}", f"Note added to #{number}",
                                command("incident.note", number=number, text=text)),
                     lambda p: self._note(incident, text, p))

        self._prompt(f"Note on incident #{number}", "Note", "", note, value, problem)

    def action_escalate(self) -> None:
        if (incident := self._incident_or_say()) is not None:
            self._escalate(incident)

    def _escalate(self, incident: IncidentRecord, typed: dict[str, str] | None = None, problem: str = "") -> None:
        number = incident.number

        def escalate(filled: Filled | None) -> None:
            if filled is None:
                return
            to = filled.text("to") or ESCALATE_TO_DEFAULT
            self.run(CommandJob(f"Escalate #{number}", f"#{number} escalated to {to}",
                                command("incident.escalate", number=number, reason=filled.text("reason"), to=to)),
                     lambda p: self._escalate(incident, filled.typed, p))

        self.app.push_screen(ControlForm(f"Escalate incident #{number} ({incident.severity}, {incident.state_label})", (
            Field("to", "To", value=ESCALATE_TO_DEFAULT),
            Field("reason", "Why", placeholder="why it needs the RO", submits=True),
        ), typed=typed, problem=problem), escalate)

    def action_severity(self) -> None:
        if (incident := self._incident_or_say()) is not None:
            self._severity(incident)

    def _severity(self, incident: IncidentRecord, typed: dict[str, str] | None = None, problem: str = "") -> None:
        number = incident.number

        def change(filled: Filled | None) -> None:
            if filled is None:
                return
            severity = filled.text("severity")
            self.run(CommandJob(f"Change the severity of #{number}", f"#{number} is now {severity}",
                                command("incident.set_severity", number=number, severity=severity,
                                        reason=filled.text("reason"))),
                     lambda p: self._severity(incident, filled.typed, p))

        self.app.push_screen(ControlForm(f"Severity of incident #{number} (now {incident.severity})", (
            Field("severity", "Severity", value=incident.severity, choices=SEVERITY_CHOICES),
            Field("reason", "Why", placeholder="the reason goes on the timeline", submits=True),
        ), typed=typed, problem=problem, help_text="Press 1-4, then the reason and Enter. Escape: cancel.",
            start="severity"), change)

    def action_link(self) -> None:
        if (incident := self._incident_or_say()) is not None:
            self._link(incident)

    def _link(self, incident: IncidentRecord, typed: dict[str, str] | None = None, problem: str = "") -> None:
        number = incident.number

        def link(filled: Filled | None) -> None:
            if filled is None:
                return
            kind, target = filled.text("kind"), filled.text("target")
            self.run(CommandJob(f"Link #{number}", f"#{number} linked to {kind} {target}",
                                command("incident.link", number=number, kind=kind, target=target,
                                        note=filled.text("note"))),
                     lambda p: self._link(incident, filled.typed, p))

        self.app.push_screen(LinkForm(incident, self.link_hints(incident), typed, problem), link)
