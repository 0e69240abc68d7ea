"""What a failed write or read of the store means for the client: faults of the machine, not bugs.

A full disk is 507 (nothing was written: the transaction rolled back, so nothing acknowledged is lost);
a read-only disk or a database that cannot be reached is 503 with Retry-After. Both in the common error
shape, never `500 internal_error`. PostgreSQL says which by SQLSTATE; SQLite and the OS by message/errno.
"""

from __future__ import annotations

import errno
import sqlite3

from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from service.errors import AppError, InsufficientStorage, StoreUnavailable

RETRY_AFTER = {"Retry-After": "5"}
# PostgreSQL SQLSTATE classes: 53 insufficient resources (53100 disk full), 08 connection exception,
# 57P admin shutdown / crash shutdown / cannot connect now, 25006 read-only transaction.
_PG_DISK_FULL = {"53100"}
_PG_UNAVAILABLE_PREFIXES = ("08", "57P")
_PG_READ_ONLY = {"25006"}


def _full() -> InsufficientStorage:
    return InsufficientStorage("the disk under the store is full; nothing was saved")


def _read_only() -> StoreUnavailable:
    return StoreUnavailable("the store is read-only at the moment; nothing was saved, please try again later",
                            headers=RETRY_AFTER)


def _unreachable() -> StoreUnavailable:
    return StoreUnavailable("the database cannot be reached; please try again shortly", headers=RETRY_AFTER)


def store_fault(exc: BaseException) -> AppError | None:
    """The client-facing error for a fault of the disk or the database, or None for anything else."""
    if isinstance(exc, PoolTimeout | DisconnectionError):
        return _unreachable()
    if isinstance(exc, DBAPIError):
        original = exc.orig
        sqlstate = getattr(original, "sqlstate", None) or ""
        if sqlstate in _PG_DISK_FULL:
            return _full()
        if sqlstate in _PG_READ_ONLY:
            return _read_only()
        if sqlstate.startswith(_PG_UNAVAILABLE_PREFIXES) or exc.connection_invalidated:
            return _unreachable()
        if isinstance(original, sqlite3.Error):
            return _sqlite_fault(original)
        if sqlstate == "" and type(original).__name__ == "OperationalError":  # psycopg: connection lost
            return _unreachable()
        return None
    if isinstance(exc, sqlite3.Error):
        return _sqlite_fault(exc)
    if isinstance(exc, OSError):
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return _full()
        if exc.errno == errno.EROFS:
            return _read_only()
    return None


def _sqlite_fault(exc: sqlite3.Error) -> AppError | None:
    message = str(exc).lower()
    if "disk is full" in message or "disk i/o error" in message and _disk_full_hint(exc):
        return _full()
    if "readonly" in message or "read-only" in message:
        return _read_only()
    if "unable to open database" in message or "disk i/o error" in message:
        return _unreachable()
    return None


def _disk_full_hint(exc: sqlite3.Error) -> bool:
    return getattr(exc, "sqlite_errorname", "") == "SQLITE_FULL"
