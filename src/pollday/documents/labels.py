"""What each label says: payload and large print for ballot boxes, seals, staff badges and command cards.

Built from the projection rows, so the same database always gives the same labels in
the same order. Every body is checked against the payload codec first, and all the
problems are reported together: nobody should print half a set of seal labels.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from pollday.documents.errors import LabelError
from pollday.domain.payloads import CommandCard, PayloadError, PayloadKind, election_tag, encode
from pollday.domain.roles import ROLE_LABELS, Role

if TYPE_CHECKING:
    from pollday.services.election_service import ElectionService

Row = dict[str, Any]


class LabelKind(StrEnum):
    BOXES = "boxes"
    SEALS = "seals"
    BADGES = "badges"
    COMMANDS = "commands"


SHEET_TITLES = {
    LabelKind.BOXES: "Ballot box labels",
    LabelKind.SEALS: "Seal labels",
    LabelKind.BADGES: "Staff badges",
    LabelKind.COMMANDS: "Command cards",
}
# Boxes and seals: many labels, short text. Badges and command cards: big print, handled all night.
DEFAULT_LAYOUTS = {
    LabelKind.BOXES: "labels-14",
    LabelKind.SEALS: "labels-14",
    LabelKind.BADGES: "labels-8",
    LabelKind.COMMANDS: "labels-8",
}
COMMAND_CARDS: dict[CommandCard, tuple[str, str]] = {
    CommandCard.SEALS_INTACT: ("Seals intact", "Every seal on this box is intact and its number matches"),
    CommandCard.SEAL_DAMAGED: ("Seal damaged", "A seal is broken, missing or has a wrong number"),
    CommandCard.UNDO_LAST: ("Undo last", "Cancel the last scan at this desk, before it is confirmed"),
    CommandCard.NEXT_BOX: ("Next box", "Finish with this box and clear the desk for the next"),
    CommandCard.CONFIRM: ("Confirm", "Confirm what the screen shows, as pressing Enter does"),
}


@dataclass(frozen=True)
class LabelContent:
    payload: str
    heading: str  # large print
    lines: tuple[str, ...]  # under the heading, the first in bold


def labels_for(kind: LabelKind, service: ElectionService) -> list[LabelContent]:
    election = service.election()
    tag = election_tag(election["election_id"], election["mode"])
    view = service.store.view()
    match kind:
        case LabelKind.BOXES:
            return box_labels(tag, view.rows("boxes"), view.rows("stations"), view.rows("contests"))
        case LabelKind.SEALS:
            return seal_labels(tag, view.rows("boxes"), view.rows("stations"), view.rows("contests"))
        case LabelKind.BADGES:
            return badge_labels(tag, view.rows("users"))
        case LabelKind.COMMANDS:
            return command_labels(tag)


def box_labels(tag: str, boxes: Sequence[Row], stations: Sequence[Row], contests: Sequence[Row]) -> list[LabelContent]:
    station_by_id = {s["station_id"]: s for s in stations}
    contest_by_id = {c["contest_id"]: c for c in contests}
    payloads = _Payloads(tag)
    labels = []
    for box in _in_box_order(boxes, contest_by_id):
        payload = payloads.encode(PayloadKind.BOX, box["box_id"], f"box {box['box_id']}")
        labels.append(LabelContent(
            payload=payload,
            heading=f"Box {box['box_id']}",
            lines=(_station_line(station_by_id, box["station_id"]), _contest_name(contest_by_id, box["contest_id"])),
        ))
    payloads.raise_problems("ballot box labels")
    return labels


def seal_labels(tag: str, boxes: Sequence[Row], stations: Sequence[Row], contests: Sequence[Row]) -> list[LabelContent]:
    station_by_id = {s["station_id"]: s for s in stations}
    contest_by_id = {c["contest_id"]: c for c in contests}
    payloads = _Payloads(tag)
    labels = []
    for box in _in_box_order(boxes, contest_by_id):
        seals = box["seals"]
        for number, seal in enumerate(seals, start=1):
            payload = payloads.encode(PayloadKind.SEAL, seal, f"box {box['box_id']}, seal '{seal}'")
            labels.append(LabelContent(
                payload=payload,
                heading=f"Seal {seal}",
                lines=(f"Box {box['box_id']} · seal {number} of {len(seals)}",
                       _station_line(station_by_id, box["station_id"])),
            ))
    payloads.raise_problems("seal labels")
    return labels


def badge_labels(tag: str, users: Sequence[Row]) -> list[LabelContent]:
    role_order = {role: index for index, role in enumerate(Role)}
    payloads = _Payloads(tag)
    labels = []
    active = [u for u in users if u["active"] and u["role"] != Role.SYSTEM]
    for user in sorted(active, key=lambda u: (role_order.get(u["role"], len(role_order)), u["full_name"])):
        payload = payloads.encode(PayloadKind.BADGE, user["username"], f"user '{user['username']}'")
        labels.append(LabelContent(payload=payload, heading=user["full_name"],
                                   lines=(ROLE_LABELS[Role(user["role"])], f"user {user['username']}")))
    payloads.raise_problems("staff badges")
    return labels


def command_labels(tag: str) -> list[LabelContent]:
    return [
        LabelContent(payload=encode(PayloadKind.COMMAND, tag, card.value), heading=name, lines=("Command card", does))
        for card, (name, does) in COMMAND_CARDS.items()
    ]


def repeated(labels: Iterable[LabelContent], copies: int) -> list[LabelContent]:
    """Each label `copies` times in a row, so the copies of one label sit together on the sheet."""
    return [label for label in labels for _ in range(copies)]


class _Payloads:
    """Encodes bodies and collects every one the codec refuses, to report them all at once."""

    def __init__(self, tag: str) -> None:
        self.tag = tag
        self.problems: list[str] = []

    def encode(self, kind: PayloadKind, body: str, what: str) -> str:
        try:
            return encode(kind, self.tag, body)
        except PayloadError as error:
            self.problems.append(f"{what}: {error}")
            return ""

    def raise_problems(self, sheet: str) -> None:
        if self.problems:
            listed = "\n  ".join(self.problems)
            raise LabelError(
                f"no {sheet} were made: {len(self.problems)} cannot be carried by the barcodes "
                f"(letters, digits and - . / + : only, at most 24 characters):\n  {listed}\n"
                "Correct them in the election definition, then print again."
            )


def _in_box_order(boxes: Sequence[Row], contest_by_id: dict[str, Row]) -> list[Row]:
    def key(box: Row) -> tuple[int, tuple[tuple[int, str], ...]]:
        contest = contest_by_id.get(box["contest_id"])
        return (contest["position"] if contest else 0, natural_key(box["box_id"]))

    return sorted(boxes, key=key)


def natural_key(text: str) -> tuple[tuple[int, str], ...]:
    """'HN2' before 'HN10', '9' before '10': the order people number boxes in."""
    return tuple((int(part), "") if part.isdigit() else (-1, part) for part in re.findall(r"\d+|\D+", text))


def _station_line(station_by_id: dict[str, Row], station_id: str) -> str:
    station = station_by_id.get(station_id)
    return f"Station {station_id} · {station['name']}" if station else f"Station {station_id}"


def _contest_name(contest_by_id: dict[str, Row], contest_id: str) -> str:
    contest = contest_by_id.get(contest_id)
    return contest["name"] if contest else contest_id
