"""Postal votes handed in, the Elections Act 2022 limits, and opening the rejected packets (§5.3, §5.5)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from pollday.domain.commands.base import Command, CommandContext, Refused, register
from pollday.domain.commands.postal_checks import new_return
from pollday.domain.commands.postal_support import (
    Decision,
    PaperState,
    ballot_number_or_refuse,
    checked_by_text,
    open_session_or_refuse,
    paper_or_refuse,
)
from pollday.domain.commands.reception import person_name
from pollday.domain.postal import PROXY_LIMIT, EarlierHandIns, HandInForm, decide_hand_in, person_key
from pollday.domain.roles import Permission
from pollday.domain.state import Change, Patch, Put, StateView
from pollday.domain.timefmt import uk_time

MAX_PACKS = 200  # far above anything one person carries: catches a figure keyed with extra digits


def _outcome(accepted: int, rejected: int) -> str:
    if rejected == 0:
        return "accepted" if accepted else "forwarded"
    return "rejected" if accepted == 0 else "partly_rejected"


@register
@dataclass(frozen=True)
class HandIn(Command):
    name: ClassVar[str] = "postal.hand_in"
    summary: ClassVar[str] = "Record postal votes handed in, with the return form"
    permission: ClassVar[Permission | None] = Permission.POSTAL_OPENING

    reference: str  # the form's number, or the label on the packet of documents left behind
    station_id: str | None = None  # where handed in, if at a polling station
    location: str = ""  # otherwise where (e.g. "Council offices, Market Street")
    person_name: str = ""
    person_address: str = ""
    own_vote: bool = False
    others: int = 0  # other electors' postal votes, not counting any completed as their proxy
    proxy_votes: int = 0
    campaigner: bool = False
    relatives_or_cared_for: bool = False
    form_complete: bool = True
    left_behind: int = 0  # packs left without a form
    wrong_area: int = 0  # packs for another electoral area: passed to that area's RO, not handled here
    suspected_offence: bool = False
    received_by: str = ""  # the authorised person named on the form

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        reference = self.reference.strip()
        if not reference:
            raise Refused("give the form's reference number (or the packet label for documents left behind)")
        earlier_form = view.get("postal_hand_ins", (reference,))
        if earlier_form is not None:
            raise Refused(f"form {reference} was recorded at {uk_time(earlier_form['at'])} by "
                          f"{person_name(view, earlier_form['by'])}: check the reference")
        if self.station_id is not None and view.get("stations", (self.station_id,)) is None:
            raise Refused(f"station {self.station_id} is not a polling station of this election")
        if self.station_id is None and not self.location.strip():
            raise Refused("say where the votes were handed in: a polling station, or the office's name")
        counts = {"others": self.others, "proxy votes": self.proxy_votes, "left behind": self.left_behind,
                  "wrong area": self.wrong_area}
        for label, value in counts.items():
            if not 0 <= value <= MAX_PACKS:
                raise Refused(f"{label} is {value}: give the number of packs (0 to {MAX_PACKS})")
        if self.proxy_votes > PROXY_LIMIT:
            raise Refused(f"a person can be proxy for at most {PROXY_LIMIT} electors, so {self.proxy_votes} proxy "
                          "votes cannot be right: check the form")
        form = HandInForm(self.own_vote, self.others, self.proxy_votes, self.campaigner,
                          self.relatives_or_cared_for, self.form_complete, self.left_behind, self.suspected_offence)
        if self.left_behind and (self.own_vote or self.others or self.proxy_votes or self.campaigner):
            raise Refused("documents left behind have no form: record the form's figures as a separate hand-in")
        if form.items + self.wrong_area == 0:
            raise Refused("nothing was handed in: give the number of postal votes")
        name, address = self.person_name.strip(), self.person_address.strip()
        identified = bool(name and address)
        if self.form_complete and not self.left_behind and not identified:
            raise Refused("type the name and address from section 2 of the form; if the form lacks them, record "
                          "it as not fully completed")
        key = person_key(name, address) if identified and not self.left_behind else None
        person = view.get("postal_hand_in_people", (key,)) if key else None
        earlier = EarlierHandIns(person["others_accepted"], person["proxy_accepted"]) if person else EarlierHandIns()
        outcome = decide_hand_in(form, earlier)
        changes: list[Change] = [Put("postal_hand_ins", {
            "reference": reference, "station_id": self.station_id, "location": self.location.strip(),
            "person_name": name, "person_address": address, "person_key": key, "own_vote": self.own_vote,
            "others": self.others, "proxy_votes": self.proxy_votes, "campaigner": self.campaigner,
            "relatives_or_cared_for": self.relatives_or_cared_for, "form_complete": self.form_complete,
            "left_behind": self.left_behind, "wrong_area": self.wrong_area,
            "suspected_offence": self.suspected_offence, "received_by": self.received_by.strip(),
            "accepted_own": outcome.accepted_own, "accepted_proxy": outcome.accepted_proxy,
            "accepted_others": outcome.accepted_others, "rejected_own": outcome.rejected_own,
            "rejected_proxy": outcome.rejected_proxy, "rejected_others": outcome.rejected_others,
            "rejected_left_behind": outcome.rejected_left_behind, "reasons": [r.value for r in outcome.reasons],
            "outcome": _outcome(outcome.accepted, outcome.rejected), "opened": 0, "at": ctx.at.isoformat(),
            "by": ctx.actor,
        })]
        if key is not None:
            changes.append(Put("postal_hand_in_people", {
                "person_key": key,
                "own_accepted": (person["own_accepted"] if person else 0) + outcome.accepted_own,
                "others_accepted": earlier.others_accepted + outcome.accepted_others,
                "proxy_accepted": earlier.proxy_accepted + outcome.accepted_proxy,
                "hand_ins": (person["hand_ins"] if person else 0) + 1, "last_reference": reference,
            }))
        return changes


@register
@dataclass(frozen=True)
class OpenRejectedHandIn(Command):
    name: ClassVar[str] = "postal.open_rejected_hand_in"
    summary: ClassVar[str] = "Open one pack from a rejected hand-in packet for the fourth list"
    permission: ClassVar[Permission | None] = Permission.POSTAL_OPENING

    session_id: str
    reference: str
    ballot_number: str = ""  # the number on the PVS found in the pack
    pvs_present: bool = True
    paper_with_pvs: bool = True  # the pack held a ballot paper whose number matches the PVS

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        open_session_or_refuse(view, self.session_id)
        form = view.get("postal_hand_ins", (self.reference.strip(),))
        if form is None:
            raise Refused(f"there is no hand-in recorded as {self.reference}: record the form first")
        rejected = (form["rejected_own"] + form["rejected_proxy"] + form["rejected_others"]
                    + form["rejected_left_behind"])
        if form["opened"] >= rejected:
            raise Refused(f"all {rejected} rejected pack(s) of {form['reference']} have been opened already")
        changes: list[Change] = [Patch("postal_hand_ins", (form["reference"],), {"opened": form["opened"] + 1})]
        if not self.pvs_present:
            return changes  # no PVS, no elector to name: the fourth list needs no entry (§5.5)
        number = ballot_number_or_refuse(self.ballot_number)
        _paper, pack = paper_or_refuse(view, number)
        returned = view.get("postal_returns", (pack["pvs_number"],))
        if returned is not None:
            raise Refused(f"documents of the pack with PVS {pack['pvs_number']} were already received "
                          f"{checked_by_text(view, returned['session_id'], returned['at'], returned['by'])}: "
                          "set this one aside for the RO")
        row = new_return(ctx, self.session_id, f"hand-in {form['reference']}", pack["pvs_number"])
        changes.append(Put("postal_returns", {
            **row, "pvs_received": True, "pvs_session_id": self.session_id, "pvs_at": ctx.at.isoformat(),
            "pvs_by": ctx.actor, "envelope_a_present": self.paper_with_pvs, "numbers_match": self.paper_with_pvs,
            "decision": Decision.REJECTED_AT_HAND_IN.value, "reasons": form["reasons"],
            "suspected_offence": form["suspected_offence"], "hand_in_reference": form["reference"],
        }))
        if self.paper_with_pvs:
            changes += [Patch("postal_papers", (p["number"],), {
                "state": PaperState.ATTACHED.value, "session_id": self.session_id, "at": ctx.at.isoformat(),
            }) for p in pack["papers"]]
        return changes
