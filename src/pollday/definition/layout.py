"""The folder layout of an election definition, shared by the loader and the writer.

Keeping file names and columns in one place means a folder the writer produces is,
by construction, one the loader reads.
"""

from __future__ import annotations

from dataclasses import dataclass

ELECTION_FILE = "election.toml"


@dataclass(frozen=True)
class TableLayout:
    """One CSV file of the definition and the columns it must or may have."""

    key: str  # the name under [files] in election.toml that may rename the file
    default_name: str
    columns: tuple[str, ...]  # in the order the writer puts them
    optional_columns: tuple[str, ...] = ()  # columns a file may leave out altogether
    file_required: bool = True

    @property
    def required_columns(self) -> tuple[str, ...]:
        return tuple(column for column in self.columns if column not in self.optional_columns)


CANDIDATES = TableLayout(
    key="candidates",
    default_name="candidates.csv",
    columns=(
        "contest_id", "ballot_order", "surname", "forenames", "description",
        "commonly_used_surname", "commonly_used_forenames",
    ),
    optional_columns=("commonly_used_surname", "commonly_used_forenames"),
)
STATIONS = TableLayout(
    key="stations",
    default_name="stations.csv",
    columns=(
        "station_id", "name", "district_code", "place_id", "place_name", "place_address", "electorate",
        "presiding_officer", "presiding_officer_phone",
    ),
    optional_columns=("presiding_officer", "presiding_officer_phone"),
)
BOXES = TableLayout(
    key="boxes",
    default_name="boxes.csv",
    columns=(
        "box_id", "station_id", "contest_id", "seals", "ordinary_first", "ordinary_last",
        "tendered_first", "tendered_last", "expected_arrival",
    ),
    optional_columns=("tendered_first", "tendered_last"),
)
USERS = TableLayout(
    key="users",
    default_name="users.csv",
    columns=("username", "full_name", "role", "powers", "pin"),
    optional_columns=("powers", "pin"),
    file_required=False,
)
TABLES: tuple[TableLayout, ...] = (CANDIDATES, STATIONS, BOXES, USERS)
DEFAULT_FILE_NAMES: dict[str, str] = {table.key: table.default_name for table in TABLES}

POWER_SEPARATOR = ";"
SEAL_SEPARATOR = ";"
