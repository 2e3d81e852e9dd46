"""The postal vote documents read back as text: every row and figure as `postal_export` gives it.

Form K, the EC's figures, the four statutory lists, the marked postal voters list and the
rejection notices of the demo election, compared with the read model behind
`pollday postal export` (and its CSV), plus what must never be printed: dates of birth,
ballot paper numbers against a named elector, letters to those suspected of an offence.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from pollday.documents.errors import DocumentError
from pollday.documents.form_k import EC_FIGURES, render_form_k
from pollday.documents.postal_lists import HEADINGS, render_postal_lists
from pollday.documents.postal_marked_list import render_marked_list
from pollday.documents.postal_notices import render_rejection_notices
from pollday.documents.report_tables import NotReady, RenderedDocument
from pollday.domain.postal import labels
from pollday.imports.absent_voters import read_absent_voters_csv
from pollday.services.clock import ManualClock
from pollday.services.election_service import ElectionService
from pollday.services.postal_export import postal_csv, postal_export, postal_records
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
    percent,
    run,
    whole,
)

CONTESTS = {PARL: "Kestrel Vale", WARD: "Harrowden North ward"}


@pytest.fixture(scope="module")
def declared(tmp_path_factory: pytest.TempPathFactory, demo_copy: DemoCopy) -> Iterator[ElectionService]:
    service = ElectionService.open(demo_copy("declared", tmp_path_factory.mktemp("postal") / "d.db"))
    yield service
    service.close()


@pytest.fixture(scope="module")
def records(declared: ElectionService) -> dict[str, Any]:
    return postal_export(declared)


def pages(document: RenderedDocument) -> list[str]:
    """Each page's text (pdftotext separates pages with a form feed), read in one run."""
    return layout_text(document.pdf).split("\f")[: document.pages]


def cells(line: str) -> list[str]:
    return re.split(r"\s{2,}", line.strip())


def starts(expected: str, printed: str) -> bool:
    """A cell wrapped over lines shows its first words on the row's first line."""
    return expected.startswith(printed) and (printed == expected or expected[len(printed)] in " \n")


MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DATE_LIKE = re.compile(rf"\d{{4}}-\d{{2}}-\d{{2}}|\d{{2}}/\d{{2}}/\d{{4}}|\d{{2}} \d{{2}} \d{{4}}|"
                       rf"\d{{1,2}} (?:{MONTHS}) \d{{4}}")


def identifiers(service: ElectionService) -> set[str]:
    """Every date of birth held or written on a PVS, in the ways a person or pollday might print it."""
    view = service.store.view()
    forms = {r["dob_written"] for r in view.rows("postal_returns") if r["dob_written"]}
    for voter in view.rows("postal_voters"):
        if voter["date_of_birth"]:
            born = date.fromisoformat(voter["date_of_birth"])
            forms |= {born.isoformat(), f"{born:%d/%m/%Y}", f"{born:%d %m %Y}", f"{born.day} {born:%B %Y}"}
    return forms


def assert_no_identifiers(service: ElectionService, text: str) -> None:
    """Every date printed is read out of the text first: a search per date would scan 2 MB 60,000 times."""
    printed = set(DATE_LIKE.findall(" ".join(text.split())))
    assert not printed & identifiers(service), sorted(printed & identifiers(service))[:5]


def assert_no_ballot_numbers(numbers: set[str], text: str) -> None:
    printed = numbers & set(re.findall(r"[\w-]+", text))
    assert numbers and not printed, sorted(printed)[:5]


# --- Form K and the EC's figures ---------------------------------------------------------------


@pytest.fixture(scope="module", params=[PARL, WARD])
def form_k(request: pytest.FixtureRequest, declared: ElectionService) -> tuple[str, RenderedDocument]:
    return request.param, render_form_k(declared, request.param, AT)


def test_every_form_k_line_agrees_with_the_csv(declared: ElectionService,
                                               form_k: tuple[str, RenderedDocument]) -> None:
    contest_id, document = form_k
    exported = [row for row in csv.DictReader(io.StringIO(postal_csv(postal_records(declared, "form-k"), "form-k")))
                if row["contest_id"] == contest_id]
    assert len(exported) == 15
    text = layout_text(document.pdf)
    flowing = flowing_text(document.pdf)
    for number, line in enumerate(exported, start=1):
        (row,) = [r for r in text.splitlines() if re.match(rf"{number}\s", r)]
        # The notes hold no digits, so the figure is the last number on the row's first line.
        printed = re.fullmatch(rf"{number}\s+(?P<label>.*?)\s+(?P<value>[\d,]+)(\s+\D*?)?\s+to be confirmed", row)
        assert printed and starts(line["label"], printed["label"]), (line, row)
        assert printed["value"] == whole(int(line["value"])) and line["to_be_confirmed"] == "True", (line, row)
        assert line["label"] in flowing and line["note"] in flowing
    assert "TO BE CONFIRMED. Line wording and numbering follow the domain reference" in flowing
    assert f"{CONTESTS[contest_id]}, 7 May 2026" in text
    assert "they add up" in text and "declared" in text
    assert_furniture(document)


def test_the_ec_figures_agree_with_the_export(declared: ElectionService,
                                             form_k: tuple[str, RenderedDocument]) -> None:
    contest_id, document = form_k
    (statistics,) = [s for s in postal_records(declared, "ec-stats") if s["contest_id"] == contest_id]
    annex = layout_text(document.pdf, document.pages)
    assert "Annex: postal figures for the EC's post-poll data request" in annex
    for key, label in EC_FIGURES:
        value = percent(statistics[key]) if key == "return_rate" else whole(statistics[key])
        assert re.search(rf"^{re.escape(label)}\s+{re.escape(value)}$", annex, re.MULTILINE), (key, value)
    combinations = statistics["rejected_identifiers_by_combination"]
    assert combinations
    for combination, count in combinations.items():
        label = " and ".join(labels(combination.split("+")))
        assert re.search(rf"^{re.escape(label)}\s+{whole(count)}$", annex, re.MULTILINE), combination


def test_form_k_is_made_again_byte_for_byte(declared: ElectionService,
                                             form_k: tuple[str, RenderedDocument]) -> None:
    contest_id, document = form_k
    assert render_form_k(declared, contest_id, AT).pdf == document.pdf


# --- the statutory lists -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def lists_document(declared: ElectionService) -> RenderedDocument:
    return render_postal_lists(declared, AT)


def sections(text: str) -> dict[str, str]:
    """The text under each list's heading, up to the next heading."""
    marks = [*(HEADINGS[n] for n in ("1", "2", "3", "4")), "Record of suspected offences"]
    found = {}
    for index, mark in enumerate(marks):
        start = text.rindex(mark)
        end = text.rindex(marks[index + 1]) if index + 1 < len(marks) else len(text)
        found[mark] = text[start:end]
    return found


def test_lists_one_and_two_give_every_ballot_number(records: dict[str, Any], lists_document: RenderedDocument) -> None:
    sessions = {s["session_id"]: s["name"] for s in records["sessions"]}
    parts = sections(layout_text(lists_document.pdf))
    for number, time_key in (("1", "received_at"), ("2", "pvs_checked_at")):
        rows = records["lists"][number]
        assert rows, number
        text = parts[HEADINGS[number]]
        for row in rows:
            (line,) = [line for line in text.splitlines() if line.startswith(row["ballot_number"] + " ")]
            local = datetime.fromisoformat(row[time_key])
            assert cells(line) == [row["ballot_number"], CONTESTS[row["contest_id"]], sessions[row["session_id"]],
                                   f"{local.day} {local:%b %H:%M}" if local.date() != date(2026, 5, 7)
                                   else f"{local:%H:%M}"], line
        assert len([line for line in text.splitlines() if re.match(r"\d{6} ", line)]) == len(rows)


def test_lists_three_and_four_name_every_elector_and_reason(declared: ElectionService, records: dict[str, Any],
                                                            lists_document: RenderedDocument) -> None:
    parts = sections(layout_text(lists_document.pdf))
    flowing = flowing_text(lists_document.pdf)
    for number in ("3", "4"):
        rows = records["lists"][number]
        assert rows, number
        text = parts[HEADINGS[number]]
        for row in rows:
            (line,) = [line for line in text.splitlines() if line.startswith(row["elector_number"] + " ")]
            printed = cells(line)
            assert starts(row["name"], printed[1]), (row, printed)
            if row["proxy_name"]:
                assert starts(row["proxy_name"], printed[2]), (row, printed)
            assert starts(row["reason_labels"][0], printed[3 if row["proxy_name"] else 2]), (row, printed)
            for label in row["reason_labels"]:
                assert label in flowing
        listed = [line for line in text.splitlines() if re.match(r"[A-Z]{3}\d-\d{4} ", line)]
        assert len(listed) == len(rows)
    fourth = parts[HEADINGS["4"]]
    for row in records["lists"]["4"]:
        assert f"{row['hand_in_reference']}, " in fourth
    summary = layout_text(lists_document.pdf, 1)
    for number, heading in HEADINGS.items():
        assert re.search(rf"^{re.escape(heading)}\s+{whole(len(records['lists'][number]))}$", summary, re.MULTILINE)


def test_no_ballot_number_against_a_named_elector(declared: ElectionService, records: dict[str, Any],
                                                 lists_document: RenderedDocument) -> None:
    view = declared.store.view()
    named = {row["elector_number"] for n in ("3", "4") for row in records["lists"][n]}
    numbers = {paper["number"] for pack in view.rows("postal_packs") if pack["elector_number"] in named
               for paper in pack["papers"]}
    parts = sections(layout_text(lists_document.pdf))
    for mark in (HEADINGS["3"], HEADINGS["4"], "Record of suspected offences"):
        assert_no_ballot_numbers(numbers, parts[mark])
    assert_no_identifiers(declared, layout_text(lists_document.pdf))


def test_suspected_offences_are_recorded(records: dict[str, Any], lists_document: RenderedDocument) -> None:
    suspected = [row for n in ("3", "4") for row in records["lists"][n] if row["suspected_offence"]]
    assert suspected
    record = sections(layout_text(lists_document.pdf))["Record of suspected offences"]
    assert sorted(line.split()[1] for line in record.splitlines() if re.match(r"[34]\s+[A-Z]{3}\d-", line)) == sorted(
        row["elector_number"] for row in suspected)


def test_long_lists_repeat_their_header(lists_document: RenderedDocument) -> None:
    texts = pages(lists_document)
    third = [page for page in texts if re.search(r"^[A-Z]{3}\d-\d{4}\s.*(match|blank)", page, re.MULTILINE)]
    assert len(third) > 5
    for page in third:
        assert re.search(r"^Elector\s+Elector\s+Proxy\s+Reason\(s\)", page, re.MULTILINE)
    assert_furniture(lists_document)


# --- the marked postal voters list -----------------------------------------------------------------


@pytest.fixture(scope="module")
def marked(declared: ElectionService) -> RenderedDocument:
    return render_marked_list(declared, AT)


@pytest.fixture(scope="module")
def marked_text(marked: RenderedDocument) -> str:
    return layout_text(marked.pdf)  # 380 pages: read once


def marked_rows(text: str) -> dict[str, list[str]]:
    """Each row's lines by elector number: its first line, then the lines its wrapped cells run onto."""
    rows: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        if re.match(r"[A-Z]{3}\d-\d{4} ", line):
            current = rows.setdefault(line.split()[0], [])
            current.append(line)
        elif current is not None and line.startswith(" ") and line.strip():
            current.append(line)
        else:
            current = None
    return rows


def test_every_postal_voter_is_on_the_marked_list(declared: ElectionService, marked_text: str) -> None:
    rows = postal_records(declared, "marked")
    printed = marked_rows(marked_text)
    assert len(printed) == len(rows) == 16_917
    for row in rows:
        lines = printed[row["elector_number"]]
        returned = ""
        if row["returned"]:
            local = datetime.fromisoformat(row["returned_at"])
            when = f"{local:%H:%M}" if local.date() == date(2026, 5, 7) else f"{local.day} {local:%b %H:%M}"
            returned = f"{when} · {row['session_id']}"
            assert f" {returned} " in lines[0], (row, lines)
        proxy = f"proxy: {row['proxy_name']}" if row["proxy_name"] else ""
        expected = " ".join([row["elector_number"], row["name"], proxy, row["address"], returned, row["status"]])
        assert Counter(" ".join(lines).split()) == Counter(expected.split()), (row, lines)
        assert starts(row["status"], cells(lines[0])[-1]), (row, lines)
    summary = marked_text.split("\f")[0]
    assert re.search(rf"^Postal voters listed\s+{whole(len(rows))}$", summary, re.MULTILINE)
    assert re.search(rf"^Marked as returned\s+{whole(sum(r['returned'] for r in rows))}$", summary, re.MULTILINE)
    for status in {r["status"] for r in rows}:
        count = sum(1 for r in rows if r["status"] == status)
        assert re.search(rf"^\s+{re.escape(status)}\s+{whole(count)}$", summary, re.MULTILINE), status


def test_the_marked_list_repeats_its_header_and_keeps_identifiers_out(
        declared: ElectionService, marked: RenderedDocument, marked_text: str) -> None:
    texts = marked_text.split("\f")[: marked.pages]
    assert len(texts) == marked.pages > 300
    for number, page in enumerate(texts, start=1):
        assert re.search(r"^Elector\s+Name\s+Address\s+Returned\s+Where it stands$", page, re.MULTILINE), number
        assert f"page {number} of {marked.pages}" in page
    text = "\n".join(texts)
    assert_no_identifiers(declared, text)
    assert_no_ballot_numbers({p["number"] for p in declared.store.view().rows("postal_papers")}, text)


# --- rejection notices -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def notices(declared: ElectionService) -> RenderedDocument:
    return render_rejection_notices(declared, AT)


def test_one_letter_a_page_after_the_cover_sheet(records: dict[str, Any], notices: RenderedDocument) -> None:
    letters = records["notices"]
    texts = pages(notices)
    cover = len(texts) - len(letters)
    assert cover >= 1 and re.search(rf"^Letters\s+{whole(len(letters))}$", texts[0], re.MULTILINE)
    assert re.search(rf"^Not made: offence suspected\s+{records['notices_withheld_for_suspected_offence']}$",
                     texts[0], re.MULTILINE)
    assert re.search(r"^To be sent by\s+7 August 2026$", texts[0], re.MULTILINE)
    for letter, page in zip(letters, texts[cover:], strict=True):
        flowing = " ".join(page.split())
        assert f"Our reference: {letter['letter_id']}" in page
        assert f"Dear {letter['recipient_name']}," in page
        for part in letter["recipient_address"].split(", "):
            assert re.search(rf"^{re.escape(part)}$", page, re.MULTILINE), part
        for reason in letter["reasons"]:
            assert reason in flowing
        assert ("ask for a fresh signature" in flowing) == letter["fresh_signature_may_be_requested"]
        assert ("as proxy for" in flowing) == (letter["recipient"] == "proxy")


def test_no_letter_where_an_offence_is_suspected(declared: ElectionService, records: dict[str, Any],
                                                notices: RenderedDocument) -> None:
    suspected = [row["elector_number"] for row in records["lists"]["3"] if row["suspected_offence"]]
    assert suspected and records["notices_withheld_for_suspected_offence"] == len(suspected)
    text = layout_text(notices.pdf)
    assert not [number for number in suspected if number in text]
    assert_no_identifiers(declared, text)
    assert_no_ballot_numbers({p["number"] for p in declared.store.view().rows("postal_papers")}, text)


# --- nothing yet, unknown contest, names purged, not yet final ----------------------------------------


def test_nothing_to_print_before_the_absent_voters_list(tmp_path: Path, demo_copy: DemoCopy) -> None:
    service = ElectionService.open(demo_copy("setup", tmp_path / "setup.db"))
    try:
        for render in (render_postal_lists, render_marked_list, render_rejection_notices,
                       lambda s, at: render_form_k(s, PARL, at)):
            with pytest.raises(NotReady, match="no absent voters list has been imported yet"):
                render(service, AT)
        with pytest.raises(DocumentError, match=re.escape(f"'parl.nowhere' is not a contest of this election; "
                                                          f"the contests are: {PARL}, {WARD}")):
            render_form_k(service, "parl.nowhere", AT)
    finally:
        service.close()


ABSENT_VOTERS = f"""elector_number,name,address,date_of_birth,signature_waiver,proxy_name,proxy_address,\
proxy_elector_number,ballot_papers,issue_type,issued_as
HE1-0001,Ann Hale,"1 Church Lane, Harrowden",14/03/1960,no,,,,500001,original,
HE1-0002,Bo Yates,"2 Church Lane, Harrowden",1971-11-02,yes,,,,{SMALL_WARD}:500002,original,
"""


def import_absent_voters(service: ElectionService) -> None:
    parsed = read_absent_voters_csv(ABSENT_VOTERS, "absent-voters.csv", [SMALL_WARD])
    result = service.execute(service.session_for("manager"), parsed.command)
    assert result.applied, result.reason


def test_after_the_purge_only_the_figures_can_be_printed(official_service: ElectionService) -> None:
    import_absent_voters(official_service)
    clock = official_service.clock
    assert isinstance(clock, ManualClock)
    clock.advance(timedelta(days=40))  # the purge is refused until the poll is over
    run(official_service, "ro", "postal.purge_personal_data", force_before_retention=True, reason="test of the purge")
    for render in (render_postal_lists, render_marked_list, render_rejection_notices):
        with pytest.raises(DocumentError, match="names and addresses have been purged"):
            render(official_service, AT)
    form_k = layout_text(render_form_k(official_service, SMALL_WARD, AT).pdf)
    assert re.search(r"^4\s+Total postal ballot papers issued\s+2\s", form_k, re.MULTILINE)


def test_figures_awaiting_the_ro_are_provisional(official_service: ElectionService) -> None:
    import_absent_voters(official_service)
    run(official_service, "postal", "postal.open_session", session_id="S1", title="Opening session 1",
        notice_given_at="2026-05-01T10:00")
    run(official_service, "postal", "postal.count_envelopes", session_id="S1", batch="1", envelopes=2)
    run(official_service, "postal", "postal.check_pvs", session_id="S1", batch="1", ballot_number="500002",
        date_of_birth="", signature="does_not_match")
    (statement,) = postal_export(official_service)["form_k"]
    assert statement["problems"]
    document = render_form_k(official_service, SMALL_WARD, GENERATED_AT)
    text = layout_text(document.pdf, nodiag=False)
    flowing = flowing_text(document.pdf)
    assert "PROVISIONAL" in text and "OFFICIAL" not in text
    assert "they do not add up yet: see below" in text and "not final: these figures may still change" in text
    for problem in statement["problems"]:
        assert problem in flowing
    assert "1 PVS(s) still await the RO's decision" in flowing
    assert_no_identifiers(official_service, text)
