"""Ballot paper accounts from a CSV file, as `bpa.record` commands (format: docs/bpa-import.md)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from pollday.domain.verification import BPA_FIGURES

REQUIRED = ("station_id", "contest_id", "ordinary_received", "issued", "spoilt", "unused")
OPTIONAL = (*(f for f in BPA_FIGURES if f not in REQUIRED), "note")


@dataclass(frozen=True)
class BpaRow:
    line: int
    command: dict[str, Any]


class BpaImportError(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def read_bpa_csv(text: str, file_name: str) -> list[BpaRow]:
    """Every row as a command, or BpaImportError listing every problem with its line."""
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))
    header = [h.strip() for h in reader.fieldnames or []]
    problems = [f"{file_name}: missing column '{c}'" for c in REQUIRED if c not in header]
    problems += [f"{file_name}: unknown column '{c}'" for c in header if c not in REQUIRED + OPTIONAL]
    if problems:
        raise BpaImportError(problems)
    rows = []
    for line, raw in enumerate(reader, start=2):
        record = {k.strip(): (v or "").strip() for k, v in raw.items() if k is not None}
        if not any(record.values()):
            continue
        args: dict[str, Any] = {"station_id": record["station_id"], "contest_id": record["contest_id"],
                                "source": "imported", "note": record.get("note", "")}
        for name in BPA_FIGURES:
            value = record.get(name, "") or "0"
            if not value.replace(",", "").isdigit():
                problems.append(f"{file_name} line {line}: {name} '{value}' is not a whole number of papers")
                continue
            args[name] = int(value.replace(",", ""))
        for key in ("station_id", "contest_id"):
            if not record[key]:
                problems.append(f"{file_name} line {line}: {key} is empty")
        rows.append(BpaRow(line, {"cmd": "bpa.record", "args": args}))
    if problems:
        raise BpaImportError(problems)
    if not rows:
        raise BpaImportError([f"{file_name}: no ballot paper accounts in the file"])
    return rows
