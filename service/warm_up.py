"""Warm-up: the service asks itself for one of each kind of page before it takes traffic.

The first search, search page and practice page of a process cost 10–60 times a warm one (templates
compiled, the index's pages and the store's statements read and prepared for the first time: 70, 175
and 410 ms on the seed data against 4, 9 and 30 ms). A burst that meets a cold process pays that on
every request it lets in at once, and what should have been a fast answer becomes a queue. So start-up
pays it once, through the app itself (no socket), before the first real request.
"""

from __future__ import annotations

import logging

import httpx
from starlette.types import ASGIApp

log = logging.getLogger(__name__)

# One of each kind of page the service serves most; a practice's pages follow from the first search hit.
WARM_PATHS = ("/", "/search?q=energy", "/api/search?q=energy", "/api/health", "/embed?q=energy")


async def warm_up(app: ASGIApp) -> None:
    """Request each kind of page once; failures are logged, never raised (the service starts anyway)."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://warm-up") as client:
        try:
            for path in WARM_PATHS:
                await client.get(path)
            hits = (await client.get("/api/search", params={"limit": 1})).json().get("hits") or []
            if hits:
                await client.get(f"/api/practices/{hits[0]['id']}")
                await client.get(f"/practices/{hits[0]['id']}")
        except Exception as exc:  # noqa: BLE001 - a failed warm-up only means a slower first request
            log.warning("warm-up request failed: %s", exc)
