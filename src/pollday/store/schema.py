"""Schema versions and migrations, run in one transaction when a database is opened."""

from __future__ import annotations

import sqlite3

import sqlite_utils

from pollday.domain.records import PROJECTIONS, ColumnKind, TableSpec

APPLICATION_ID = 0x504F4C4C  # "POLL": marks a file as a pollday database
SCHEMA_VERSION = 5

_SQL_TYPES = {ColumnKind.TEXT: str, ColumnKind.INT: int, ColumnKind.BOOL: int, ColumnKind.JSON: str}


def _create_projection(db: sqlite_utils.Database, spec: TableSpec) -> None:
    db[spec.name].create(  # type: ignore[union-attr]
        {c.name: _SQL_TYPES[c.kind] for c in spec.columns},
        pk=spec.key[0] if len(spec.key) == 1 else spec.key,
        not_null=[c.name for c in spec.columns if not c.nullable],
    )


def _create_core(db: sqlite_utils.Database) -> None:
    db.execute(
        """CREATE TABLE journal (
            seq INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            role TEXT NOT NULL,
            terminal TEXT NOT NULL,
            command TEXT NOT NULL,
            outcome TEXT NOT NULL CHECK (outcome IN ('applied', 'refused')),
            reason TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        )"""
    )
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


def migrate(conn: sqlite3.Connection, from_version: int, to_version: int = SCHEMA_VERSION) -> None:
    """Bring a database from `from_version` up to `to_version`; the caller holds the transaction."""
    db = sqlite_utils.Database(conn)
    for version in range(from_version + 1, to_version + 1):
        if version == 1:
            _create_core(db)
        for spec in PROJECTIONS:
            if spec.since_schema == version:
                _create_projection(db, spec)
    conn.execute(f"PRAGMA user_version = {to_version}")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
