"""Faults opening or writing a database, each with what to do about it."""

from __future__ import annotations


class StoreError(Exception):
    """A database problem that a user can act on; the message says how."""


class NotAPolldayDatabase(StoreError):
    pass


class NewerDatabase(StoreError):
    pass


class DatabaseBusy(StoreError):
    pass


class DatabaseReadOnly(StoreError):
    pass
