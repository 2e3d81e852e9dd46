"""The declaration of result read back as text: every figure exactly as `result_records` gives it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest

from pollday.documents.declaration import lot_note, render_declaration
from pollday.documents.errors import DocumentError
from pollday.documents.facts import uk_datetime
from pollday.documents.report_tables import NotReady, RenderedDocument
from pollday.services.election_service import ElectionService
from pollday.services.results_export import result_records
from tests.conftest import DemoCopy
from tests.documents.conftest import GENERATED_AT
from tests.documents.report_text import (
    AT,
    PARL,
    SMALL_WARD,
    WARD,
    assert_furniture,
    flowing_text,
    layout_text,
    lines_starting,
    percent,
    run,
    verify_small_election,
    whole,
)


@pytest.fixture(scope="module")
def declared(tmp_path_factory: pytest.TempPathFactory, demo_copy: DemoCopy) -> Iterator[ElectionService]:
    service = ElectionService.open(demo_copy("declared", tmp_path_factory.mktemp("declared") / "d.db"))
    yield service
    service.close()


@pytest.fixture(scope="module")
def parliamentary(declared: ElectionService) -> RenderedDocument:
    return render_declaration(declared, PARL, AT)


@pytest.fixture(scope="module")
def ward(declared: ElectionService) -> RenderedDocument:
    return render_declaration(declared, WARD, AT)


def assert_candidates(text: str, record: dict[str, Any]) -> None:
    """Each candidate on one row, in ballot order: surname first, then other names, description, votes."""
    positions = []
    for candidate in record["candidates"]:
        rows = [line for line in lines_starting(text, candidate["surname"]) if candidate["forenames"] in line]
        assert len(rows) == 1, candidate["surname"]
        row = rows[0]
        assert candidate["party"] in row
        elected = r"\s+Elected" if candidate["elected"] else ""
        assert re.search(rf"\s{whole(candidate['votes'])}{elected}$", row), row
        positions.append(text.index(row))
    assert positions == sorted(positions), "candidates must be in ballot paper order"


def assert_rejected(text: str, record: dict[str, Any]) -> None:
    for head, entry in record["rejected"].items():
        assert re.search(rf"^{head}\s+{re.escape(entry['label'])}\s+{whole(entry['papers'])}$", text, re.MULTILINE)
    assert re.search(rf"^\s+Total rejected\s+{whole(record['invalid_votes'])}$", text, re.MULTILINE)


def assert_papers_and_turnout(text: str, record: dict[str, Any]) -> None:
    for label, value in (("Electorate", whole(record["electorate"])),
                         ("Ballot papers counted (the verified total)", whole(record["ballot_papers_counted"])),
                         ("Ballot box turnout", percent(record["ballot_box_turnout"])),
                         ("Valid vote turnout", percent(record["valid_vote_turnout"]))):
        assert re.search(rf"^{re.escape(label)}\s+{re.escape(value)}$", text, re.MULTILINE), label


def test_parliamentary_declaration_states_every_figure(declared: ElectionService,
                                                       parliamentary: RenderedDocument) -> None:
    record = result_records(declared, PARL)[0]
    assert record["status"] == "declared"
    text = layout_text(parliamentary.pdf)
    assert_candidates(text, record)
    assert_rejected(text, record)
    assert_papers_and_turnout(text, record)
    assert record["ballot_papers_counted"] == record["valid_papers"] + record["invalid_votes"]
    assert "Ødegård" in text  # a name with non-Latin-1 letters prints
    assert "rejected in part" not in text  # single seat: none, so not mentioned
    assert "Following an equality of votes" not in text
    assert re.search(r"^Date of poll\s+Thursday 7 May 2026$", text, re.MULTILINE)
    assert re.search(r"^Area\s+Kestrel Vale$", text, re.MULTILINE)
    assert_furniture(parliamentary)


def test_commonly_used_name_is_given_with_the_full_name(declared: ElectionService,
                                                        parliamentary: RenderedDocument) -> None:
    known = [c for c in result_records(declared, PARL)[0]["candidates"] if c["commonly_used_forenames"]]
    assert known
    flowing = flowing_text(parliamentary.pdf)
    for candidate in known:
        assert f"{candidate['forenames']} (known as {candidate['commonly_used_forenames']} {candidate['surname']})" \
            in flowing


def test_deposits_schedule(declared: ElectionService, parliamentary: RenderedDocument) -> None:
    record = result_records(declared, PARL)[0]
    text = layout_text(parliamentary.pdf)
    outcomes = set()
    for candidate in record["candidates"]:
        outcome = "Returned" if candidate["deposit_returned"] else "Forfeited"
        outcomes.add(outcome)
        name = f"{candidate['forenames']} {candidate['surname']}"
        assert re.search(rf"^{re.escape(name)}\s+{whole(candidate['votes'])}\s+{re.escape(percent(candidate['share']))}"
                         rf"\s+{outcome}$", text, re.MULTILINE), name
    assert outcomes == {"Returned", "Forfeited"}
    threshold = record["valid_votes"] * 0.05
    assert f"more than {threshold:,.2f} of {whole(record['valid_votes'])}" in flowing_text(parliamentary.pdf)


def test_signed_with_capacity_and_time_of_declaration(declared: ElectionService,
                                                      parliamentary: RenderedDocument) -> None:
    record = result_records(declared, PARL)[0]
    declared_at = uk_datetime(datetime.fromisoformat(record["declared_at"]))
    flowing = flowing_text(parliamentary.pdf)
    assert f"Signed in the system by Naomi Sutcliffe at {declared_at}" in flowing
    assert "Naomi Sutcliffe Acting Returning Officer" in flowing
    assert "I, Naomi Sutcliffe, being the Acting Returning Officer at the above election" in flowing
    assert re.search(rf"^Time of declaration\s+{re.escape(declared_at)}$", layout_text(parliamentary.pdf),
                     re.MULTILINE)


def test_ward_declaration_with_lot_and_rejected_in_part(declared: ElectionService, ward: RenderedDocument) -> None:
    record = result_records(declared, WARD)[0]
    text = layout_text(ward.pdf)
    assert_candidates(text, record)
    assert_rejected(text, record)
    assert_papers_and_turnout(text, record)
    assert sum(c["elected"] for c in record["candidates"]) == 3
    assert record["lot"] and record["rejected_in_part"] > 0
    winner = next(c for c in record["candidates"] if c["candidate_id"] == record["lot"]["winners"][0])
    sentence = ("Following an equality of votes, lots were drawn and an additional vote was allotted to "
                f"{winner['forenames']} {winner['surname']}.")
    assert lot_note(record) == sentence
    flowing = flowing_text(ward.pdf)
    assert sentence in flowing
    assert f"In addition, {whole(record['rejected_in_part'])} ballot paper(s) were rejected in part" in flowing
    assert "Schedule of deposits" not in text  # local elections have no deposits
    assert "Seán" in text
    assert_furniture(ward)


def test_the_same_facts_give_the_same_bytes(declared: ElectionService, parliamentary: RenderedDocument) -> None:
    assert render_declaration(declared, PARL, AT).pdf == parliamentary.pdf


def test_unknown_contest(declared: ElectionService) -> None:
    with pytest.raises(DocumentError, match=re.escape("'parl.nowhere' is not a contest of this election")):
        render_declaration(declared, "parl.nowhere", AT)


def test_an_official_declaration(official_service: ElectionService) -> None:
    """From an official database the declaration is OFFICIAL; Vietnamese letters and a commonly used name print."""
    verify_small_election(official_service)
    run(official_service, "ro", "verification.sign_off", contest_id=SMALL_WARD)
    with pytest.raises(NotReady, match="has no result yet"):
        render_declaration(official_service, SMALL_WARD, GENERATED_AT)
    votes = {f"{SMALL_WARD}/1": 700, f"{SMALL_WARD}/2": 499, f"{SMALL_WARD}/3": 300}
    run(official_service, "assistant", "count.record_table", contest_id=SMALL_WARD, table_id="T1",
        papers_given=1500, votes=votes, doubtful=1)
    run(official_service, "deputy", "count.adjudicate", contest_id=SMALL_WARD, table_id="T1", decision="rejected",
        head="D", objected=True)
    run(official_service, "supervisor", "count.provisional", contest_id=SMALL_WARD)
    with pytest.raises(NotReady, match="has not been declared"):
        render_declaration(official_service, SMALL_WARD, GENERATED_AT)
    run(official_service, "deputy", "count.declare", contest_id=SMALL_WARD)
    document = render_declaration(official_service, SMALL_WARD, GENERATED_AT)
    text = layout_text(document.pdf, nodiag=False)
    assert "OFFICIAL" in text and "REHEARSAL" not in text and "PROVISIONAL" not in text
    assert re.search(r"^Nguyễn\s+Thảo\s+Independent\s+499$", text, re.MULTILINE)
    assert re.search(r"^Ashworth\s+Helen\s+Harrowden Green Party\s+700\s+Elected$", text, re.MULTILINE)
    assert "Chukwuemeka (known as Emeka Okafor)" in flowing_text(document.pdf)
    assert re.search(r"^D\s+Unmarked or wholly void for uncertainty\s+1$", text, re.MULTILINE)
    # Declared by the deputy with the declaration power: the deputy signs, in their own capacity.
    flowing = flowing_text(document.pdf)
    assert "I, Test Deputy, being the Deputy Returning Officer at the above election" in flowing
    assert "Signed in the system by Test Deputy at 7 May 2026" in flowing
