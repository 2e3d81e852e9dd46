"""Candidates for the demo contests, in ballot order as a real ballot paper prints them."""

from __future__ import annotations

import random
from dataclasses import dataclass

from pollday.demo import names
from pollday.domain.election import Candidate, candidate_id_for

PARLIAMENTARY_PARTY_COUNT = 6  # plus one Independent: 7 candidates
WARD_PARTY_COUNT = 3
WARD_CANDIDATES_PER_PARTY = 3


@dataclass(frozen=True)
class _Nominee:
    surname: str
    forenames: str
    description: str
    commonly_used_forenames: str = ""


def parliamentary_candidates(
    contest_id: str, rng: random.Random, parties: tuple[str, ...]
) -> tuple[Candidate, ...]:
    """One candidate per party, one Independent; one name outside ASCII, one commonly used name."""
    descriptions = [*parties, names.INDEPENDENT]
    non_ascii_surname, non_ascii_forenames = rng.choice(names.NON_ASCII_SURNAMES)
    formal_forenames, used_forenames = rng.choice(names.COMMONLY_USED_FORENAMES)
    surnames = rng.sample(names.SURNAMES, len(descriptions) - 1)
    people = [(non_ascii_surname, non_ascii_forenames, "")]
    people.append((surnames[0], formal_forenames, used_forenames))
    people += [(surname, rng.choice(names.FORENAMES), "") for surname in surnames[1:]]
    rng.shuffle(descriptions)
    nominees = [
        _Nominee(surname, forenames, description, used)
        for (surname, forenames, used), description in zip(people, descriptions, strict=True)
    ]
    return _in_ballot_order(contest_id, nominees)


def ward_candidates(contest_id: str, rng: random.Random, parties: tuple[str, ...]) -> tuple[Candidate, ...]:
    """Each party stands a full slate of three for the three seats."""
    surnames = rng.sample(names.SURNAMES, len(parties) * WARD_CANDIDATES_PER_PARTY)
    nominees = [
        _Nominee(surname, rng.choice(names.FORENAMES), parties[index // WARD_CANDIDATES_PER_PARTY])
        for index, surname in enumerate(surnames)
    ]
    return _in_ballot_order(contest_id, nominees)


def _in_ballot_order(contest_id: str, nominees: list[_Nominee]) -> tuple[Candidate, ...]:
    # Ballot papers list candidates alphabetically by surname; accents do not move a
    # name ("Ó Briain" files under O).
    ordered = sorted(nominees, key=lambda n: (names.ascii_fold(n.surname).casefold(),
                                              names.ascii_fold(n.forenames).casefold()))
    return tuple(
        Candidate(
            candidate_id=candidate_id_for(contest_id, order),
            ballot_order=order,
            surname=nominee.surname,
            forenames=nominee.forenames,
            description=nominee.description,
            commonly_used_forenames=nominee.commonly_used_forenames,
        )
        for order, nominee in enumerate(ordered, start=1)
    )
