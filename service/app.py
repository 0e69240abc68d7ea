"""The app factory: create_app(settings) builds the service; nothing connects at import time."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from service.admin.router import router as admin_router
from service.db import make_engine, make_sessionmaker, migrate, pool_size_for
from service.error_handlers import install_error_handlers
from service.openapi import install_openapi
from service.pages.i18n import LocaleMiddleware
from service.pages.render import error_page
from service.pages.router import router as pages_router
from service.practices.router import router as practices_router
from service.search import healing, sqlite_index, sync
from service.search.factory import make_backend
from service.search.router import router as search_router
from service.security.admission import FRONT_DOOR, LOOP_WATCH, Admission, Lane, Lanes, StampedHttpProtocol
from service.security.body_limit import BodySizeLimit
from service.security.headers import SecurityHeaders
from service.settings import REPO_ROOT, Settings
from service.submissions.router import router as submissions_router
from service.symbiosis.router import router as symbiosis_router
from service.system.router import SWAGGER_UI_URL, swagger_ui_dir
from service.system.router import router as system_router
from service.taxonomy import load_taxonomy
from service.toolkit.router import router as toolkit_router
from service.updates import sync as item_sync
from service.updates.pages import router as item_submissions_router
from service.updates.router import router as updates_router
from service.warm_up import warm_up

log = logging.getLogger(__name__)
STATIC_DIR = REPO_ROOT / "frontend" / "static"


async def _sync_loop(app: FastAPI) -> None:
    """Push queued practice changes to the search backend; a failure waits and tries again."""
    state = app.state
    while not state.stopping:
        # asyncio.timeout, not wait_for: on Python 3.11 wait_for can swallow a cancellation that arrives
        # just as the event is set, and the loop would then run on after shutdown asked it to stop.
        try:
            async with asyncio.timeout(state.settings.sync_interval_s):
                await state.sync_wanted.wait()
        except TimeoutError:
            pass
        if state.stopping:
            return
        state.sync_wanted.clear()
        # Shielded and kept on state: at shutdown the lifespan waits for a sync that is under way, so its
        # thread never writes through an engine that has already been disposed.
        state.sync_job = asyncio.ensure_future(asyncio.to_thread(_sync_outboxes, state))
        try:
            await asyncio.shield(state.sync_job)
        except Exception as exc:  # noqa: BLE001 - the backend is down: keep the entries, retry later
            log.warning("outbox sync deferred: %s", exc)


def _sync_outboxes(state) -> None:  # type: ignore[no-untyped-def]
    """Practices' outbox, then the items' (news, events, calls); a failing one does not hold up the other."""
    try:
        sync.sync(state.sessions, state.search, state.taxonomy)
    finally:
        item_sync.sync(state.sessions, state.item_index)


async def _heal_loop(app: FastAPI) -> None:
    """Check the search index now and every `index_check_interval_s`; rebuild it when it needs it."""
    state = app.state
    while not state.stopping:
        state.heal_job = asyncio.ensure_future(asyncio.to_thread(
            healing.check_and_heal, state.search, state.sessions, state.taxonomy, state.index_condition))
        try:
            await asyncio.shield(state.heal_job)
        except Exception as exc:  # noqa: BLE001 - e.g. the store is down: try again at the next check
            log.warning("search index check failed: %s", exc)
        state.first_check_done.set()
        await asyncio.sleep(state.settings.index_check_interval_s)


def _remove_leftover_builds(app: FastAPI) -> None:
    """Half-built index files of a killed rebuild are removed at start-up."""
    path = app.state.settings.index_path
    with sqlite_index.write_lock(path):
        for leftover in sqlite_index.remove_leftovers(path):
            log.info("removed the leftover of a killed index rebuild: %s", leftover.name)


def _fill_empty_item_index(app: FastAPI) -> None:
    try:
        if count := item_sync.fill_if_empty(app.state.sessions, app.state.item_index):
            log.info("items index was empty; rebuilt it from the store: %d documents", count)
    except Exception as exc:  # noqa: BLE001 - the service starts anyway
        log.warning("could not check or rebuild the items index at start-up: %s", exc)


def _freeze_long_lived() -> None:
    """Move what start-up loaded (modules, templates, taxonomy, the index's vocabulary) out of the cyclic
    collector's sight: a full collection walked it all, a 75 ms pause that was the whole p99 of a loaded
    search page. Once per process: frozen objects are never collected, so apps created again and again
    in one process (the tests) must not each freeze their own garbage."""
    if gc.get_freeze_count() == 0:
        gc.freeze()


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    # The thread pool that runs blocking route code and the store's connection pool are sized together.
    anyio.to_thread.current_default_thread_limiter().total_tokens = settings.worker_threads
    engine = make_engine(settings.store_url, pool_size=pool_size_for(settings.worker_threads))
    migrate(engine)
    app.state.engine = engine
    app.state.sessions = make_sessionmaker(engine)
    app.state.store_lane = Lane(settings.worker_threads)
    # One writer at a time where the store itself admits only one (service.deps.store_turn).
    app.state.writer_lane = Lane(1) if engine.dialect.name == "sqlite" else None
    app.state.search = make_backend(settings)
    app.state.item_index = item_sync.make_item_index(settings)
    await asyncio.to_thread(_remove_leftover_builds, app)
    await asyncio.to_thread(_fill_empty_item_index, app)
    app.state.sync_wanted = asyncio.Event()
    app.state.stopping = False
    app.state.index_condition = healing.IndexCondition()
    app.state.first_check_done = asyncio.Event()
    heal_task = asyncio.create_task(_heal_loop(app))
    # A small store is rebuilt before the first request; a large one in the background, while searches
    # answer 503 with Retry-After and health says so.
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(settings.startup_index_wait_s):
            await app.state.first_check_done.wait()
    if settings.warm_up_at_start:
        await warm_up(app)
    _freeze_long_lived()
    task = asyncio.create_task(_sync_loop(app))
    LOOP_WATCH.start()
    FRONT_DOOR.lanes = app.state.lanes
    try:
        yield
    finally:
        # The flag ends the loop even if a cancellation were lost; the event wakes it at once.
        LOOP_WATCH.stop()
        FRONT_DOOR.lanes = None
        app.state.stopping = True
        app.state.sync_wanted.set()
        for background in (task, heal_task):
            background.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await background
        for name in ("sync_job", "heal_job"):
            if (job := getattr(app.state, name, None)) is not None:
                with contextlib.suppress(Exception):
                    await job
        app.state.search.close()
        app.state.item_index.close()
        engine.dispose()


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    # docs_url=None: /docs is served by service.system.router with Swagger UI's files from this service.
    app = FastAPI(title="Green Transition Good Practices", version="0.1.0", lifespan=lifespan,
                  description="Search, submit and connect green transition good practices.",
                  docs_url=None, redoc_url=None)
    app.state.settings = settings
    # The HTTP protocol is one per process; its limits come from the settings of the app it serves.
    StampedHttpProtocol.configure(read_timeout_s=settings.request_read_timeout_s,
                                  max_head_bytes=settings.max_head_bytes)
    app.state.taxonomy = load_taxonomy(settings.seed_dir)
    install_error_handlers(app, html_renderer=error_page)
    install_openapi(app, app.state.taxonomy)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_request_bytes)
    app.add_middleware(SecurityHeaders)
    # The pages' language (?lang= or Accept-Language), set once per request for templates and view models.
    app.add_middleware(LocaleMiddleware)
    # Added last, so it runs first: a request that waited too long is refused before anything else.
    # The embedded index searches on the event loop, one at a time anyway; a network backend in threads.
    search_turns = 1 if settings.search_backend == "sqlite" else settings.worker_threads
    app.state.lanes = Lanes(search_queue_s=settings.search_queue_s, other_queue_s=settings.other_queue_s,
                            search_turns=search_turns, read_turns=settings.worker_threads,
                            max_in_flight=settings.max_in_flight)
    app.add_middleware(Admission, lanes=app.state.lanes)
    for router in (search_router, practices_router, system_router, submissions_router, admin_router,
                   toolkit_router, symbiosis_router, updates_router, item_submissions_router, pages_router):
        app.include_router(router)
    # Mounted before /static, which would otherwise claim its paths.
    app.mount(SWAGGER_UI_URL, StaticFiles(directory=str(swagger_ui_dir())), name="swagger-ui")
    if STATIC_DIR.is_dir():
        app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app
