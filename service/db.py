"""Engine, sessions and migrations for the store (SQLite by default, PostgreSQL in production)."""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from service.errors import AppError, InsufficientStorage, StoreUnavailable

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class Base(DeclarativeBase):
    pass


def utcnow() -> datetime:
    """Timestamps of every table: aware, in UTC."""
    return datetime.now(UTC)


# How long a request waits for a store connection before it is told the service is busy. The pool is sized
# so that every worker thread has a connection (see pool_size_for), so this wait only happens when
# something outside the request threads holds connections; it must stay far below a client's patience.
POOL_TIMEOUT_S = 2.0


def pool_size_for(worker_threads: int) -> int:
    """One connection per worker thread, plus a few for the outbox sync, start-up and health checks.

    A request holds its connection across several thread-pool hops (dependency set-up, the route, the
    commit). With fewer connections than threads, threads that wait for a connection can occupy every
    slot of the thread pool while the requests that hold connections wait for a slot to commit: nothing
    moves until the pool's timeout (the 60-second stall a burst of 100 requests caused).
    """
    return worker_threads + 4


def make_engine(url: str, *, pool_size: int = 8) -> Engine:
    pool = {"pool_size": pool_size, "max_overflow": 0, "pool_timeout": POOL_TIMEOUT_S}
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, **pool)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            # WAL lets the service read while the indexer writes; busy_timeout waits instead of failing.
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True, **pool)


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """Commit on success, roll back on error: the one place commands commit."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def migrate(engine: Engine) -> None:
    """Bring the store's schema to the newest Alembic revision."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine.dialect.name != "sqlite":
        with engine.begin() as connection:  # PostgreSQL's DDL is transactional
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
        return
    # Python's sqlite3 opens a transaction only before INSERT/UPDATE/DELETE, so CREATE TABLE ran in
    # autocommit: a migration killed half-way (kill -9 during a first import) left tables without their
    # alembic_version row, and the store could never be migrated again. Here the whole upgrade runs in
    # one explicit transaction, and commits whole or not at all.
    with engine.connect() as connection:
        raw = connection.connection.driver_connection
        assert raw is not None  # a live pooled connection
        previous = raw.isolation_level
        raw.isolation_level = None  # the driver begins and commits nothing by itself
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            connection.commit()
        except BaseException:
            connection.rollback()
            raise
        finally:
            raw.isolation_level = previous


# --- faults of the machine under the store ------------------------------------------------------------
# What a failed write or read of the store means for the client: a full disk is 507 (nothing was
# written: the transaction rolled back, so nothing acknowledged is lost); a read-only disk or a database
# that cannot be reached is 503 with Retry-After. Both in the common error shape, never
# `500 internal_error`. PostgreSQL says which by SQLSTATE; SQLite and the OS by message and errno.

STORE_RETRY_AFTER = {"Retry-After": "5"}
# PostgreSQL SQLSTATE classes: 53 insufficient resources (53100 disk full), 08 connection exception,
# 57P admin shutdown / crash shutdown / cannot connect now, 25006 read-only transaction.
_PG_DISK_FULL = {"53100"}
_PG_UNAVAILABLE_PREFIXES = ("08", "57P")
_PG_READ_ONLY = {"25006"}


def _full() -> InsufficientStorage:
    return InsufficientStorage("the disk under the store is full; nothing was saved")


def _read_only() -> StoreUnavailable:
    return StoreUnavailable("the store is read-only at the moment; nothing was saved, please try again later",
                            headers=STORE_RETRY_AFTER)


def _unreachable() -> StoreUnavailable:
    return StoreUnavailable("the database cannot be reached; please try again shortly", headers=STORE_RETRY_AFTER)


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
