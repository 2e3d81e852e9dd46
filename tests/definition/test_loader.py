"""The election definition folder: loading the example, every class of problem, and write/load round trips."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest

from pollday.definition.errors import DefinitionError
from pollday.definition.loader import load_definition
from pollday.definition.values import parse_arrival
from pollday.definition.writer import write_definition
from pollday.domain.election import (
    BallotBox,
    Candidate,
    Contest,
    ContestKind,
    ElectionDefinition,
    PaperRange,
    PollingStation,
)
from pollday.domain.pins import hash_pin, verify_pin
from pollday.domain.roles import Power, Role
from tests.factories import small_election

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "harrowden-by-election"
CONTEST_ID = "local.harrowden.north-ward.by.2026-07-16"
EXAMPLE_PINS = {
    "margaret.okafor": "4826", "daniel.price": "5937", "sarah.lindqvist": "6148", "tom.hargreaves": "7259",
    "priya.nair": "3361", "owen.griffiths": "3472", "chloe.adebayo": "2583", "ewan.mcleod": "1694",
    "hannah.brierley": "9705", "lucy.fernandes": "8816",
}


def fixed_salt(size: int) -> bytes:
    return b"\0" * size


def without_pin_hashes(definition: ElectionDefinition) -> ElectionDefinition:
    return replace(definition, users=tuple(replace(user, pin_hash="") for user in definition.users))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A private copy of the example to break."""
    return Path(shutil.copytree(EXAMPLE, tmp_path / "election"))


def edit(folder: Path, file_name: str, old: str, new: str) -> None:
    path = folder / file_name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should occur once in {file_name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(DefinitionError) as caught:
        load_definition(folder, fixed_salt)
    return [str(problem) for problem in caught.value.problems]


# --- the example ---------------------------------------------------------------------------------


def test_the_example_loads_with_coherent_figures() -> None:
    definition = load_definition(EXAMPLE, fixed_salt)

    assert definition.election_id == "harrowden-north-by-2026"
    assert definition.poll_date == date(2026, 7, 16)
    assert definition.authority == "Harrowden Borough Council"
    [contest] = definition.contests
    assert (contest.contest_id, contest.kind, contest.seats, contest.electorate) == (
        CONTEST_ID, ContestKind.LOCAL, 1, 3112)
    assert [c.ballot_name for c in contest.candidates] == [
        "ASHWORTH, Bob", "BHATTI, Amara Noor", "NÍ BHRIAIN, Zoë Áine", "WHITTAKER, Gareth John"]
    assert [c.candidate_id for c in contest.candidates] == [f"{CONTEST_ID}/{n}" for n in range(1, 5)]
    assert sum(station.electorate for station in definition.stations) == contest.electorate
    assert definition.stations[0].place_address == "Mill Lane, Harrowden"
    assert len({station.place_id for station in definition.stations}) == 2

    box_1, box_2 = definition.boxes
    assert box_1.seals == ("HBC-204311", "HBC-204312", "HBC-204313")
    assert (box_1.ordinary_papers, box_1.tendered_papers) == (PaperRange(1, 1775), PaperRange(1, 10))
    assert (box_2.ordinary_papers, box_2.tendered_papers) == (PaperRange(1776, 3275), PaperRange(11, 20))
    assert box_1.expected_arrival == datetime(2026, 7, 16, 22, 35)
    assert box_2.expected_arrival == datetime(2026, 7, 16, 22, 50)
    for box, station in zip(definition.boxes, definition.stations, strict=True):
        spare = box.ordinary_papers.size / station.electorate - 1
        assert 0.04 <= spare <= 0.06, f"box {box.box_id} has {spare:.1%} spare papers"

    assert definition.officers[1].powers == (Power.ADJUDICATION, Power.DECLARATION)
    assert {user.role for user in definition.users} == set(Role) - {Role.SYSTEM}
    deputy = next(user for user in definition.users if user.role == Role.DEPUTY_RO)
    assert deputy.powers == (Power.ADJUDICATION, Power.DECLARATION)


def test_rehearsal_pins_are_hashed_with_the_injected_salt() -> None:
    definition = load_definition(EXAMPLE, fixed_salt)

    ro = definition.users[0]
    assert ro.username == "margaret.okafor"
    assert ro.pin_hash == hash_pin("4826", fixed_salt(16))
    assert verify_pin("4826", ro.pin_hash)
    assert "4826" not in ro.pin_hash


def test_accented_and_non_latin_names_survive(folder: Path) -> None:
    edit(folder, "candidates.csv", "Bhatti,Amara Noor", "Παπαδοπούλου,Σοφία")
    edit(folder, "candidates.csv", "Whittaker,Gareth John", "王,秀英")

    candidates = load_definition(folder, fixed_salt).contests[0].candidates

    assert [(c.surname, c.forenames) for c in candidates] == [
        ("Ashworth", "Robert William"), ("Παπαδοπούλου", "Σοφία"), ("Ní Bhriain", "Zoë Áine"), ("王", "秀英")]


def test_a_byte_order_mark_on_every_file_is_accepted(folder: Path) -> None:
    for path in folder.iterdir():
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())

    assert load_definition(folder, fixed_salt) == load_definition(EXAMPLE, fixed_salt)


def test_a_missing_users_file_means_no_users(folder: Path) -> None:
    (folder / "users.csv").unlink()

    definition = load_definition(folder, fixed_salt)

    assert definition.users == ()
    assert len(definition.stations) == 2


def test_files_can_be_renamed_in_election_toml(folder: Path) -> None:
    (folder / "stations.csv").rename(folder / "polling-stations.csv")
    with (folder / "election.toml").open("a", encoding="utf-8") as file:
        file.write('\n[files]\nstations = "polling-stations.csv"\n')

    assert len(load_definition(folder, fixed_salt).stations) == 2

    edit(folder, "boxes.csv", "\n2,2,", "\n2,99,")
    assert problems_of(folder) == ["boxes.csv line 3: station '99' is not in polling-stations.csv"]


def test_a_renamed_users_file_must_exist(folder: Path) -> None:
    (folder / "users.csv").unlink()
    with (folder / "election.toml").open("a", encoding="utf-8") as file:
        file.write('\n[files]\nusers = "staff.csv"\n')

    assert problems_of(folder) == [
        f"staff.csv: not found in {folder}: [files] in election.toml names it; create it or remove that line"]


def test_choices_ignore_capital_letters(folder: Path) -> None:
    edit(folder, "users.csv", "deputy_ro,adjudication;declaration", "Deputy_RO,Adjudication; Declaration")

    deputy = load_definition(folder, fixed_salt).users[1]

    assert (deputy.role, deputy.powers) == (Role.DEPUTY_RO, (Power.ADJUDICATION, Power.DECLARATION))


def test_line_numbers_count_lines_inside_quoted_cells(folder: Path) -> None:
    edit(folder, "stations.csv", '"Mill Lane, Harrowden"', '"St Aidan\'s Close,\nMill Lane,\nHarrowden"')
    edit(folder, "stations.csv", ",1428,", ",abc,")

    assert problems_of(folder) == ["stations.csv line 5: electorate 'abc' is not a whole number"]


# --- arrival times -------------------------------------------------------------------------------


@pytest.mark.parametrize(("written", "meant"), [
    ("22:35", datetime(2026, 7, 16, 22, 35)),
    ("12:00", datetime(2026, 7, 16, 12, 0)),
    ("11:59", datetime(2026, 7, 17, 11, 59)),
    ("00:40", datetime(2026, 7, 17, 0, 40)),
    ("1:10", datetime(2026, 7, 17, 1, 10)),
    ("2026-07-16T23:05", datetime(2026, 7, 16, 23, 5)),
    ("2026-07-17 02:15", datetime(2026, 7, 17, 2, 15)),
])
def test_arrival_clock_times_are_the_poll_evening_or_the_next_morning(written: str, meant: datetime) -> None:
    assert parse_arrival(written, date(2026, 7, 16)) == meant


def test_an_after_midnight_arrival_in_the_file_is_the_next_day(folder: Path) -> None:
    edit(folder, "boxes.csv", ",22:35", ",01:10")

    assert load_definition(folder, fixed_salt).boxes[0].expected_arrival == datetime(2026, 7, 17, 1, 10)


# --- one message per class of problem --------------------------------------------------------------


@pytest.mark.parametrize(("file_name", "old", "new", "expected"), [
    pytest.param("stations.csv", ",1428,", ",abc,",
                 "stations.csv line 3: electorate 'abc' is not a whole number", id="not-a-number"),
    pytest.param("stations.csv", ",Beacon Road Community Centre,HN2,", ",,HN2,",
                 "stations.csv line 3: name is empty: fill it in", id="required-cell-empty"),
    pytest.param("boxes.csv", "\n2,2,", "\n2,99,",
                 "boxes.csv line 3: station '99' is not in stations.csv", id="unknown-station"),
    pytest.param("boxes.csv", f"\n2,2,{CONTEST_ID}", "\n2,2,local.harrowden.south-ward.by.2026-07-16",
                 "boxes.csv line 3: contest 'local.harrowden.south-ward.by.2026-07-16' is not in election.toml",
                 id="unknown-contest-in-boxes"),
    pytest.param("candidates.csv", f"{CONTEST_ID},4,", "local.harrowden.north.2026-07-16,4,",
                 "candidates.csv line 5: contest 'local.harrowden.north.2026-07-16' is not in election.toml",
                 id="unknown-contest-in-candidates"),
    pytest.param("candidates.csv", ",4,Whittaker", ",x,Whittaker",
                 "candidates.csv line 5: ballot_order 'x' is not a whole number", id="one-bad-candidate-no-echo"),
    pytest.param("election.toml", "seats = 1\n", "",
                 "election.toml: contests[1].seats: missing: add a line such as seats = 1", id="toml-missing-key"),
    pytest.param("election.toml", "seats = 1\n", "seats = 1.5\n",
                 "election.toml: contests[1].seats: 1.5 is not usable here: write it like seats = 1",
                 id="toml-wrong-type"),
    pytest.param("election.toml", 'kind = "local"', 'kind = "council"',
                 "election.toml: contests[1].kind: 'council' is not one of: parl, local, pcc, mayor, ref",
                 id="toml-bad-kind"),
    pytest.param("election.toml", "poll_date = 2026-07-16", 'poll_date = "16/07/2026"',
                 "election.toml: election.poll_date: '16/07/2026' is not a date: write it as YYYY-MM-DD, "
                 "e.g. 2026-05-07", id="toml-bad-date"),
    pytest.param("election.toml", "electorate = 3112", "electorate = 3112\nward = 7",
                 "election.toml: contests[1].ward: unknown key: the keys are id, name, kind, seats, electorate",
                 id="toml-unknown-key"),
    pytest.param("election.toml", 'powers = ["adjudication", "declaration"]', 'powers = ["adjudicate"]',
                 "election.toml: officers[2].powers: 'adjudicate' is not one of: verification, adjudication, "
                 "recount, declaration, postal_adjudication", id="toml-bad-power"),
    pytest.param("users.csv", "sarah.lindqvist,Sarah Lindqvist,elections_manager",
                 "sarah.lindqvist,Sarah Lindqvist,boss",
                 "users.csv line 4: role 'boss' is not one of: returning_officer, deputy_ro, elections_manager, "
                 "count_supervisor, count_assistant, reception, postal_opening, control_room, observer",
                 id="unknown-role"),
    pytest.param("users.csv", "sarah.lindqvist,Sarah Lindqvist,elections_manager",
                 "sarah.lindqvist,Sarah Lindqvist,system",
                 "users.csv line 4: role 'system' is kept for the set-up step and is never a person: use one of: "
                 "returning_officer, deputy_ro, elections_manager, count_supervisor, count_assistant, reception, "
                 "postal_opening, control_room, observer", id="system-role-refused"),
    pytest.param("users.csv", "deputy_ro,adjudication;declaration,", "deputy_ro,adjudication;declare,",
                 "users.csv line 3: powers 'declare' is not one of: verification, adjudication, recount, "
                 "declaration, postal_adjudication", id="unknown-power"),
    pytest.param("users.csv", "Margaret Okafor,returning_officer", "Margaret Okafor,returning_oficer",
                 "users.csv line 2: role 'returning_oficer' is not one of: returning_officer, deputy_ro, "
                 "elections_manager, count_supervisor, count_assistant, reception, postal_opening, control_room, "
                 "observer", id="mistyped-ro-role-no-echo"),
    pytest.param("election.toml", 'title = "Returning Officer"', 'title = ""',
                 'election.toml: officers[1].title: is empty: write it like title = "Returning Officer"',
                 id="ro-title-empty-no-echo"),
    pytest.param("users.csv", ",,6148", ",,61a8",
                 "users.csv line 4: pin cannot be used: a PIN is digits only", id="bad-pin"),
    pytest.param("boxes.csv", ",1,1775,1,10,", ",1,1775,1,,",
                 "boxes.csv line 2: tendered_first is given but tendered_last is empty: give both, or leave both "
                 "empty if there are no tendered papers", id="half-a-tendered-range"),
    pytest.param("boxes.csv", ",22:35", ",25:00",
                 "boxes.csv line 2: expected_arrival '25:00' is not a time of day: use 00:00 to 23:59",
                 id="bad-clock-time"),
    pytest.param("boxes.csv", ",22:35", ",2026-07-16T22:35+01:00",
                 "boxes.csv line 2: expected_arrival '2026-07-16T22:35+01:00' gives a time zone: give the local "
                 "time at the count without one", id="arrival-with-zone"),
    pytest.param("stations.csv", '"Mill Lane, Harrowden"', "Mill Lane, Harrowden",
                 "stations.csv line 2: has 10 values but the first line names 9 columns: put double quotes around "
                 "any value that contains a comma", id="unquoted-comma"),
])
def test_each_problem_names_file_line_and_field(
    folder: Path, file_name: str, old: str, new: str, expected: str
) -> None:
    edit(folder, file_name, old, new)

    assert problems_of(folder) == [expected]


@pytest.mark.parametrize(("file_name", "old", "new", "expected"), [
    pytest.param("boxes.csv", "HBC-204314;", "HBC-204311;",
                 "boxes.csv line 3: box 2: seal HBC-204311 is also issued to box 1", id="seal-reused"),
    pytest.param("boxes.csv", ",1776,3275,", ",1700,3275,",
                 "boxes.csv line 3: box 2: ordinary papers 1700-3275 overlap box 1 (1-1775)", id="ranges-overlap"),
    pytest.param("boxes.csv", ",1,1775,", ",1775,1,",
                 "boxes.csv line 2: box 1: ordinary papers 1775-1 is not a valid range", id="range-backwards"),
    pytest.param("boxes.csv", "\n2,2,", "\n1,2,",
                 "boxes.csv lines 2-3: box 1: this box number is used twice", id="box-number-twice"),
    pytest.param("candidates.csv", ",4,Whittaker", ",5,Whittaker",
                 f"candidates.csv lines 2-5: contest {CONTEST_ID}: ballot order must run 1, 2, 3 ... with no gaps "
                 "or repeats", id="ballot-order-gap"),
    pytest.param("candidates.csv", ",1,Ashworth,", ",1,,",
                 f"candidates.csv lines 2-5: contest {CONTEST_ID}: candidate 1 has no surname", id="no-surname"),
    pytest.param("election.toml", 'kind = "local"', 'kind = "parl"',
                 f"election.toml: contests[1] ({CONTEST_ID}): the ID starts 'local' but the kind is 'parl'",
                 id="kind-does-not-match-id"),
    pytest.param("election.toml", 'id = "harrowden-north-by-2026"', 'id = "harrowden north"',
                 "election.toml: election.id: 'harrowden north' must be letters, digits, '.', '-' or '_' (max 40)",
                 id="election-id-not-a-slug"),
    pytest.param("election.toml", 'title = "Returning Officer"', 'title = "Chief Executive"',
                 "election.toml: officers: no Returning Officer or Acting Returning Officer is named",
                 id="no-returning-officer"),
    pytest.param("stations.csv", ",HN2,HNP2,", ",HN2,,",
                 "stations.csv line 3: station 2: no polling place is given", id="no-polling-place"),
    pytest.param("users.csv", "elections_manager,,", "elections_manager,adjudication,",
                 "users.csv line 4: user sarah.lindqvist: only a deputy returning officer holds written powers",
                 id="powers-for-a-non-deputy"),
    pytest.param("users.csv", "Margaret Okafor,returning_officer", "Margaret Okafor,elections_manager",
                 "users.csv: no user has the role returning_officer: the RO must be able to sign off",
                 id="no-ro-user"),
    pytest.param("users.csv", "owen.griffiths,", "priya.nair,",
                 "users.csv lines 6-7: user priya.nair: this username is used twice", id="username-twice"),
])
def test_rule_problems_are_placed_in_the_file_they_come_from(
    folder: Path, file_name: str, old: str, new: str, expected: str
) -> None:
    edit(folder, file_name, old, new)

    assert problems_of(folder) == [expected]


def test_every_problem_is_reported_together(folder: Path) -> None:
    edit(folder, "election.toml", 'kind = "local"', 'kind = "parl"')
    edit(folder, "candidates.csv", ",4,Whittaker", ",4x,Whittaker")
    edit(folder, "stations.csv", ",1428,", ",abc,")
    edit(folder, "boxes.csv", "\n2,2,", "\n2,99,")
    edit(folder, "boxes.csv", "HBC-204314;", "HBC-204311;")
    edit(folder, "users.csv", "sarah.lindqvist,Sarah Lindqvist,elections_manager", "sarah.lindqvist,,boss")

    assert problems_of(folder) == [
        "candidates.csv line 5: ballot_order '4x' is not a whole number",
        "stations.csv line 3: electorate 'abc' is not a whole number",
        "boxes.csv line 3: station '99' is not in stations.csv",
        "users.csv line 4: full_name is empty: fill it in",
        "users.csv line 4: role 'boss' is not one of: returning_officer, deputy_ro, elections_manager, "
        "count_supervisor, count_assistant, reception, postal_opening, control_room, observer",
        f"election.toml: contests[1] ({CONTEST_ID}): the ID starts 'local' but the kind is 'parl'",
    ]


def test_the_error_message_lists_every_problem(folder: Path) -> None:
    edit(folder, "stations.csv", ",1684,", ",many,")
    edit(folder, "stations.csv", ",1428,", ",abc,")

    with pytest.raises(DefinitionError) as caught:
        load_definition(folder, fixed_salt)

    assert str(caught.value) == (
        "The election definition has 2 problems:\n"
        "  stations.csv line 2: electorate 'many' is not a whole number\n"
        "  stations.csv line 3: electorate 'abc' is not a whole number"
    )


def test_toml_syntax_errors_give_the_line(folder: Path) -> None:
    text = (folder / "election.toml").read_text(encoding="utf-8")
    seats_line = text.splitlines().index("seats = 1") + 1
    edit(folder, "election.toml", "seats = 1\n", "seats = \n")

    assert problems_of(folder) == [
        f"election.toml line {seats_line}: not valid TOML: Invalid value at column 9: "
        "check the quotes, brackets and '=' signs"]


def test_a_mistyped_column_name_is_reported_once(folder: Path) -> None:
    edit(folder, "candidates.csv", "ballot_order,surname,", "ballot_order,family_name,")

    assert problems_of(folder) == [
        "candidates.csv: unknown column 'family_name': the columns are contest_id, ballot_order, surname, "
        "forenames, description, commonly_used_surname, commonly_used_forenames",
        "candidates.csv: missing column 'surname'",
    ]


def test_optional_columns_may_be_left_out(folder: Path) -> None:
    (folder / "users.csv").write_text("username,full_name,role\nmo,Margaret Okafor,returning_officer\n",
                                      encoding="utf-8")

    [user] = load_definition(folder, fixed_salt).users

    assert (user.username, user.role, user.powers, user.pin_hash) == ("mo", Role.RETURNING_OFFICER, (), "")


def test_a_file_that_is_not_utf8_names_the_first_bad_line(folder: Path) -> None:
    text = (folder / "candidates.csv").read_text(encoding="utf-8")
    (folder / "candidates.csv").write_bytes(text.encode("cp1252"))  # what Excel's plain "CSV" writes

    assert problems_of(folder) == [
        "candidates.csv line 4: is not UTF-8 text: save the file as 'CSV UTF-8' "
        "(in Excel: Save As, then 'CSV UTF-8 (Comma delimited)')"]


def test_a_contest_with_too_few_candidates_is_refused(folder: Path) -> None:
    text = (folder / "candidates.csv").read_text(encoding="utf-8")
    (folder / "candidates.csv").write_text("".join(text.splitlines(keepends=True)[:2]), encoding="utf-8")

    assert problems_of(folder) == [
        f"candidates.csv line 2: contest {CONTEST_ID}: 1 candidate(s) for 1 seat(s) is uncontested: "
        "no poll is held, so it does not belong in a count"]


def test_the_ballot_id_date_must_be_the_poll_date(folder: Path) -> None:
    edit(folder, "election.toml", "poll_date = 2026-07-16", "poll_date = 2026-07-23")

    assert problems_of(folder) == [
        f"election.toml: contests[1] ({CONTEST_ID}): the ID's date 2026-07-16 is not the poll date 2026-07-23"]


def test_a_missing_folder_is_named() -> None:
    missing = Path("/nonexistent/harrowden")

    assert problems_of(missing) == [
        "/nonexistent/harrowden: no such folder: give the folder that holds election.toml"]


def test_a_file_given_instead_of_the_folder_is_explained() -> None:
    assert problems_of(EXAMPLE / "election.toml") == [
        f"{EXAMPLE / 'election.toml'}: is a file, not a folder: give the folder that holds election.toml"]


def test_a_missing_election_toml_is_named(folder: Path) -> None:
    (folder / "election.toml").unlink()

    assert problems_of(folder) == [
        f"election.toml: not found in {folder}: an election definition folder starts with this file"]


def test_a_missing_required_file_is_named_without_knock_on_problems(folder: Path) -> None:
    (folder / "stations.csv").unlink()

    assert problems_of(folder) == [
        f"stations.csv: not found in {folder}: every election definition needs this file (columns: station_id, "
        "name, district_code, place_id, place_name, place_address, electorate, presiding_officer, "
        "presiding_officer_phone)"]


def test_a_missing_election_section_still_lets_the_csv_files_be_checked(folder: Path) -> None:
    text = (folder / "election.toml").read_text(encoding="utf-8")
    start, end = text.index("[election]"), text.index("# The officer")
    (folder / "election.toml").write_text(text[:start] + text[end:], encoding="utf-8")
    edit(folder, "stations.csv", ",1428,", ",abc,")

    assert problems_of(folder) == [
        "election.toml: election: missing: add an [election] section with id, name, poll_date and authority",
        "stations.csv line 3: electorate 'abc' is not a whole number",
    ]


# --- writing ---------------------------------------------------------------------------------------


def test_the_example_survives_a_write_and_load_round_trip(tmp_path: Path) -> None:
    example = load_definition(EXAMPLE, fixed_salt)

    write_definition(example, tmp_path / "copy", pins=EXAMPLE_PINS)

    assert load_definition(tmp_path / "copy", fixed_salt) == example


def test_without_pins_the_round_trip_loses_only_the_pin_hashes(tmp_path: Path) -> None:
    example = load_definition(EXAMPLE, fixed_salt)

    write_definition(example, tmp_path / "copy")
    reloaded = load_definition(tmp_path / "copy", fixed_salt)

    assert reloaded == without_pin_hashes(example)
    assert all(user.pin_hash == "" for user in reloaded.users)


def test_awkward_values_survive_a_round_trip(tmp_path: Path) -> None:
    base = small_election()
    ward = base.contests[0]
    pcc_id = "pcc.harrowden-shire.2026-05-07"
    pcc = Contest(pcc_id, 'Harrowden "Shire" Police Area', ContestKind.PCC, 1, 650_000, (
        Candidate(f"{pcc_id}/1", 1, "O'Brien", "Siobhán", 'The "Safer Streets" Party, Harrowden'),
        Candidate(f"{pcc_id}/2", 2, "Nowak", "Łukasz", ""),
    ))
    stations = (
        replace(base.stations[0], place_address="The Old School,\nChurch Lane\\Back Gate"),
        base.stations[1],
    )
    boxes = (
        replace(base.boxes[0], tendered_papers=None, expected_arrival=datetime(2026, 5, 8, 0, 5, 30)),
        base.boxes[1],
        BallotBox("1P", "1", pcc_id, (), PaperRange(1, 1470), None, datetime(2026, 5, 7, 22, 40)),
    )
    awkward = replace(base, name="Harrowden: East \\ ward\ttab", contests=(ward, pcc), stations=stations,
                      boxes=boxes, users=())

    write_definition(awkward, tmp_path / "copy")

    assert load_definition(tmp_path / "copy", fixed_salt) == awkward


def test_factory_elections_round_trip(tmp_path: Path) -> None:
    election = small_election()

    write_definition(election, tmp_path / "copy")

    assert load_definition(tmp_path / "copy", fixed_salt) == without_pin_hashes(election)


def test_no_users_are_written_as_a_header_only_users_file(tmp_path: Path) -> None:
    write_definition(replace(small_election(), users=()), tmp_path / "copy")

    assert (tmp_path / "copy" / "users.csv").read_text(encoding="utf-8") == "username,full_name,role,powers,pin\n"
    assert load_definition(tmp_path / "copy", fixed_salt).users == ()


def test_the_writer_refuses_what_the_format_cannot_carry(tmp_path: Path) -> None:
    election = small_election()
    spaced_seal = replace(election, boxes=(replace(election.boxes[0], seals=("HE 1001",)), *election.boxes[1:]))

    with pytest.raises(ValueError, match="seal 'HE 1001'"):
        write_definition(spaced_seal, tmp_path / "a")
    with pytest.raises(ValueError, match="not in the definition: nobody"):
        write_definition(election, tmp_path / "b", pins={"nobody": "1234"})
    with pytest.raises(ValueError, match="the PIN given for ro cannot be used: a PIN is digits only"):
        write_definition(election, tmp_path / "c", pins={"ro": "12ab"})


def test_a_station_with_no_address_or_electors_round_trips(tmp_path: Path) -> None:
    example = load_definition(EXAMPLE, fixed_salt)
    extra = PollingStation("3", "Mobile Unit, Car Park", "HN3", "HNP3", "Car Park", "", 0)

    write_definition(replace(example, stations=(*example.stations, extra)), tmp_path / "copy", pins=EXAMPLE_PINS)

    assert load_definition(tmp_path / "copy", fixed_salt).stations[-1] == extra
