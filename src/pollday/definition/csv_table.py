"""Reading one CSV file of the definition: encoding, header, and rows that know their line.

Files are UTF-8, with or without the byte-order mark Excel writes. Column names are
matched without regard to case or surrounding spaces, cells are trimmed, and rows that
are entirely empty (Excel leaves ",,,," behind when a row is cleared) are skipped.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

from pollday.definition.layout import TableLayout
from pollday.definition.values import ValueProblem
from pollday.domain.election import DefinitionProblem

ValueT = TypeVar("ValueT")


class _LineCountingReader(Protocol):
    """What `csv.reader` returns (its class is private)."""

    line_num: int

    def __iter__(self) -> Iterator[list[str]]: ...

    def __next__(self) -> list[str]: ...


@dataclass
class CsvRow:
    """One data row; its getters record a problem against this line instead of raising."""

    file_name: str
    line: int  # the physical line the row starts on, counting the header as line 1
    cells: dict[str, str]
    problems: list[DefinitionProblem]
    ok: bool = True
    # Set when the row has more values than columns: its cells no longer line up with their
    # column names, so any further complaint about them would be noise.
    misaligned: bool = False

    @property
    def where(self) -> str:
        return f"{self.file_name} line {self.line}"

    def problem(self, message: str) -> None:
        self.ok = False
        if not self.misaligned:
            self.problems.append(DefinitionProblem(self.where, message))

    def text(self, column: str, *, required: bool = False) -> str:
        value = self.cells.get(column, "")
        if required and not value:
            self.problem(f"{column} is empty: fill it in")
        return value

    def value(self, column: str, parse: Callable[[str], ValueT], *, required: bool = True) -> ValueT | None:
        """The parsed cell, or None when it is empty or unusable (a problem is recorded if it matters)."""
        raw = self.cells.get(column, "")
        if not raw:
            if required:
                self.problem(f"{column} is empty: fill it in")
            return None
        try:
            return parse(raw)
        except ValueProblem as problem:
            self.problem(f"{column} {problem}")
            return None


def read_table(
    folder: Path, file_name: str, layout: TableLayout, problems: list[DefinitionProblem]
) -> list[CsvRow] | None:
    """The rows of one table, [] for an optional file that is absent, None if it cannot be read."""
    path = folder / file_name
    if not path.is_file():
        if layout.file_required:
            problems.append(DefinitionProblem(
                file_name, f"not found in {folder}: every election definition needs this file "
                           f"(columns: {', '.join(layout.columns)})"))
            return None
        # An optional file renamed under [files] was clearly meant to be there.
        if file_name != layout.default_name:
            problems.append(DefinitionProblem(
                file_name, f"not found in {folder}: [files] in election.toml names it; "
                           f"create it or remove that line"))
            return None
        return []
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problems.append(DefinitionProblem(
            f"{file_name} line {line}",
            "is not UTF-8 text: save the file as 'CSV UTF-8' (in Excel: Save As, then 'CSV UTF-8 (Comma delimited)')"))
        return None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if not header or not any(cell.strip() for cell in header):
            problems.append(DefinitionProblem(
                file_name, f"is empty: the first line must name the columns: {', '.join(layout.columns)}"))
            return None
        columns = [cell.strip().lower() for cell in header]
        if not _header_is_usable(columns, file_name, layout, problems):
            return None
        return _read_rows(reader, columns, file_name, problems)
    except csv.Error as error:
        problems.append(DefinitionProblem(f"{file_name} line {reader.line_num}", f"cannot be read as CSV: {error}"))
        return None


def _read_rows(
    reader: _LineCountingReader, columns: list[str], file_name: str, problems: list[DefinitionProblem]
) -> list[CsvRow]:
    named_count = sum(1 for column in columns if column)

    rows: list[CsvRow] = []
    previous_end = reader.line_num
    for cells in reader:
        start, previous_end = previous_end + 1, reader.line_num
        trimmed = [cell.strip() for cell in cells]
        if not any(trimmed):
            continue
        row = CsvRow(file_name, start, {}, problems)
        for index, cell in enumerate(trimmed):
            column = columns[index] if index < len(columns) else ""
            if column:
                row.cells[column] = cell
            elif cell:
                values = len(trimmed) - next(i for i, c in enumerate(reversed(trimmed)) if c)
                row.problem(f"has {values} values but the first line names {named_count} columns: "
                            "put double quotes around any value that contains a comma")
                row.misaligned = True
                break
        rows.append(row)
    return rows


def _header_is_usable(
    columns: list[str], file_name: str, layout: TableLayout, problems: list[DefinitionProblem]
) -> bool:
    usable = True
    seen: set[str] = set()
    for column in columns:
        if not column:
            continue
        if column in seen:
            problems.append(DefinitionProblem(file_name, f"column '{column}' appears twice: keep one"))
            usable = False
        elif column not in layout.columns:
            problems.append(DefinitionProblem(
                file_name, f"unknown column '{column}': the columns are {', '.join(layout.columns)}"))
        seen.add(column)
    for column in layout.required_columns:
        if column not in seen:
            problems.append(DefinitionProblem(file_name, f"missing column '{column}'"))
            usable = False
    return usable
