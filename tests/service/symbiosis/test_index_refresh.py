"""The match index is derived from the store and follows it: new, changed, unpublished, deleted practices."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import cast

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from service.practices import service as practices
from service.practices.schemas import PracticeCreate
from tests.service.symbiosis.data import client_over, fixture_records

NEW = {"id": "sx-new-maltings", "title": "Maltings takes in spent grain for malt extract",
       "summary": "A maltings dries spent grain from two breweries and extracts a malt syrup from it for bakeries.",
       "country": "BE", "sectors": ["food-beverages"], "impacts": ["material-efficiency"],
       "key_areas": ["industrial-symbiosis"], "inputs": ["spent grain"], "annual_savings_eur": 1}


@pytest.fixture
def client(tmp_path: Path, store_url: str) -> Iterator[TestClient]:
    """On SQLite and on PostgreSQL: the index reads JSON columns, whose SQL differs between the two."""
    with client_over(fixture_records(), tmp_path, database_url=store_url) as client:
        yield client


def taker_ids(client: TestClient) -> set[str]:
    response = client.get("/api/symbiosis/matches", params={"output": "spent grain"})
    return {m["id"] for m in response.json()["matches"]}


def test_the_index_follows_the_store(client: TestClient) -> None:
    state = cast(FastAPI, client.app).state
    sessions = state.sessions
    cache = state.symbiosis
    assert taker_ids(client) == {"sx-dairy-farm-feed", "sx-bakery-grain-bread"}
    builds = cache.builds
    taker_ids(client)
    assert cache.builds == builds, "an unchanged store reuses the index"

    with sessions.begin() as session:
        practices.upsert(session, record=PracticeCreate.model_validate(NEW))
    assert "sx-new-maltings" in taker_ids(client)

    with sessions.begin() as session:
        practices.upsert(session, record=PracticeCreate.model_validate({**NEW, "inputs": ["whey"]}))
    assert "sx-new-maltings" not in taker_ids(client)

    with sessions.begin() as session:
        practices.set_status(session, practice_id="sx-dairy-farm-feed", status="unpublished")
    assert taker_ids(client) == {"sx-bakery-grain-bread"}

    with sessions.begin() as session:
        practices.delete(session, practice_id="sx-bakery-grain-bread")
    assert taker_ids(client) == set()
