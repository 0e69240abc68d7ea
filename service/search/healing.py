"""The search index heals itself: a missing, damaged or empty index is rebuilt from the store.

The index is derived data, so whatever happened to it (a file deleted or overwritten by an operator's
mistake, a disk error, a rebuild killed half-way) the cure is the same: rebuild it from the store. A
check runs at start-up and then every `index_check_interval_s`, in a thread; it looks at the index file
(the embedded backend's `damage()`) and at whether the index is empty while the store has published
practices. Meanwhile searches answer 503 with Retry-After and /api/health says what is wrong.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from service.db import session_scope
from service.practices import service as practices
from service.search import indexing
from service.search.backend import SearchBackend
from service.taxonomy import Taxonomy

log = logging.getLogger(__name__)


@dataclass
class IndexCondition:
    """What the last check found; /api/health reports it."""

    problem: str | None = None
    rebuilding: bool = False
    last_rebuild: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"problem": self.problem, "rebuilding": self.rebuilding, **self.last_rebuild}


def _store_has_practices(factory: sessionmaker[Session]) -> bool:
    with session_scope(factory) as session:
        return practices.has_published(session)


def diagnose(backend: SearchBackend, factory: sessionmaker[Session]) -> str | None:
    """What needs a rebuild, or None. A backend that is merely unreachable (Meilisearch down) is not
    rebuilt: its health says so, and the outbox catches up when it is back."""
    damage = getattr(backend, "damage", None)
    if damage is not None and (problem := damage()):
        return problem
    try:
        empty = backend.count() == 0
    except Exception:  # noqa: BLE001 - unreachable, not damaged
        return None
    if empty and _store_has_practices(factory):
        return "the index is empty while the store has published practices"
    return None


def check_and_heal(backend: SearchBackend, factory: sessionmaker[Session], taxonomy: Taxonomy,
                   condition: IndexCondition) -> None:
    """One round: diagnose, and rebuild from the store if needed. Runs in a thread."""
    problem = diagnose(backend, factory)
    condition.problem = problem
    if problem is None:
        return
    log.warning("search index: %s; rebuilding it from the store", problem)
    condition.rebuilding = True
    started = time.monotonic()
    try:
        count = indexing.rebuild(factory, backend, taxonomy)
    except Exception as exc:  # noqa: BLE001 - tried again at the next check
        log.error("search index rebuild failed: %s", exc)
        condition.last_rebuild = {"last_rebuild_error": str(exc)[:200]}
        return
    finally:
        condition.rebuilding = False
    condition.problem = diagnose(backend, factory)
    condition.last_rebuild = {"last_rebuild_documents": count,
                              "last_rebuild_s": round(time.monotonic() - started, 2)}
    log.info("search index rebuilt from the store: %d documents in %.1f s", count, time.monotonic() - started)
