"""Postal votes handed in at polling stations, against section D of the stations' BPAs (§1.4, §5.3).

A presiding officer's ballot paper account has a section for the postal votes handed in
at the station: accepted, rejected, and the number of return forms. The same packs are
recorded form by form with `postal.hand_in` (station_id set), so the two must agree.
The section is not a statutory BPA head and is per station, not per contest: a combined
poll's BPAs may each repeat it, or only one of them may carry it.

Pure functions over a StateView. `section_d` is what the section should say (for a BPA
keyed or phoned in from the records); `station_differences` says, in words, where the
BPAs of a station say otherwise. They are reported, never refused: the BPA records what
the presiding officer wrote, and forms may still arrive with the station's packets.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pollday.domain.ordering import natural_key
from pollday.domain.state import StateView
from pollday.domain.verification import effective_bpa

SECTION_D = ("postal_accepted", "postal_rejected", "postal_forms")
_WORDS = {"postal_accepted": "accepted", "postal_rejected": "rejected", "postal_forms": "return forms"}


@dataclass(frozen=True)
class HandedIn:
    """What the hand-in records of one place add up to."""

    accepted: int = 0
    rejected: int = 0  # including packs left behind without a form
    forms: int = 0  # return of postal voting documents forms: packs left behind came without one
    references: tuple[str, ...] = ()

    @property
    def section_d(self) -> dict[str, int]:
        return {"postal_accepted": self.accepted, "postal_rejected": self.rejected, "postal_forms": self.forms}


def handed_in(records: Iterable[dict[str, Any]]) -> HandedIn:
    """Add up `postal_hand_ins` rows. Packs for another area (wrong_area) are neither: they were passed on."""
    rows = sorted(records, key=lambda r: natural_key(r["reference"]))
    return HandedIn(
        accepted=sum(r["accepted_own"] + r["accepted_proxy"] + r["accepted_others"] for r in rows),
        rejected=sum(r["rejected_own"] + r["rejected_proxy"] + r["rejected_others"] + r["rejected_left_behind"]
                     for r in rows),
        forms=sum(1 for r in rows if not r["left_behind"]),
        references=tuple(r["reference"] for r in rows),
    )


def handed_in_at(view: StateView, station_id: str) -> HandedIn:
    return handed_in(view.rows("postal_hand_ins", station_id=station_id))


def section_d(view: StateView, station_id: str) -> dict[str, int]:
    """The BPA's postal figures as the hand-in records at the station give them."""
    return handed_in_at(view, station_id).section_d


def _keyed(view: StateView, station_id: str) -> list[tuple[str, dict[str, Any]]]:
    """(contest, effective BPA) for each contest of the station with a BPA to go by."""
    contests = sorted({b["contest_id"] for b in view.rows("boxes", station_id=station_id)}, key=natural_key)
    found = []
    for contest_id in contests:
        row, _keyings_differ = effective_bpa(view, station_id, contest_id)
        if row is not None:
            found.append((contest_id, row))
    return found


def station_differences(view: StateView, station_id: str) -> list[str]:
    """Where the station's BPAs disagree with its hand-in records, in words; empty when they agree.

    A BPA whose section D is blank (all nought) is taken to leave it to another of the
    station's BPAs; if none carries it while forms were recorded, that is said once.
    """
    records = handed_in_at(view, station_id)
    expected = records.section_d
    keyed = _keyed(view, station_id)
    if not keyed:
        return []
    filled = [(contest_id, row) for contest_id, row in keyed if any(row[f] for f in SECTION_D)]
    recorded = _recorded(records)
    if not filled:
        if any(expected.values()):
            return [f"station {station_id}'s BPA shows no postal votes handed in, but {recorded}"]
        return []
    differences = []
    for contest_id, row in filled:
        if any(row[f] != expected[f] for f in SECTION_D):
            shown = {f: row[f] for f in SECTION_D}
            differences.append(f"station {station_id}'s BPA for {contest_id} shows {_figures(shown)} handed in, "
                               f"but {recorded}")
    return differences


def all_station_differences(view: StateView) -> dict[str, list[str]]:
    """Every station whose BPAs and hand-in records disagree, in station order."""
    stations = sorted((s["station_id"] for s in view.rows("stations")), key=natural_key)
    return {s: found for s in stations if (found := station_differences(view, s))}


def _figures(figures: dict[str, int]) -> str:
    return ", ".join(f"{figures[f]} {_WORDS[f]}" for f in SECTION_D)


def _recorded(records: HandedIn) -> str:
    if not records.references:
        return "no hand-in is recorded at the station"
    listed = ", ".join(records.references[:5]) + (f" and {len(records.references) - 5} more"
                                                  if len(records.references) > 5 else "")
    forms = "form" if len(records.references) == 1 else "forms"
    return f"the hand-in records ({forms} {listed}) give {_figures(records.section_d)}"
