"""One index writer at a time, across threads and processes.

Two syncs running at once could push an older copy of a practice after a newer one (each reads the
practice's state at a different moment), and a sync running during a full rebuild could be lost in the
swap. So syncs and rebuilds take this lock: a PostgreSQL advisory lock when the store is PostgreSQL
(several service processes on several hosts), a lock file beside a SQLite store (one host).
"""

from __future__ import annotations

import fcntl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, text

ADVISORY_LOCK_KEY = 7_305_112_201  # any constant; names this project's index-writer lock
_in_process = threading.Lock()  # for SQLite in memory, which has no file to lock


@contextmanager
def index_writer(engine: Engine, *, wait: bool) -> Iterator[bool]:
    """Yield True when this caller holds the lock; with wait=False, False when someone else does."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            function = "pg_advisory_lock" if wait else "pg_try_advisory_lock"
            result = conn.execute(text(f"SELECT {function}(:key)"), {"key": ADVISORY_LOCK_KEY}).scalar()
            held = wait or bool(result)
            conn.commit()
            try:
                yield held
            finally:
                if held:
                    conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_LOCK_KEY})
                    conn.commit()
        return
    database = engine.url.database
    if not database or database == ":memory:":
        held = _in_process.acquire(blocking=wait)
        try:
            yield held
        finally:
            if held:
                _in_process.release()
        return
    with open(Path(database).with_name(Path(database).name + ".index-lock"), "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
