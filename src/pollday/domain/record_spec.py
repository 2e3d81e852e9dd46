"""How a projection table is described: columns, key, and the checks every row passes."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class ColumnKind(StrEnum):
    TEXT = "text"
    INT = "int"
    BOOL = "bool"
    JSON = "json"


@dataclass(frozen=True)
class Column:
    name: str
    kind: ColumnKind
    nullable: bool = False


@dataclass(frozen=True)
class TableSpec:
    name: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    since_schema: int = 1  # the schema version that created this table

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def key_of(self, row: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(row[k] for k in self.key)


def cols(*specs: str) -> tuple[Column, ...]:
    """Columns from 'name:kind' strings; a trailing '?' marks a nullable column."""
    columns = []
    for spec in specs:
        name, kind = spec.split(":")
        nullable = kind.endswith("?")
        columns.append(Column(name, ColumnKind(kind.rstrip("?")), nullable))
    return tuple(columns)


class RecordError(ValueError):
    """A command produced a row that does not fit its table: a bug in pollday, not user error."""


def normalize_row(spec: TableSpec, row: dict[str, Any], partial: bool = False) -> dict[str, Any]:
    """Check a row against its table and return it in canonical Python types."""
    names = set(spec.column_names)
    unknown = set(row) - names
    if unknown:
        raise RecordError(f"{spec.name}: unknown column(s) {sorted(unknown)}")
    if not partial and set(row) != names:
        raise RecordError(f"{spec.name}: missing column(s) {sorted(names - set(row))}")
    by_name = {c.name: c for c in spec.columns}
    return {name: _normalize_value(spec.name, by_name[name], value) for name, value in row.items()}


def _normalize_value(table: str, column: Column, value: Any) -> Any:
    if value is None:
        if column.nullable:
            return None
        raise RecordError(f"{table}.{column.name} may not be empty")
    match column.kind:
        case ColumnKind.TEXT if isinstance(value, str):
            return value
        case ColumnKind.INT if isinstance(value, int) and not isinstance(value, bool):
            return value
        case ColumnKind.BOOL if isinstance(value, bool):
            return value
        case ColumnKind.JSON:
            return _plain_json(value)
    raise RecordError(f"{table}.{column.name}: {value!r} is not {column.kind.value}")


def _plain_json(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_plain_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain_json(v) for k, v in value.items()}
    return value
