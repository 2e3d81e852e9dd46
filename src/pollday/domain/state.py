"""Reading state and describing changes to it, without knowing where it is kept.

Commands read through a `StateView` and return `Change` values. The SQLite store and
`MemoryState` both implement the view and apply changes, so the same command gives the
same rows in either, and `state_digest` gives the same hash for both.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from pollday.domain.canonical import canonical_json, sha256_hex
from pollday.domain.records import PROJECTIONS, PROJECTIONS_BY_NAME, RecordError, TableSpec, normalize_row

Key = tuple[Any, ...]


@dataclass(frozen=True)
class Put:
    """Insert a whole row, or replace the row with the same key."""

    table: str
    row: Mapping[str, Any]


@dataclass(frozen=True)
class Patch:
    """Change some columns of an existing row."""

    table: str
    key: Key
    values: Mapping[str, Any]


Change = Put | Patch


class StateView(Protocol):
    def get(self, table: str, key: Key) -> dict[str, Any] | None: ...

    def rows(self, table: str, **where: Any) -> list[dict[str, Any]]: ...

    def count(self, table: str, **where: Any) -> int: ...


def spec_of(table: str) -> TableSpec:
    try:
        return PROJECTIONS_BY_NAME[table]
    except KeyError:
        raise RecordError(f"no projection table named {table!r}") from None


class MemoryState:
    """The whole state in dictionaries: the reference model for tests and property checks."""

    def __init__(self) -> None:
        self._tables: dict[str, dict[Key, dict[str, Any]]] = {spec.name: {} for spec in PROJECTIONS}

    def get(self, table: str, key: Key) -> dict[str, Any] | None:
        row = self._tables[spec_of(table).name].get(tuple(key))
        return dict(row) if row is not None else None

    def rows(self, table: str, **where: Any) -> list[dict[str, Any]]:
        spec = spec_of(table)
        matching = [dict(r) for r in self._tables[spec.name].values() if all(r[k] == v for k, v in where.items())]
        return sorted(matching, key=lambda r: canonical_json(list(spec.key_of(r))))

    def count(self, table: str, **where: Any) -> int:
        return len(self.rows(table, **where))

    def apply(self, changes: Iterable[Change]) -> None:
        for change in changes:
            spec = spec_of(change.table)
            table = self._tables[spec.name]
            if isinstance(change, Put):
                row = normalize_row(spec, dict(change.row))
                table[spec.key_of(row)] = row
            else:
                key = tuple(change.key)
                if key not in table:
                    raise RecordError(f"{spec.name}: no row {key} to change")
                table[key] = {**table[key], **normalize_row(spec, dict(change.values), partial=True)}

    def all_rows(self) -> dict[str, list[dict[str, Any]]]:
        return {spec.name: self.rows(spec.name) for spec in PROJECTIONS}


def state_digest(tables: Mapping[str, Iterable[Mapping[str, Any]]]) -> str:
    """SHA-256 over every projection row, in a fixed order independent of storage."""
    parts = []
    for spec in PROJECTIONS:
        rows = sorted(canonical_json(dict(r)) for r in tables.get(spec.name, []))
        parts.append(canonical_json({"table": spec.name, "rows": rows}))
    return sha256_hex("\n".join(parts))
