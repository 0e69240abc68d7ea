"""The health report: each part the service needs, whether it is ok, and what is wrong if not.

`ok` is false, and /api/health answers 503 so that a load balancer takes the instance out, when the
store cannot be reached, the search backend is down or its index is missing, damaged or empty while
the store has practices, a change has waited in the outbox longer than `outbox_alarm_s`, or the data
directory is read-only or nearly full.
"""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select, text

from service.db import session_scope
from service.outbox.models import OutboxEntry
from service.search.backend import SearchBackend

# Below this much free space in the data directory, writes are about to fail.
MIN_FREE_BYTES = 16 * 1024 * 1024


def _store(state: Any) -> dict[str, Any]:
    try:
        with session_scope(state.sessions) as session:
            session.execute(text("SELECT 1"))
            pending, oldest = session.execute(
                select(func.count(), func.min(OutboxEntry.created_at)).where(OutboxEntry.done_at.is_(None))).one()
    except Exception as exc:  # noqa: BLE001 - unreachable, read-only, full: reported, never a 500
        return {"ok": False, "error": str(exc).splitlines()[0][:200]}
    waited = 0.0
    if oldest is not None:
        oldest = oldest if oldest.tzinfo else oldest.replace(tzinfo=UTC)  # SQLite gives naive UTC
        waited = (datetime.now(UTC) - oldest).total_seconds()
    return {"ok": True, "outbox_pending": pending, "outbox_oldest_s": round(waited, 1),
            "outbox_ok": waited <= state.settings.outbox_alarm_s}


def _search(state: Any, search: SearchBackend) -> dict[str, Any]:
    try:
        report = search.health()
    except Exception as exc:  # noqa: BLE001 - the service stays up when the search backend is down
        report = {"backend": getattr(search, "name", "?"), "ok": False, "error": str(exc)[:200]}
    condition = state.index_condition
    if condition.problem or condition.rebuilding:
        report = {**report, "ok": False, "problem": condition.problem, "rebuilding": condition.rebuilding}
    return {**report, **{k: v for k, v in condition.last_rebuild.items()}}


def _disk(path: os.PathLike[str] | str) -> dict[str, Any]:
    try:
        free = shutil.disk_usage(path).free
    except OSError as exc:
        return {"ok": False, "error": str(exc)[:200]}
    writable = os.access(path, os.W_OK)
    return {"ok": writable and free >= MIN_FREE_BYTES, "writable": writable, "free_mb": free // (1024 * 1024)}


def report(state: Any, search: SearchBackend) -> dict[str, Any]:
    store = _store(state)
    search_report = _search(state, search)
    disk = _disk(state.settings.data_dir)
    ok = bool(store["ok"] and store.get("outbox_ok") and search_report.get("ok") and disk["ok"])
    return {"ok": ok, "store": store, "search": search_report, "disk": disk,
            "outbox_pending": store.get("outbox_pending")}
