"""The demo's officers and its rehearsal roster of user accounts.

The PINs are published (README) so anyone can rehearse; they are for demo databases
only. Each PIN is stored as a salted scrypt hash whose salt comes from the seed, so
the same seed always produces byte-identical definitions.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from pollday.demo import names
from pollday.domain.election import Officer, UserAccount
from pollday.domain.pins import SALT_BYTES, hash_pin
from pollday.domain.roles import Power, Role

ACTING_RO_TITLE = "Acting Returning Officer"
DEPUTY_TITLE = "Deputy Returning Officer"

# The count deputy may run the count end to end; the postal deputy only decides
# postal identifier rejections.
COUNT_DEPUTY_POWERS = (Power.VERIFICATION, Power.ADJUDICATION, Power.RECOUNT, Power.DECLARATION)
POSTAL_DEPUTY_POWERS = (Power.POSTAL_ADJUDICATION,)


@dataclass(frozen=True)
class RosterEntry:
    username: str
    role: Role
    pin: str
    powers: tuple[Power, ...] = ()


ROSTER: tuple[RosterEntry, ...] = (
    RosterEntry("ro", Role.RETURNING_OFFICER, "1066"),
    RosterEntry("deputy1", Role.DEPUTY_RO, "1215", COUNT_DEPUTY_POWERS),
    RosterEntry("deputy2", Role.DEPUTY_RO, "1832", POSTAL_DEPUTY_POWERS),
    RosterEntry("manager", Role.ELECTIONS_MANAGER, "1918"),
    RosterEntry("supervisor1", Role.COUNT_SUPERVISOR, "2201"),
    RosterEntry("supervisor2", Role.COUNT_SUPERVISOR, "2202"),
    RosterEntry("assistant1", Role.COUNT_ASSISTANT, "3301"),
    RosterEntry("assistant2", Role.COUNT_ASSISTANT, "3302"),
    RosterEntry("assistant3", Role.COUNT_ASSISTANT, "3303"),
    RosterEntry("reception1", Role.RECEPTION, "4401"),
    RosterEntry("reception2", Role.RECEPTION, "4402"),
    RosterEntry("postal1", Role.POSTAL_OPENING, "5501"),
    RosterEntry("control1", Role.CONTROL_ROOM, "6601"),
    RosterEntry("control2", Role.CONTROL_ROOM, "6602"),
    RosterEntry("observer1", Role.OBSERVER, "9901"),
)

DEMO_PINS: dict[str, str] = {entry.username: entry.pin for entry in ROSTER}


@dataclass(frozen=True)
class Staff:
    officers: tuple[Officer, ...]
    users: tuple[UserAccount, ...]


def build_staff(name_rng: random.Random, salt_rng: random.Random) -> Staff:
    """Officers and user accounts; the RO and deputies log in under their own names."""
    full_names = dict(zip((entry.username for entry in ROSTER),
                          names.names_with_distinct_surnames(name_rng, len(ROSTER)), strict=True))
    officers = (
        Officer(full_names["ro"], ACTING_RO_TITLE),
        Officer(full_names["deputy1"], DEPUTY_TITLE, COUNT_DEPUTY_POWERS),
        Officer(full_names["deputy2"], DEPUTY_TITLE, POSTAL_DEPUTY_POWERS),
    )
    users = tuple(
        UserAccount(
            username=entry.username,
            full_name=full_names[entry.username],
            role=entry.role,
            powers=entry.powers,
            pin_hash=hash_pin(entry.pin, salt_rng.randbytes(SALT_BYTES)),
        )
        for entry in ROSTER
    )
    return Staff(officers=officers, users=users)
