"""The one SQLite file: opening it safely, transactions, the journal and the projections.

Every write goes through `Store.write()`, which starts with BEGIN IMMEDIATE (a
read-then-write transaction under WAL otherwise fails under concurrency, see
shared/design/tech-notes.md trap 2) and commits the journal entry and the projection
changes together, or neither.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlite_utils

from pollday.domain.canonical import canonical_json
from pollday.domain.journal import GENESIS_HASH, JournalEntry
from pollday.domain.records import PROJECTIONS, ColumnKind, RecordError, TableSpec, normalize_row
from pollday.domain.state import Change, Key, Put, spec_of, state_digest
from pollday.store.errors import DatabaseBusy, DatabaseReadOnly, NewerDatabase, NotAPolldayDatabase, StoreError
from pollday.store.schema import APPLICATION_ID, SCHEMA_VERSION, migrate

BUSY_TIMEOUT_MS = 5_000
BEGIN_ATTEMPTS = 6  # with the busy timeout, a writer waits about half a minute before giving up


class Store:
    """A pollday database. Safe to share between threads of one process."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path
        self._lock = threading.RLock()
        self._db = sqlite_utils.Database(conn)

    # --- opening -----------------------------------------------------------------

    @classmethod
    def create(cls, path: Path) -> Store:
        """A new, empty database. Refuses to touch an existing file."""
        path = Path(path)
        if path.exists() and path.stat().st_size > 0:
            raise StoreError(f"{path} already exists: choose a new file name, or delete the old file first")
        if not path.parent.exists():
            raise StoreError(f"the folder {path.parent} does not exist: create it first")
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)  # owner-only: it will hold personal data
        os.close(fd)
        return cls._connect(path, creating=True)

    @classmethod
    def open(cls, path: Path) -> Store:
        path = Path(path)
        if not path.exists():
            raise StoreError(f"there is no database at {path}: create one with 'pollday init' or 'pollday demo'")
        if path.is_dir():
            raise NotAPolldayDatabase(f"{path} is a folder, not a pollday database file")
        if path.stat().st_size == 0:
            raise NotAPolldayDatabase(f"{path} is an empty file, not a pollday database")
        return cls._connect(path, creating=False)

    @classmethod
    def _connect(cls, path: Path, creating: bool) -> Store:
        try:
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
            application_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            table_count = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        except sqlite3.DatabaseError as error:
            raise NotAPolldayDatabase(f"{path} is not a pollday database ({error})") from None
        if not creating and (application_id != APPLICATION_ID or table_count == 0):
            conn.close()
            raise NotAPolldayDatabase(f"{path} is an SQLite file but not a pollday database: check the path")
        if version > SCHEMA_VERSION:
            conn.close()
            raise NewerDatabase(
                f"{path} was written by a newer pollday (schema {version}; this one knows up to {SCHEMA_VERSION}): "
                "upgrade pollday on this machine; the file has not been changed"
            )
        store = cls(conn, path)
        try:
            mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            if mode != "wal":
                raise DatabaseReadOnly(f"{path} could not be switched to WAL mode (got {mode}): is it read-only?")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            if version < SCHEMA_VERSION:
                with store._transaction():
                    migrate(conn, version)
        except sqlite3.OperationalError as error:
            conn.close()
            raise _explain(error, path) from None
        return store

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    # --- writing -------------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            for attempt in range(1, BEGIN_ATTEMPTS + 1):
                try:
                    self._conn.execute("BEGIN IMMEDIATE")
                    break
                except sqlite3.OperationalError as error:
                    if "locked" not in str(error) and "busy" not in str(error):
                        raise _explain(error, self.path) from None
                    if attempt == BEGIN_ATTEMPTS:
                        raise DatabaseBusy(
                            "another pollday terminal has held the database for too long; nothing was saved. "
                            "Try again; if it keeps happening, check for a stuck terminal"
                        ) from None
                    time.sleep(0.05 * attempt)  # back off before asking SQLite again
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            try:
                self._conn.execute("COMMIT")
            except sqlite3.OperationalError as error:
                self._conn.execute("ROLLBACK")
                raise _explain(error, self.path) from None

    @contextmanager
    def write(self) -> Iterator[WriteTransaction]:
        """One BEGIN IMMEDIATE transaction: read state, apply changes, append to the journal."""
        try:
            with self._transaction() as conn:
                yield WriteTransaction(conn)
        except sqlite3.OperationalError as error:
            raise _explain(error, self.path) from None

    # --- reading -------------------------------------------------------------------

    def view(self) -> SqlView:
        return SqlView(self._conn, self._lock)

    def journal_entries(self, after: int = 0) -> Iterator[JournalEntry]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT seq, at, actor, role, terminal, command, outcome, reason, prev_hash, hash "
                "FROM journal WHERE seq > ? ORDER BY seq",
                (after,),
            ).fetchall()
        for row in rows:
            yield JournalEntry(*row)

    def journal_head(self) -> tuple[int, str]:
        """(seq, hash) of the last journal entry as recorded in the database's metadata."""
        with self._lock:
            return _head(self._conn)

    def journal_length(self) -> int:
        with self._lock:
            return int(self._conn.execute("SELECT count(*) FROM journal").fetchone()[0])

    def digest(self) -> str:
        view = self.view()
        return state_digest({spec.name: view.rows(spec.name) for spec in PROJECTIONS})

    def data_version(self) -> int:
        """Changes whenever another connection commits: a cheap "has anything changed?" check."""
        with self._lock:
            return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def integrity_problems(self) -> list[str]:
        with self._lock:
            rows = [r[0] for r in self._conn.execute("PRAGMA integrity_check").fetchall()]
        return [] if rows == ["ok"] else rows

    def backup_to(self, target: Path) -> None:
        """An online copy through SQLite's backup API: consistent even while others write."""
        if target.exists():
            raise StoreError(f"{target} already exists: backups never overwrite a file")
        fd = os.open(target, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
        os.close(fd)
        destination = sqlite3.connect(target)
        try:
            with self._lock:
                self._conn.backup(destination)
            destination.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        except sqlite3.Error as error:
            destination.close()
            target.unlink(missing_ok=True)
            raise StoreError(f"the backup to {target} failed ({error}); the election database is unchanged") from None
        destination.close()

    def table_names(self) -> list[str]:
        with self._lock:
            return self._db.table_names()


def _head(conn: sqlite3.Connection) -> tuple[int, str]:
    rows = dict(conn.execute("SELECT key, value FROM meta WHERE key IN ('head_seq', 'head_hash')").fetchall())
    return int(rows.get("head_seq", 0)), rows.get("head_hash", GENESIS_HASH)


class SqlView:
    """A StateView over the projection tables."""

    def __init__(self, conn: sqlite3.Connection, lock: threading.RLock | None = None) -> None:
        self._conn = conn
        self._lock = lock or threading.RLock()

    def get(self, table: str, key: Key) -> dict[str, Any] | None:
        spec = spec_of(table)
        rows = self._select(spec, dict(zip(spec.key, key, strict=True)))
        return rows[0] if rows else None

    def rows(self, table: str, **where: Any) -> list[dict[str, Any]]:
        return self._select(spec_of(table), where)

    def count(self, table: str, **where: Any) -> int:
        spec = spec_of(table)
        clause, params = _where(spec, where)
        with self._lock:
            return int(self._conn.execute(f"SELECT count(*) FROM [{spec.name}]{clause}", params).fetchone()[0])

    def _select(self, spec: TableSpec, where: dict[str, Any]) -> list[dict[str, Any]]:
        clause, params = _where(spec, where)
        order = ", ".join(f"[{k}]" for k in spec.key)
        columns = ", ".join(f"[{c}]" for c in spec.column_names)
        with self._lock:
            cursor = self._conn.execute(f"SELECT {columns} FROM [{spec.name}]{clause} ORDER BY {order}", params)
            return [_from_sql(spec, row) for row in cursor.fetchall()]


class WriteTransaction(SqlView):
    """Inside BEGIN IMMEDIATE: reads see this transaction's own writes."""

    def apply(self, changes: Iterable[Change]) -> None:
        for change in changes:
            spec = spec_of(change.table)
            if isinstance(change, Put):
                row = normalize_row(spec, dict(change.row))
                columns = ", ".join(f"[{c}]" for c in row)
                marks = ", ".join("?" for _ in row)
                self._conn.execute(
                    f"INSERT OR REPLACE INTO [{spec.name}] ({columns}) VALUES ({marks})", _to_sql(spec, row)
                )
            else:
                values = normalize_row(spec, dict(change.values), partial=True)
                sets = ", ".join(f"[{c}] = ?" for c in values)
                clause, params = _where(spec, dict(zip(spec.key, change.key, strict=True)))
                cursor = self._conn.execute(
                    f"UPDATE [{spec.name}] SET {sets}{clause}", [*_to_sql(spec, values), *params]
                )
                if cursor.rowcount != 1:
                    raise RecordError(f"{spec.name}: no row {tuple(change.key)} to change")

    def append_journal(
        self, *, at: str, actor: str, role: str, terminal: str, command: str, outcome: str, reason: str
    ) -> JournalEntry:
        head_seq, head_hash = _head(self._conn)
        entry = JournalEntry(
            seq=head_seq + 1, at=at, actor=actor, role=role, terminal=terminal, command=command,
            outcome=outcome, reason=reason, prev_hash=head_hash,
        ).sealed()
        self._conn.execute(
            "INSERT INTO journal (seq, at, actor, role, terminal, command, outcome, reason, prev_hash, hash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (entry.seq, entry.at, entry.actor, entry.role, entry.terminal, entry.command, entry.outcome,
             entry.reason, entry.prev_hash, entry.hash),
        )
        self._conn.executemany(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
            [("head_seq", str(entry.seq)), ("head_hash", entry.hash)],
        )
        return entry


def _where(spec: TableSpec, where: dict[str, Any]) -> tuple[str, list[Any]]:
    if not where:
        return "", []
    unknown = set(where) - set(spec.column_names)
    if unknown:
        raise RecordError(f"{spec.name}: no column(s) {sorted(unknown)}")
    clause = " WHERE " + " AND ".join(f"[{name}] IS ?" for name in where)
    return clause, _to_sql(spec, where)


def _to_sql(spec: TableSpec, row: dict[str, Any]) -> list[Any]:
    kinds = {c.name: c.kind for c in spec.columns}
    values = []
    for name, value in row.items():
        if value is not None and kinds[name] == ColumnKind.JSON:
            value = canonical_json(value)
        elif isinstance(value, bool):
            value = int(value)
        values.append(value)
    return values


def _from_sql(spec: TableSpec, row: tuple[Any, ...]) -> dict[str, Any]:
    names, converters = _decoding.get(spec.name) or _decoding_of(spec)
    result = dict(zip(names, row, strict=True))
    # Most columns are stored as read; only JSON and true/false need turning back, and only when not NULL.
    for name, convert in converters:
        value = result[name]
        if value is not None:
            result[name] = convert(value)
    return result


# By table name: hashing a whole TableSpec for every row read cost more than decoding the row.
_decoding: dict[str, tuple[tuple[str, ...], tuple[tuple[str, Callable[[Any], Any]], ...]]] = {}


def _decoding_of(spec: TableSpec) -> tuple[tuple[str, ...], tuple[tuple[str, Callable[[Any], Any]], ...]]:
    converters: list[tuple[str, Callable[[Any], Any]]] = []
    for column in spec.columns:
        if column.kind == ColumnKind.JSON:
            converters.append((column.name, json.loads))
        elif column.kind == ColumnKind.BOOL:
            converters.append((column.name, bool))
    _decoding[spec.name] = plan = (spec.column_names, tuple(converters))
    return plan


def _explain(error: sqlite3.OperationalError, path: Path) -> StoreError:
    text = str(error)
    if "readonly" in text or "read-only" in text:
        return DatabaseReadOnly(
            f"{path} is read-only for this user: nothing was saved. Check the file's permissions or use a copy"
        )
    if "locked" in text or "busy" in text:
        return DatabaseBusy(f"{path} is locked by another program: nothing was saved. Try again in a moment")
    if "disk I/O" in text or "full" in text:
        return StoreError(f"{path}: the disk failed or is full ({text}); nothing was saved. Free space or move it")
    return StoreError(f"{path}: {text}")
