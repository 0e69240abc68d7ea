"""Typed settings, read from the environment (prefix GTS_) and from command-line flags."""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent
SEED_DIR = REPO_ROOT / "seed"

DEFAULT_MEILI_KEYS = {"", "masterKey", "MASTER_KEY", "changeme"}


def usable_cores() -> int:
    """Cores this process may run on (a container's CPU set, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def default_worker_threads() -> int:
    return max(2, min(32, 4 * usable_cores()))


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GTS_", extra="ignore")

    env: Literal["development", "test", "production"] = "development"
    data_dir: Path = Field(default=Path("data"), description="Holds the SQLite store and the embedded index.")
    database_url: str | None = Field(default=None, description="SQLAlchemy URL; default: SQLite in data_dir.")
    seed_dir: Path = SEED_DIR

    search_backend: Literal["sqlite", "meilisearch"] = "sqlite"
    meili_url: str | None = None
    meili_key: str = ""
    meili_index: str = "practices"
    meili_timeout_s: float = 2.0
    meili_task_timeout_s: float = 60.0
    # Keep the embedded index up to date as well, and answer from it when Meilisearch is down.
    meili_fallback_to_sqlite: bool = False

    admin_token: str = ""
    # Submissions per client IP in a sliding window ("N/second|minute|hour|day"); counted in the store,
    # shared by every worker process.
    submission_rate: str = Field(default="10/minute", pattern=r"^[1-9][0-9]{0,6}/(second|minute|hour|day)$")
    # Largest request body accepted, counted as it streams in (413 beyond it).
    max_request_bytes: int = Field(default=1_048_576, ge=1024)
    # Threads that run blocking route code (store queries, templates) in one process. The store's connection
    # pool is sized from it (service.db.pool_size_for), so a burst can never starve itself of connections.
    # Default: 4 per core the process may use (8 on 2 cores, at most 32). More threads do not add
    # capacity (the GIL runs one at a time) but take the event loop's share of it, and the loop is what
    # answers searches and refuses what cannot be served.
    worker_threads: int = Field(default_factory=default_worker_threads, ge=2, le=512)
    # How long, counted from its arrival, a request may wait for a turn at the store
    # (service.deps.store_turn) before a 503 with Retry-After: never queued for half a minute.
    store_wait_s: float = Field(default=1.0, gt=0, le=30)
    # Admission control (service.security.admission): a request that waited longer than this in the server's queue
    # before the app saw it is refused with a fast 503 + Retry-After. Searches get the longer budget.
    search_queue_s: float = Field(default=0.8, gt=0, le=30)
    other_queue_s: float = Field(default=0.5, gt=0, le=30)
    # Reads and searches let in at once (holding a turn or waiting for one); past it, a burst's newcomers
    # are refused at the socket with a fast 503. About what one process serves within a budget above.
    max_in_flight: int = Field(default=128, ge=1, le=100_000)
    # A client must send its whole request (line, headers, body) within this long after it began; slower
    # clients are cut off (408 if the headers never finished), so they cannot hold connections for ever.
    request_read_timeout_s: float = Field(default=10.0, gt=0, le=300)
    # Largest request line plus headers (431 in the common shape beyond it).
    max_head_bytes: int = Field(default=16 * 1024, ge=1024, le=1024 * 1024)
    # Reverse proxies whose X-Forwarded-For is believed (comma-separated addresses or networks, e.g.
    # "10.0.0.5,172.18.0.0/16"); empty: the header is ignored and the client is the TCP peer.
    trusted_proxies: str = ""
    # Connections the kernel queues before the service accepts them (uvicorn --backlog).
    backlog: int = Field(default=2048, ge=16, le=65535)
    host: str = "127.0.0.1"
    port: int = 8000
    # How often the search index is checked (missing, damaged, empty over a non-empty store) and, if it
    # needs it, rebuilt from the store (service.search.healing).
    index_check_interval_s: float = Field(default=5.0, gt=0, le=3600)
    # Ask the app for one of each kind of page before serving (service.warm_up): a burst that meets a
    # fresh process then finds it warm. The tests turn it off for the apps they make by the hundred.
    warm_up_at_start: bool = True
    # How long start-up waits for the first check (and its rebuild) before serving anyway.
    startup_index_wait_s: float = Field(default=30.0, ge=0, le=3600)
    # /api/health reports the outbox as backed up when a change has waited longer than this.
    outbox_alarm_s: float = Field(default=300.0, gt=0)
    # How often the service pushes pending outbox rows to the search backend.
    sync_interval_s: float = 2.0

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Settings:
        if self.env == "production":
            if not self.admin_token or len(self.admin_token) < 16:
                raise ValueError("GTS_ADMIN_TOKEN must be set (16+ characters) outside development")
            if self.search_backend == "meilisearch" and self.meili_key in DEFAULT_MEILI_KEYS:
                raise ValueError("GTS_MEILI_KEY must be set to a real key outside development")
        if self.search_backend == "meilisearch" and not self.meili_url:
            raise ValueError("GTS_MEILI_URL is required when GTS_SEARCH_BACKEND=meilisearch")
        return self

    @cached_property
    def store_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.data_dir / 'store.sqlite3').resolve()}"

    @property
    def index_path(self) -> Path:
        return self.data_dir / "search.sqlite3"
