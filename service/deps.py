"""Request dependencies as Annotated aliases; handlers declare them and never build clients."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

import anyio
from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session

from service.search.backend import SearchBackend
from service.security.admission import deadline
from service.settings import Settings
from service.taxonomy import Taxonomy

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@asynccontextmanager
async def store_turn(request: Request) -> AsyncIterator[None]:
    """Wait on the event loop, briefly, for one of the store's turns; past the wait, a fast 503.

    A request that uses the store keeps its connection across several thread-pool hops (the route, then
    the commit). If requests could take connections without limit, threads waiting for a connection
    could fill the thread pool while the requests holding connections wait for a thread to commit:
    nothing would move until the pool's timeout (the 60-second stall a burst of 100 requests caused).
    Turns are counted here, off the thread pool, and there are no more of them than threads and pooled
    connections, so every request that has a turn can always finish.
    """
    state = request.app.state
    # The wait ends at a deadline counted from the request's arrival (service.security.admission): time spent in
    # the server's queue is time the client has already waited.
    due = deadline(request.scope, state.settings.store_wait_s)
    if request.method in READ_METHODS or state.writer_lane is None:
        async with state.store_lane.turn(due):
            yield
        return
    # SQLite lets one writer in at a time; writers that meet in the file wait in its busy handler, sleeping
    # up to 100 ms a try while holding their store turns, and the reads behind them starve. So writes take
    # the writers' turn first, here on the loop, then a store turn: one at a time, none of them sleeping.
    async with state.writer_lane.turn(due), state.store_lane.turn(due):
        yield


async def hold_store_turn(request: Request) -> AsyncIterator[None]:
    """For routes that open their own transaction in their thread (submissions): the same turn."""
    async with store_turn(request):
        yield


def _end_session(session: Session, *, commit: bool) -> None:
    try:
        if commit:
            session.commit()
        else:
            session.rollback()
    finally:
        session.close()


async def get_session(request: Request) -> AsyncIterator[Session]:
    """The one place requests commit: on success; on error everything rolls back."""
    async with store_turn(request):
        session = request.app.state.sessions()
        try:
            yield session
        except BaseException:
            # Shielded: a client that hangs up must not leave the connection checked out.
            with anyio.CancelScope(shield=True):
                await run_in_threadpool(_end_session, session, commit=False)
            raise
        await run_in_threadpool(_end_session, session, commit=True)


# The dependencies below only read app state: `async def` keeps them on the event loop. A plain `def`
# dependency costs a hop through the thread pool, and in a burst that pool is exactly what is scarce.
async def get_search(request: Request) -> SearchBackend:
    return request.app.state.search


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


async def get_taxonomy(request: Request) -> Taxonomy:
    return request.app.state.taxonomy


# scope="function": the commit happens before the response is sent, so a failed commit is an error
# response, never a 200 for a change that was lost.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
SearchDep = Annotated[SearchBackend, Depends(get_search)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
TaxonomyDep = Annotated[Taxonomy, Depends(get_taxonomy)]
# For routes that open their own transaction: `dependencies=[StoreTurn]`.
StoreTurn = Depends(hold_store_turn, scope="function")
